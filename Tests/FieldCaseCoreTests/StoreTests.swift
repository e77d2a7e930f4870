import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// A store set up for commune 02266, terminal 2, with one supervisor.
struct StoreFixture {
    let store: FieldCaseStore
    let officer: Officer
    let catalog: Catalog
    static let now = LocalTime(iso8601: "2025-06-10T09:00")!

    static let pin = "246810"

    init(store: FieldCaseStore? = nil) throws {
        // Thousands of wraps across the suite; the real cost has its own test (KeyTests).
        let store = try store ?? FieldCaseStore.inMemory(kdfCost: .insecureFast)
        catalog = try Catalog.embedded()
        _ = try store.initialize(
            Setup(communeCode: "02266", terminal: 2, unitCode: nil, officerName: "Lò Văn Pằng", pin: Self.pin),
            catalog: catalog, now: Self.now)
        self.store = store
        officer = try store.resolveOfficer(named: nil)
    }

    static func intake(name: String = "Nguyễn Văn Đức", received: String? = "2025-06-10T09:00") -> CaseIntake {
        var intake = CaseIntake(
            procedureCode: "1.004859", name: name, idNumber: "001099012345", dateOfBirth: "1999-03-04", gender: .male)
        intake.receivedAt = received
        intake.details["phone"] = "+84912345678"
        intake.documents = ["Tờ khai:1:0", "Giấy tờ tùy thân:0:1"]
        return intake
    }

    @discardableResult
    func add(_ intake: CaseIntake = StoreFixture.intake()) throws -> CaseRecord {
        try store.addCase(try intake.validated(catalog: catalog, now: Self.now), by: officer, now: Self.now)
    }
}

