import FieldCaseGateway
import FieldCaseDomain
import Foundation
import FieldCaseRows
import GRDB

/// Operators, the access log and device usage in the SQLite file.
extension SQLiteCentralRepository {
    public func insertOperator(
        _ name: String, role: OperatorRole, communes: [String], tokenHash: String, by actor: String, now: LocalTime
    ) async throws {
        try await writer.write { db in
            guard try !Bool.fetchOne(db, sql: "SELECT 1 FROM operators WHERE name = ?", arguments: [name]).isTrue
            else { throw CentralError.operatorExists(name) }
            try db.execute(
                sql: """
                    INSERT INTO operators (name, role, token_hash, created_at, created_by, token_created_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [name, role.rawValue, tokenHash, now.epochSeconds, actor, now.epochSeconds])
            for commune in Set(communes) {
                try db.execute(
                    sql: "INSERT INTO operator_communes (operator, commune_code) VALUES (?, ?)",
                    arguments: [name, commune])
            }
        }
    }

    public func replaceOperatorToken(_ name: String, tokenHash: String, now: LocalTime) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE operators SET token_hash = ?, token_created_at = ? WHERE name = ? AND disabled_at IS NULL
                    """, arguments: [tokenHash, now.epochSeconds, name])
            return db.changesCount > 0
        }
    }

    public func disableOperator(_ name: String, by actor: String, now: LocalTime) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE operators SET disabled_at = ?, disabled_by = ? WHERE name = ? AND disabled_at IS NULL",
                arguments: [now.epochSeconds, actor, name])
            return db.changesCount > 0
        }
    }

    public func liveOperator(tokenHash: String) async throws -> Operator? {
        try await writer.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM operators WHERE token_hash = ? AND disabled_at IS NULL",
                arguments: [tokenHash]
            ).map { try Self.operatorRecord(db, $0) }
        }
    }

    public func operators() async throws -> [Operator] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM operators ORDER BY name").map { try Self.operatorRecord(db, $0) }
        }
    }

    public func recordAccess(_ record: AccessRecord) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO access_log (at, operator, action, codes, outcome, detail, client)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    LocalTime.now().epochSeconds, record.operatorName, record.action,
                    record.codes.joined(separator: " "), record.outcome.rawValue, record.detail, record.client,
                ])
        }
    }

    public func accessLog(operatorName: String?, since: LocalTime?, limit: Int) async throws -> [AccessEntry] {
        try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM (
                        SELECT * FROM access_log WHERE (?1 IS NULL OR operator = ?1) AND (?2 IS NULL OR at >= ?2)
                        ORDER BY id DESC LIMIT ?3)
                    ORDER BY id
                    """, arguments: [operatorName, since?.epochSeconds, limit]
            ).map(accessEntry)
        }
    }

    public func usage(deviceID: String, day: LocalDate) async throws -> DeviceUsage {
        try await writer.read { db in try Self.usage(db, deviceID: deviceID, day: day) }
    }

    static func usage(_ db: Database, deviceID: String, day: LocalDate) throws -> DeviceUsage {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT coalesce(sum(CASE WHEN day = ? THEN events END), 0) AS today, coalesce(sum(bytes), 0) AS bytes
                FROM device_usage WHERE device_id = ?
                """, arguments: [day.description, deviceID]
        )?.reading("device_usage", key: deviceID)
        return DeviceUsage(eventsToday: try row?("today") ?? 0, bytesStored: try row?("bytes") ?? 0)
    }

    /// Adds a device's requests, stored events and payload bytes to its row of the day.
    static func countUsage(
        _ db: Database, deviceID: String, day: LocalDate, requests: Int = 0, events: Int = 0, bytes: Int = 0
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO device_usage (device_id, day, requests, events, bytes) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (device_id, day) DO UPDATE SET requests = requests + excluded.requests,
                    events = events + excluded.events, bytes = bytes + excluded.bytes
                """, arguments: [deviceID, day.description, requests, events, bytes])
    }

    static func operatorRecord(_ db: Database, _ row: Row) throws -> Operator {
        let name = try row.stored("name", table: "operators", key: "unknown", as: String.self)
        return Operator(
            name: name, role: try row.stored("role", table: "operators", key: name),
            communes: try String.fetchAll(
                db, sql: "SELECT commune_code FROM operator_communes WHERE operator = ? ORDER BY commune_code",
                arguments: [name]),
            created_at: try row.storedTime("created_at", table: "operators", key: name).iso8601,
            created_by: try row.stored("created_by", table: "operators", key: name),
            disabled: try row.storedTimeIfAny("disabled_at", table: "operators", key: name) != nil)
    }
}

/// An access-log row as the API and the operator's command show it.
func accessEntry(_ row: Row) throws -> AccessEntry {
    let id = try row.stored("id", table: "access_log", key: "unknown", as: Int64.self)
    let read = row.reading("access_log", key: String(id))
    return AccessEntry(
        id: id, at: try read.time("at").iso8601, operatorName: try read("operator"), action: try read("action"),
        codes: try read("codes", as: String.self).split(separator: " ").map(String.init), outcome: try read("outcome"),
        detail: try read("detail"), client: try read("client"))
}

extension Optional where Wrapped == Bool {
    /// A `SELECT 1` that found a row.
    var isTrue: Bool { self ?? false }
}
