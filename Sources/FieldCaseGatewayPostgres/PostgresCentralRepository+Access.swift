import FieldCaseGateway
import FieldCaseDomain
import Foundation
import Logging
import PostgresNIO

/// Operators, the access log and device usage in PostgreSQL.
extension PostgresCentralRepository {
    public func insertOperator(
        _ name: String, role: OperatorRole, communes: [String], tokenHash: String, by actor: String, now: LocalTime
    ) async throws {
        let logger = logger
        try await transaction { connection in
            let inserted = try await connection.query(
                """
                INSERT INTO operators (name, role, token_hash, created_at, created_by, token_created_at)
                VALUES (\(name), \(role.rawValue), \(tokenHash), \(now.epochSeconds), \(actor), \(now.epochSeconds))
                ON CONFLICT (name) DO NOTHING RETURNING name
                """, logger: logger
            ).collect()
            guard !inserted.isEmpty else { throw CentralError.operatorExists(name) }
            for commune in Set(communes) {
                try await connection.query(
                    "INSERT INTO operator_communes (operator, commune_code) VALUES (\(name), \(commune))",
                    logger: logger)
            }
        }
    }

    public func replaceOperatorToken(_ name: String, tokenHash: String, now: LocalTime) async throws -> Bool {
        try await !client.query(
            """
            UPDATE operators SET token_hash = \(tokenHash), token_created_at = \(now.epochSeconds)
            WHERE name = \(name) AND disabled_at IS NULL RETURNING name
            """, logger: logger
        ).collect().isEmpty
    }

    public func disableOperator(_ name: String, by actor: String, now: LocalTime) async throws -> Bool {
        try await !client.query(
            """
            UPDATE operators SET disabled_at = \(now.epochSeconds), disabled_by = \(actor)
            WHERE name = \(name) AND disabled_at IS NULL RETURNING name
            """, logger: logger
        ).collect().isEmpty
    }

    public func liveOperator(tokenHash: String) async throws -> Operator? {
        try await operatorRows(where: "o.token_hash = $1 AND o.disabled_at IS NULL", tokenHash).first
    }

    public func operators() async throws -> [Operator] {
        try await operatorRows(where: "$1::text IS NULL", nil)
    }

    /// Operators with their communes, one query.
    private func operatorRows(where condition: String, _ argument: String?) async throws -> [Operator] {
        var bindings = PostgresBindings()
        bindings.append(argument)
        let query = PostgresQuery(
            unsafeSQL: """
                SELECT o.name, o.role, o.created_at, o.created_by, o.disabled_at IS NOT NULL,
                    coalesce(array_agg(c.commune_code ORDER BY c.commune_code)
                        FILTER (WHERE c.commune_code IS NOT NULL), '{}')
                FROM operators o LEFT JOIN operator_communes c ON c.operator = o.name
                WHERE \(condition) GROUP BY o.name ORDER BY o.name
                """, binds: bindings)
        return try await client.query(query, logger: logger).collect().map { row in
            let (name, role, created, creator, disabled, communes) = try row.decode(
                (String, String, Int64, String, Bool, [String]).self)
            return Operator(
                name: name, role: try .stored(role, table: "operators", column: "role", key: name), communes: communes,
                created_at: LocalTime(epochSeconds: created).iso8601, created_by: creator, disabled: disabled)
        }
    }

    public func recordAccess(_ record: AccessRecord) async throws {
        try await client.query(
            """
            INSERT INTO access_log (at, operator, action, codes, outcome, detail, client)
            VALUES (\(LocalTime.now().epochSeconds), \(record.operatorName), \(record.action),
                \(record.codes.joined(separator: " ")), \(record.outcome.rawValue), \(record.detail), \(record.client))
            """, logger: logger)
    }

    public func accessLog(operatorName: String?, since: LocalTime?, limit: Int) async throws -> [AccessEntry] {
        try await client.query(
            """
            SELECT * FROM (
                SELECT id, at, operator, action, codes, outcome, detail, client FROM access_log
                WHERE (\(operatorName)::text IS NULL OR operator = \(operatorName))
                    AND (\(since?.epochSeconds)::bigint IS NULL OR at >= \(since?.epochSeconds))
                ORDER BY id DESC LIMIT \(limit)) newest
            ORDER BY id
            """, logger: logger
        ).collect().map { row in
            let (id, at, name, action, codes, outcome, detail, client) = try row.decode(
                (Int64, Int64, String, String, String, String, String, String).self)
            return AccessEntry(
                id: id, at: LocalTime(epochSeconds: at).iso8601, operatorName: name, action: action,
                codes: codes.split(separator: " ").map(String.init),
                outcome: try .stored(outcome, table: "access_log", column: "outcome", key: String(id)), detail: detail,
                client: client)
        }
    }

    public func usage(deviceID: String, day: LocalDate) async throws -> DeviceUsage {
        let logger = logger
        return try await client.withConnection { connection in
            try await Self.usage(connection, deviceID: deviceID, day: day, logger: logger)
        }
    }

    static func usage(_ connection: PostgresConnection, deviceID: String, day: LocalDate, logger: Logger)
        async throws -> DeviceUsage
    {
        let row = try await connection.query(
            """
            SELECT coalesce(sum(events) FILTER (WHERE day = \(day.description)), 0)::bigint,
                coalesce(sum(bytes), 0)::bigint
            FROM device_usage WHERE device_id = \(deviceID)
            """, logger: logger
        ).collect().first
        guard let row else { return DeviceUsage(eventsToday: 0, bytesStored: 0) }
        let (today, bytes) = try row.decode((Int64, Int64).self)
        return DeviceUsage(eventsToday: today, bytesStored: bytes)
    }
}
