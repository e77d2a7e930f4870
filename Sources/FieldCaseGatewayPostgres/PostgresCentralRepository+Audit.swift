import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Logging
import PostgresNIO

/// The gateway's keys and the desks' audit trails in PostgreSQL.
extension PostgresCentralRepository {
    public func storedKey(_ key: GatewayKey) async throws -> Data? {
        guard
            let row = try await client.query(
                "SELECT private_key FROM \(unescaped: key.rawValue) WHERE id = 1", logger: logger
            ).collect().first
        else { return nil }
        var stored = try row.decode(ByteBuffer.self)
        return Data(stored.readBytes(length: stored.readableBytes) ?? [])
    }

    public func insertKey(_ key: GatewayKey, _ candidate: Data, now: LocalTime) async throws -> Data {
        try await client.query(
            """
            INSERT INTO \(unescaped: key.rawValue) (id, private_key, created_at)
            VALUES (1, \(ByteBuffer(bytes: candidate)), \(now.epochSeconds))
            ON CONFLICT (id) DO NOTHING
            """, logger: logger)
        // Inserted (or kept) just before: a missing row is a broken store.
        guard let stored = try await storedKey(key) else {
            throw CorruptRow(table: key.rawValue, key: "1", column: "private_key")
        }
        return stored
    }

    public func auditTail(deviceID: String) async throws -> (id: Int64, hash: String)? {
        try await client.query(
            "SELECT id, hash FROM device_audit WHERE device_id = \(deviceID) ORDER BY id DESC LIMIT 1", logger: logger
        ).collect().first.map { try $0.decode((Int64, String).self) }
    }

    public func auditHashes(deviceID: String, from: Int64, through: Int64) async throws -> [Int64: String] {
        Dictionary(
            uniqueKeysWithValues: try await client.query(
                """
                SELECT id, hash FROM device_audit WHERE device_id = \(deviceID) AND id BETWEEN \(from) AND \(through)
                """, logger: logger
            ).collect().map { try $0.decode((Int64, String).self) })
    }

    public func insertAudit(
        _ entries: [WireAuditEntry], deviceID: String, now: LocalTime, bytes: Int,
        admit: @Sendable (DeviceUsage) throws -> Void
    ) async throws {
        guard !entries.isEmpty || bytes > 0 else { return }
        let logger = logger
        try await transaction { connection in
            // The device's row first, as a push locks it: two trails of one device are admitted one at a time.
            try await connection.query("SELECT 1 FROM devices WHERE id = \(deviceID) FOR UPDATE", logger: logger)
            try admit(try await Self.usage(connection, deviceID: deviceID, day: now.date, logger: logger))
            try await connection.query(
                """
                INSERT INTO device_usage (device_id, day, bytes) VALUES (\(deviceID), \(now.date.description), \(bytes))
                ON CONFLICT (device_id, day) DO UPDATE SET bytes = device_usage.bytes + excluded.bytes
                """, logger: logger)
            for entry in entries {
                try await connection.query(
                    """
                    INSERT INTO device_audit (device_id, id, at, officer, action, case_code, subject, before, after,
                        reason, hash, received_at)
                    VALUES (\(deviceID), \(entry.id), \(entry.at), \(entry.officer), \(entry.action), \(entry.caseCode),
                        \(entry.subject), \(entry.before), \(entry.after), \(entry.reason), \(entry.hash),
                        \(now.epochSeconds))
                    ON CONFLICT DO NOTHING
                    """, logger: logger)
            }
        }
    }

    public func insertAuditBreak(deviceID: String, detail: String, now: LocalTime) async throws {
        try await client.query(
            """
            INSERT INTO device_audit_breaks (device_id, at, detail)
            SELECT \(deviceID), \(now.epochSeconds), \(detail)
            WHERE \(detail) IS DISTINCT FROM (
                SELECT detail FROM device_audit_breaks WHERE device_id = \(deviceID) ORDER BY id DESC LIMIT 1)
            """, logger: logger)
    }

    public func auditTrail(deviceID: String) async throws -> [WireAuditEntry] {
        try await client.query(
            """
            SELECT id, at, officer, action, case_code, subject, before, after, reason, hash
            FROM device_audit WHERE device_id = \(deviceID) ORDER BY id
            """, logger: logger
        ).collect().map { row in
            let (id, at, officer, action, code, subject, before, after, reason, hash) = try row.decode(
                (Int64, Int64, String?, String, String?, String?, String?, String?, String?, String).self)
            return WireAuditEntry(
                id: id, at: at, officer: officer, action: action, caseCode: code, subject: subject, before: before,
                after: after, reason: reason, hash: hash)
        }
    }

    public func auditBreaks(deviceID: String) async throws -> [DeskAuditBreak] {
        try await client.query(
            "SELECT at, detail FROM device_audit_breaks WHERE device_id = \(deviceID) ORDER BY id", logger: logger
        ).collect().map { row in
            let (at, detail) = try row.decode((Int64, String).self)
            return DeskAuditBreak(at: LocalTime(epochSeconds: at).iso8601, detail: detail)
        }
    }
}