struct StoreTests {
    @Test("A new case is stored with its event and outbox row, its code and its due date")
    func addCase() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        #expect(record.code == "02266-250610-2001")
        #expect(record.status == .received)
        #expect(record.dueAt == LocalTime(iso8601: "2025-06-13T09:00"))
        #expect(record.applicant[.phone] == "0912345678")
        #expect(record.syncState == .pending)
        let events = try fixture.store.events(ofCase: record.id)
        #expect(events.map(\.seq) == [1])
        #expect(events.first?.kind == "case.created")
        let payload = try JSONDecoder().decode(CaseCreatedPayload.self, from: Data(events[0].payload.utf8))
        #expect(payload.code == record.code)
        #expect(payload.applicant.name == "Nguyễn Văn Đức")
    }

    @Test("Codes and event sequence numbers follow on without gaps")
    func sequences() throws {
        let fixture = try StoreFixture()
        let first = try fixture.add()
        let second = try fixture.add(StoreFixture.intake(name: "Trần Thị Hoa"))
        _ = try fixture.store.changeStatus(
            code: first.code, to: .processing, reason: nil, by: fixture.officer, now: StoreFixture.now)
        #expect(second.code == "02266-250610-2002")
        let seqs = try fixture.store.read { db in try Int64.fetchAll(db, sql: "SELECT seq FROM outbox ORDER BY seq") }
        #expect(seqs == [1, 2, 3])
    }

    @Test("A refused transition writes nothing")
    func refusedTransitionWritesNothing() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        #expect(throws: DomainError.self) {
            try fixture.store.changeStatus(
                code: record.code, to: .returned, reason: nil, by: fixture.officer, now: StoreFixture.now)
        }
        #expect(try fixture.store.events(ofCase: record.id).count == 1)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .received)
    }

    @Test("A supplement pause moves the stored due date by the office time it lasted")
    func supplementPause() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let store = fixture.store
        let officer = fixture.officer
        _ = try store.changeStatus(code: record.code, to: .processing, reason: nil, by: officer, now: StoreFixture.now)
        let paused = try store.changeStatus(
            code: record.code, to: .supplementRequested, reason: "thiếu bản sao", by: officer,
            now: LocalTime(iso8601: "2025-06-11T08:00")!)
        #expect(paused.pausedSince == LocalTime(iso8601: "2025-06-11T08:00"))
        let resumed = try store.changeStatus(
            code: record.code, to: .processing, reason: nil, by: officer, now: LocalTime(iso8601: "2025-06-12T08:00")!)
        #expect(resumed.pausedSince == nil)
        #expect(resumed.dueAt == LocalTime(iso8601: "2025-06-16T09:00"))
        let resolved = try store.changeStatus(
            code: record.code, to: .resolved, reason: nil, by: officer, now: LocalTime(iso8601: "2025-06-13T10:00")!)
        #expect(
            resolved.timeliness(calendar: fixture.catalog.calendar, now: LocalTime(iso8601: "2025-06-20T10:00")!)
                == .early)
    }

    @Test("Events are append-only and outbox rows are never deleted, whatever SQL is tried")
    func appendOnly() throws {
        let fixture = try StoreFixture()
        try fixture.add()
        for sql in ["UPDATE case_events SET kind = 'x'", "DELETE FROM case_events", "DELETE FROM outbox"] {
            #expect(throws: DatabaseError.self) { try fixture.store.writer.write { db in try db.execute(sql: sql) } }
        }
        #expect(try fixture.store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events") } == 1)
    }

    @Test("A row edited by hand past SQLite's checks is a CorruptRow naming table, key and column, never a default")
    func corruptRowsAreNamed() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let seq = try #require(try fixture.store.events(ofCase: record.id).first?.seq)
        func force(_ sql: String) throws {
            try fixture.store.writer.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
                defer { try? db.execute(sql: "PRAGMA ignore_check_constraints = OFF") }
                try db.execute(sql: sql)
            }
        }
        try force("UPDATE cases SET status = 'bogus'")
        #expect(throws: CorruptRow(table: "cases", key: record.code, column: "status")) {
            try fixture.store.cases()
        }
        #expect(throws: CorruptRow.self) { try fixture.store.dashboard(now: StoreFixture.now) }
        try force("UPDATE cases SET status = 'received'")
        #expect(try fixture.store.cases().map(\.code) == [record.code])

        try force("UPDATE outbox SET state = 'lost'")
        #expect(throws: CorruptRow(table: "outbox", key: String(seq), column: "state")) {
            try fixture.store.events(ofCase: record.id)
        }
        #expect(throws: CorruptRow.self) { try fixture.store.queueSummary(limit: 10) }
    }

    @Test("The 1000th dossier of a day fails and leaves the 999 others intact")
    func dailyLimit() throws {
        let fixture = try StoreFixture()
        try fixture.store.writer.write { db in
            try db.execute(sql: "INSERT INTO code_sequences (date, last) VALUES ('2025-06-10', 998)")
        }
        #expect(try fixture.add().code == "02266-250610-2999")
        #expect(throws: DomainError.dailySequenceExhausted(date: LocalDate(iso: "2025-06-10")!, terminal: 2)) {
            try fixture.add()
        }
        #expect(try fixture.store.cases().count == 1)
        #expect(try fixture.add(StoreFixture.intake(received: "2025-06-09T09:00")).code == "02266-250609-2001")
    }

    @Test("Find by folded name in NFD form, by ID number, phone and code")
    func find() throws {
        let fixture = try StoreFixture()
        let duc = try fixture.add()
        try fixture.add(StoreFixture.intake(name: "Trần Thị Hoa"))
        #expect(try fixture.store.findCases("nguyen van duc").map(\.code) == [duc.code])
        #expect(
            try fixture.store.findCases("NGUYỄN VĂN ĐỨC".decomposedStringWithCanonicalMapping).map(\.code) == [duc.code]
        )
        #expect(try fixture.store.findCases("ngu d").map(\.code) == [duc.code])
        #expect(try fixture.store.findCases("001099012345").count == 2)
        #expect(try fixture.store.findCases("0912345678").count == 2)
        #expect(try fixture.store.findCases(duc.code).map(\.code) == [duc.code])
        #expect(try fixture.store.findCases("\" OR 1=1 --").isEmpty)
        #expect(try fixture.store.findCases("hoa").map(\.applicant.name) == ["Trần Thị Hoa"])
    }

    @Test("A second init is refused")
    func secondInit() throws {
        let fixture = try StoreFixture()
        #expect(throws: StoreError.alreadyInitialized(commune: "02266", terminal: 2)) {
            try fixture.store.initialize(
                Setup(communeCode: "00004", terminal: 1, unitCode: nil, officerName: "Lan", pin: "135790"),
                catalog: fixture.catalog, now: StoreFixture.now)
        }
    }
}

