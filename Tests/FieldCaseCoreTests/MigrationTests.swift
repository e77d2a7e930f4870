import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// A device in the field may be at any shipped schema: upgrading one with data in it must keep the
/// promises the new schema makes.
struct MigrationTests {
    static let v3 = "v3 enrollment, pull cursor, central updates"

    /// A v3 database with one dossier: its creation synced, a status change sent and awaiting its answer.
    static func v3Database() throws -> DatabaseQueue {
        let queue = try DatabaseQueue()
        try Schema.migrator.migrate(queue, upTo: v3)
        try queue.write { db in
            try db.execute(
                sql: """
                    INSERT INTO profile VALUES (1, 'device-1', '02266', '02266', 1, 0);
                    INSERT INTO officers (id, name, role, created_at) VALUES (1, 'Nguyễn Thị Lan', 'supervisor', 0);
                    INSERT INTO cases (id, code, procedure_code, channel, applicant_name, id_type, id_number, date_of_birth,
                        gender, documents, fee, paid, received_at, due_at, status, officer_id, updated_at)
                    VALUES ('c1', '02266-250610-1001', '1.001193', 'in_person', 'Nguyễn Văn Đức', 'cccd', '001099012345',
                        '1999-03-04', 'male', '[]', 0, 0, 1749520800, 1749549600, 'processing', 1, 1749520800);
                    INSERT INTO case_events VALUES (1, 'e1', 'c1', 'case.created',
                        '{"code":"02266-250610-1001","procedure_code":"1.001193"}', 1, 1749520800);
                    INSERT INTO case_events VALUES (2, 'e2', 'c1', 'case.status_changed',
                        '{"from":"received","to":"processing","reason":null}', 1, 1749524400);
                    INSERT INTO outbox (seq, state, attempts, enqueued_at, updated_at) VALUES (1, 'synced', 1, 0, 0);
                    INSERT INTO outbox (seq, state, attempts, enqueued_at, updated_at) VALUES (2, 'pending', 1, 0, 0);
                    """)
        }
        return queue
    }

    @Test("v4 keeps the wire numbers items already went out under, and starts the audit trail with the events")
    func v3ToV4() throws {
        let queue = try Self.v3Database()
        let store = try FieldCaseStore(writer: queue, kdfCost: .insecureFast)
        let wire = try queue.read { db in try Row.fetchAll(db, sql: "SELECT seq, wire_seq FROM outbox ORDER BY seq") }
        #expect(wire.map { [$0["seq"] as Int64, $0["wire_seq"] as Int64] } == [[1, 1], [2, 2]])
        // The item in flight goes again under its old number: the gateway may already hold it.
        #expect(try store.pendingEvents(limit: 10).map(\.seq) == [2])
        #expect(try store.answeredThrough() == 1)

        let trail = try store.auditTrail()
        #expect(trail.map(\.action) == ["case.created", "case.status_changed"])
        #expect(trail.allSatisfy { $0.deviceID == "device-1" && $0.officerName == "Nguyễn Thị Lan" })
        func fields(_ text: String?) throws -> [String: String] {
            try JSONDecoder().decode([String: String].self, from: Data((text ?? "").utf8))
        }
        #expect(try fields(trail[0].after) == ["procedure": "1.001193", "status": "received"])
        #expect(try fields(trail[1].before) == ["status": "received"])
        #expect(try fields(trail[1].after) == ["status": "processing"])
        #expect(trail.map(\.at.epochSeconds) == [1_749_520_800, 1_749_524_400])

        // The next change is numbered after every number already used.
        try queue.write { db in try FieldCaseStore.replaceCatalog(db, with: Catalog.embedded()) }
        let officer = try store.resolveOfficer(named: nil)
        // A supervisor without a PIN gives one at the first sign-in, which seals the home (KeyTests has more).
        _ = try store.signIn(officer, pin: "246810", now: LocalTime(epochSeconds: 1_749_528_000))
        _ = try store.changeStatus(
            code: "02266-250610-1001", to: .resolved, reason: nil, by: officer,
            now: LocalTime(epochSeconds: 1_749_528_000))
        #expect(try store.pendingEvents(limit: 10).map(\.seq) == [2, 3])
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("Held items get no wire number; released, they are numbered after the items sent meanwhile")
    func heldItemsLeaveNoGap() throws {
        let fixture = try StoreFixture()
        let store = fixture.store
        let intake = try StoreFixture.intake().validated(catalog: fixture.catalog, now: StoreFixture.now)
        let first = try store.addCase(intake, by: fixture.officer, now: StoreFixture.now)
        let second = try store.addCase(intake, by: fixture.officer, now: StoreFixture.now)
        _ = try store.hold(first.code, reason: "check the ID", by: fixture.officer, now: StoreFixture.now)
        #expect(try store.pendingEvents(limit: 10).map(\.caseCode) == [second.code])
        #expect(try store.pendingEvents(limit: 10).map(\.seq) == [1])
        _ = try store.release(first.code, by: fixture.officer, now: StoreFixture.now)
        let events = try store.pendingEvents(limit: 10)
        #expect(events.map(\.seq) == [1, 2])
        #expect(events.map(\.caseCode) == [second.code, first.code])
        #expect(throws: StoreError.alreadySent(item: 1)) {
            try store.hold(first.code, reason: nil, by: fixture.officer, now: StoreFixture.now)
        }
    }

