import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

/// The gateway's keys and the desks' audit trails in the SQLite file.
extension SQLiteCentralRepository {
    public func storedKey(_ key: GatewayKey) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT private_key FROM \(key.rawValue) WHERE id = 1")
        }
    }

    public func insertKey(_ key: GatewayKey, _ candidate: Data, now: LocalTime) async throws -> Data {
        try await writer.write { db in
            try db.execute(
                sql:
                    """
                    INSERT INTO \(key.rawValue) (id, private_key, created_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [candidate, now.epochSeconds])
            // Inserted (or kept) a statement ago in this transaction: a missing row is a broken store.
            guard let stored = try Data.fetchOne(db, sql: "SELECT private_key FROM \(key.rawValue) WHERE id = 1") else {
                throw CorruptRow(table: key.rawValue, key: "1", column: "private_key")
            }
            return stored
        }
    }

    public func auditTail(deviceID: String) async throws -> (id: Int64, hash: String)? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT id, hash FROM device_audit WHERE device_id = ? ORDER BY id DESC LIMIT 1",
                arguments: [deviceID]
            ).map { row in
                let id = try row.stored("id", table: "device_audit", key: "of \(deviceID)", as: Int64.self)
                return (id, try row.stored("hash", table: "device_audit", key: String(id)))
            }
        }
    }

    public func auditHashes(deviceID: String, from: Int64, through: Int64) async throws -> [Int64: String] {
        try await writer.read { db in
            Dictionary(
                uniqueKeysWithValues: try Row.fetchAll(
                    db, sql: "SELECT id, hash FROM device_audit WHERE device_id = ? AND id BETWEEN ? AND ?",
                    arguments: [deviceID, from, through]
                ).map { row in
                    let id = try row.stored("id", table: "device_audit", key: "of \(deviceID)", as: Int64.self)
                    return (id, try row.stored("hash", table: "device_audit", key: String(id), as: String.self))
                })
        }
    }

    public func insertAudit(
        _ entries: [WireAuditEntry], deviceID: String, now: LocalTime, bytes: Int,
        admit: @Sendable (DeviceUsage) throws -> Void
    ) async throws {
        guard !entries.isEmpty || bytes > 0 else { return }
        try await writer.write { db in
            try admit(try Self.usage(db, deviceID: deviceID, day: now.date))
            try Self.countUsage(db, deviceID: deviceID, day: now.date, bytes: bytes)
            for entry in entries {
                try db.execute(
                    sql: """
                        INSERT INTO device_audit (device_id, id, at, officer, action, case_code, subject, before, after,
                            reason, hash, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                        """,
                    arguments: [
                        deviceID, entry.id, entry.at, entry.officer, entry.action, entry.caseCode, entry.subject,
                        entry.before, entry.after, entry.reason, entry.hash, now.epochSeconds,
                    ])
            }
        }
    }

    public func insertAuditBreak(deviceID: String, detail: String, now: LocalTime) async throws {
        try await writer.write { db in
            let last = try String.fetchOne(
                db, sql: "SELECT detail FROM device_audit_breaks WHERE device_id = ? ORDER BY id DESC LIMIT 1",
                arguments: [deviceID])
            guard last != detail else { return }
            try db.execute(
                sql: "INSERT INTO device_audit_breaks (device_id, at, detail) VALUES (?, ?, ?)",
                arguments: [deviceID, now.epochSeconds, detail])
        }
    }

    public func auditTrail(deviceID: String) async throws -> [WireAuditEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM device_audit WHERE device_id = ? ORDER BY id", arguments: [deviceID]
            )
            .map { row in
                let id = try row.stored("id", table: "device_audit", key: "of \(deviceID)", as: Int64.self)
                let read = row.reading("device_audit", key: "\(deviceID) #\(id)")
                return WireAuditEntry(
                    id: id, at: try read("at"), officer: try read("officer"), action: try read("action"),
                    caseCode: try read("case_code"), subject: try read("subject"), before: try read("before"),
                    after: try read("after"), reason: try read("reason"), hash: try read("hash"))
            }
        }
    }

    public func auditBreaks(deviceID: String) async throws -> [DeskAuditBreak] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT at, detail FROM device_audit_breaks WHERE device_id = ? ORDER BY id",
                arguments: [deviceID]
            ).map { row in
                let read = row.reading("device_audit_breaks", key: "of \(deviceID)")
                return DeskAuditBreak(at: try read.time("at").iso8601, detail: try read("detail"))
            }
        }
    }

}