struct StoreFileTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-\(UUID().uuidString).sqlite").path
    }

    @Test("A file store is WAL with synchronous=FULL and foreign keys, and codes go on after reopening")
    func reopen() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let fixture = try StoreFixture(store: try FieldCaseStore.open(path: path, kdfCost: .insecureFast))
            try fixture.add()
        }
        let store = try FieldCaseStore.open(path: path, kdfCost: .insecureFast)
        let pragmas = try store.read { db in
            (
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous"),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys")
            )
        }
        #expect(pragmas.0 == "wal")
        #expect(pragmas.1 == 2)
        #expect(pragmas.2 == 1)
        let officer = try store.resolveOfficer(named: "lo van pang")
        _ = try store.signIn(officer, pin: StoreFixture.pin, now: StoreFixture.now)
        let record = try store.addCase(
            try StoreFixture.intake().validated(catalog: try store.catalog(), now: StoreFixture.now), by: officer,
            now: StoreFixture.now)
        #expect(record.code == "02266-250610-2002")
        #expect(try store.integrityCheck() == "ok")
    }

    @Test("A database from a newer fieldcase is refused and left untouched")
    func newerSchema() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try FieldCaseStore.open(path: path, kdfCost: .insecureFast)
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99 from the future')")
        }
        #expect(throws: StoreError.schemaTooNew(path: path)) {
            try FieldCaseStore.open(path: path, kdfCost: .insecureFast)
        }
        let identifiers = try DatabaseQueue(path: path).read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
        }
        #expect(identifiers.contains("v99 from the future"))
    }
}

struct CatalogTests {
    @Test("The bundled catalog holds the commune level's procedures, communes, 2025 calendar and 63 birth provinces")
    func embedded() throws {
        let catalog = try Catalog.embedded()
        #expect(catalog.procedures.count >= 200)
        let fields = Set(catalog.procedures.compactMap(\.field?.vi))
        for field in [
            "Hộ tịch", "Chứng thực", "Đăng ký, quản lý cư trú", "Đất đai", "Hoạt động xây dựng", "Bảo trợ xã hội",
        ] {
            #expect(fields.contains(field), "\(field)")
        }
        #expect(fields.contains { $0.contains("hộ kinh doanh") })
        #expect(catalog.procedures.allSatisfy { $0.details.source != nil && !$0.details.legalBasis.isEmpty })
        #expect(catalog.procedure("2.000815")?.fee == .perPage(amount: 2000, firstPages: 2, then: 1000, cap: 200_000))
        #expect(catalog.procedures.first { $0.code == "1.001193" }?.processing == .sameDay)
        #expect(catalog.procedures.first { $0.code == "1.004222" }?.processing == .workingDays(7))
        #expect(catalog.communes.count == 3321)
        #expect(catalog.birthProvinces.count == 63)
        #expect(catalog.calendar.holidays.contains(LocalDate(iso: "2025-04-30")!))
        #expect(catalog.calendar.isWorkingDay(LocalDate(iso: "2025-04-26")!))
        #expect(catalog.calendar.workingDaySeconds == 8 * 3600)
    }

    @Test("The catalog survives a round trip through the store")
    func roundTrip() throws {
        let fixture = try StoreFixture()
        let stored = try fixture.store.catalog()
        #expect(stored.calendar == fixture.catalog.calendar)
        #expect(
            stored.procedures == fixture.catalog.procedures.sorted { $0.code < $1.code },
            "every field of every procedure, in code order")
        #expect(stored.birthProvinces == fixture.catalog.birthProvinces)
        #expect(stored.dayNames[LocalDate(iso: "2025-09-02")!] == "Quốc khánh")
    }
}