    @Test("v9 keeps an enrolled desk's outbox and adds bundles, whose ranges and hashes SQLite checks")
    func v9Bundles() throws {
        let queue = try Self.v3Database()
        try Schema.migrator.migrate(queue, upTo: "v8 enumerated columns checked by SQLite")
        try queue.write { db in
            try db.execute(
                sql:
                    "INSERT INTO sync_config (id, central_url, central_device_id, device_token, enrolled_at) VALUES (1, 'https://c', 'd1', '', 0)"
            )
        }
        let outbox = "SELECT * FROM outbox ORDER BY seq"
        let before = try queue.read { db in try Row.fetchAll(db, sql: outbox) }
        try Schema.migrator.migrate(queue)
        #expect(try queue.read { db in try Row.fetchAll(db, sql: outbox) } == before)
        #expect(
            try queue.read { db in try Row.fetchOne(db, sql: "SELECT bundle_keys_sealed, reply_key FROM sync_config") }
                == ["bundle_keys_sealed": nil, "reply_key": nil])
        let insert =
            "INSERT INTO bundles (sha256, file_name, device_id, first_seq, last_seq, items, exported_at, officer_id) VALUES "
        try queue.write { db in
            try db.execute(sql: insert + "('\(String(repeating: "a", count: 64))', 'f', 'd1', 1, 2, 2, 0, 1)")
        }
        for bad in [
            "('short', 'f', 'd1', 1, 2, 2, 0, 1)", "('\(String(repeating: "b", count: 64))', 'f', 'd1', 3, 2, 2, 0, 1)",
            "('\(String(repeating: "c", count: 64))', 'f', 'd1', NULL, 2, 2, 0, 1)",
            "('\(String(repeating: "d", count: 64))', 'f', 'd1', 1, 2, -1, 0, 1)",
        ] {
            #expect(throws: DatabaseError.self, "\(bad)") {
                try queue.write { db in try db.execute(sql: insert + bad) }
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE sync_config SET reply_key = x'00'") }
        }
    }

    @Test("v8 keeps every dossier and event as it was, and SQLite then refuses values no version writes")
    func v8ChecksEnumeratedColumns() throws {
        let queue = try Self.v3Database()
        try Schema.migrator.migrate(queue, upTo: "v7 personal data sealed, key wraps, blind index, chained audit trail")
        let dump = "SELECT * FROM cases ORDER BY id"
        let events = "SELECT seq, event_id, case_id, kind, payload, officer_id, occurred_at, sealed FROM case_events"
        let before = try queue.read { db in (try Row.fetchAll(db, sql: dump), try Row.fetchAll(db, sql: events)) }
        try Schema.migrator.migrate(queue, upTo: "v8 enumerated columns checked by SQLite")
        let after = try queue.read { db in (try Row.fetchAll(db, sql: dump), try Row.fetchAll(db, sql: events)) }
        try Schema.migrator.migrate(queue)
        #expect(after.0 == before.0)
        #expect(after.1 == before.1)
        #expect(try queue.read { db in try Row.fetchAll(db, sql: "PRAGMA foreign_key_check") }.isEmpty)

        for (column, value) in [
            ("status", "'bogus'"), ("channel", "'fax'"), ("id_type", "'card'"), ("gender", "'x'"), ("paid", "2"),
            ("fee", "-1"), ("central_status", "'maybe'"),
        ] {
            #expect(throws: DatabaseError.self, "cases.\(column) = \(value)") {
                try queue.write { db in try db.execute(sql: "UPDATE cases SET \(column) = \(value)") }
            }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in
                try db.execute(
                    sql: "INSERT INTO case_events VALUES (3, 'e3', 'c1', 'case.deleted', '{}', 1, 0, NULL)")
            }
        }
        // The events stay append-only after their table was rebuilt.
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "UPDATE case_events SET payload = '{}' WHERE seq = 1") }
        }
        #expect(throws: DatabaseError.self) {
            try queue.write { db in try db.execute(sql: "DELETE FROM case_events WHERE seq = 1") }
        }
    }

    @Test(
        "v8 on a damaged home names the first row and column its checks refuse, and changes nothing",
        arguments: [("status", "'bogus'"), ("documents", "'not json'"), ("paid", "2"), ("due_at", "'soon'")])
    func v8NamesDamagedRow(column: String, value: String) throws {
        let queue = try Self.v3Database()
        try Schema.migrator.migrate(queue, upTo: "v7 personal data sealed, key wraps, blind index, chained audit trail")
        try queue.write { db in try db.execute(sql: "UPDATE cases SET \(column) = \(value)") }
        #expect(throws: CorruptRow(table: "cases", key: "02266-250610-1001", column: column)) {
            try Schema.migrator.migrate(queue)
        }
        let applied = try queue.read { db in try Schema.migrator.appliedIdentifiers(db) }
        #expect(!applied.contains("v8 enumerated columns checked by SQLite"), "the home stays at v7")
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") } == 1)
    }
}
