import FieldCaseCore
import FieldCaseWire
import Foundation
import Logging
import PostgresNIO

/// The national deployment's backend: stateless gateways in front of one PostgreSQL database,
/// through PostgresNIO's connection pool.
///
/// Change numbers come from a one-row counter updated inside each writing transaction: the row lock
/// makes writers take numbers in commit order, so a reader's cursor never passes a change that is
/// still to commit.
public final class PostgresCentralRepository: CentralRepository {
    let client: PostgresClient
    let logger: Logger
    private let runner: Task<Void, Never>

    /// `url`: `postgres://user:password@host:port/database`.
    public init(url: String, logger: Logger = Logger(label: "fieldcase-central.postgres")) async throws {
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw CentralError.invalidDatabaseURL
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database, tls: .disable)
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        try await migrate()
    }

    deinit { runner.cancel() }

    /// A transaction whose closure's own errors come out as they were thrown, not wrapped by PostgresNIO.
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> sending Result) async throws -> Result {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            throw error.closureError ?? error
        }
    }

    /// Named migrations, applied once each under an advisory lock so that gateways starting together agree.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            for (identifier, statements) in PostgresSchema.migrations {
                let done = try await connection.query(
                    "SELECT 1 FROM schema_migrations WHERE identifier = \(identifier)", logger: logger
                ).collect().isEmpty == false
                if done { continue }
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query("INSERT INTO schema_migrations (identifier) VALUES (\(identifier))", logger: logger)
            }
        }
    }

    public func createEnrollmentToken(commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime)
        async throws -> String
    {
        let token = Tokens.make(.enrollment)
        try await client.query(
            """
            INSERT INTO enrollment_tokens (token_hash, commune_code, terminal, expires_at, created_at)
            VALUES (\(Tokens.hash(token)), \(commune), \(terminal), \(expiresAt.epochSeconds), \(now.epochSeconds))
            """, logger: logger)
        return token
    }

    public func enroll(_ request: EnrollRequest, now: LocalTime) async throws -> EnrollResponse {
        let deviceToken = Tokens.make(.device)
        let deviceID = UUID().uuidString.lowercased()
        let hash = Tokens.hash(request.token)
        return try await transaction { connection in
            let rows = try await connection.query(
                """
                SELECT commune_code, terminal FROM enrollment_tokens
                WHERE token_hash = \(hash) AND used_at IS NULL AND expires_at > \(now.epochSeconds) FOR UPDATE
                """, logger: logger
            ).collect()
            guard let row = rows.first else { throw CentralError.invalidEnrollmentToken }
            let (commune, fixed) = try row.decode((String, Int?).self)
            if let fixed, fixed != request.terminal {
                throw CentralError.terminalTaken(commune: commune, terminal: request.terminal)
            }
            let taken = try await connection.query(
                """
                SELECT 1 FROM devices WHERE commune_code = \(commune) AND terminal = \(request.terminal)
                AND revoked_at IS NULL
                """, logger: logger
            ).collect()
            guard taken.isEmpty else { throw CentralError.terminalTaken(commune: commune, terminal: request.terminal) }
            try await connection.query(
                "UPDATE enrollment_tokens SET used_at = \(now.epochSeconds) WHERE token_hash = \(hash)", logger: logger)
            try await connection.query(
                """
                INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at)
                VALUES (\(deviceID), \(Tokens.hash(deviceToken)), \(commune), \(request.terminal), \(request.unitCode),
                    \(max(0, request.acknowledgedSeq ?? 0)), \(now.epochSeconds))
                """, logger: logger)
            return EnrollResponse(deviceID: deviceID, deviceToken: deviceToken, communeCode: commune, terminal: request.terminal)
        }
    }

    public func device(forToken token: String, now: LocalTime) async throws -> Device? {
        let rows = try await client.query(
            """
            UPDATE devices SET last_seen_at = \(now.epochSeconds)
            WHERE token_hash = \(Tokens.hash(token)) AND revoked_at IS NULL
            RETURNING id, commune_code, terminal, unit_code, last_seq
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (id, commune, terminal, unit, last) = try row.decode((String, String, Int, String, Int64).self)
        return Device(id: id, communeCode: commune, terminal: terminal, unitCode: unit, lastSeq: last, revoked: false)
    }

    public func push(_ events: [WireEvent], from device: Device, now: LocalTime) async throws -> PushResponse {
        let logger = logger
        return try await transaction { connection in
            var last = try await connection.query(
                "SELECT last_seq FROM devices WHERE id = \(device.id) FOR UPDATE", logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
            var results: [PushResult] = []
            for event in events.sorted(by: { $0.seq < $1.seq }) {
                if event.seq <= last {
                    results.append(PushResult(seq: event.seq, outcome: .duplicate, reason: nil))
                    continue
                }
                guard event.seq == last + 1 else {
                    try await connection.query(
                        "UPDATE devices SET last_seq = \(last) WHERE id = \(device.id)", logger: logger)
                    return PushResponse(ackedThrough: last, expectedSeq: last + 1, results: results)
                }
                let existing = try await Self.caseState(connection, code: event.caseCode, logger: logger, lock: true)
                let decision = CentralRules.decide(event, device: device, existing: existing)
                try await Self.apply(decision, event: event, device: device, connection: connection, now: now, logger: logger)
                last = event.seq
                results.append(PushResult(seq: event.seq, outcome: decision.outcome, reason: decision.reason))
            }
            try await connection.query("UPDATE devices SET last_seq = \(last) WHERE id = \(device.id)", logger: logger)
            return PushResponse(ackedThrough: last, expectedSeq: nil, results: results)
        }
    }

    static func apply(
        _ decision: ApplyDecision, event: WireEvent, device: Device, connection: PostgresConnection, now: LocalTime,
        logger: Logger
    ) async throws {
        switch decision {
        case .create(let state, let document, let receivedAt, let dueAt, let procedureCode):
            try await connection.query(
                """
                INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document,
                    received_at, due_at, updated_at)
                VALUES (\(state.code), \(state.caseID), \(state.communeCode), \(device.id), \(procedureCode),
                    \(state.status.rawValue), \(document), \(receivedAt), \(dueAt), \(now.epochSeconds))
                """, logger: logger)
        case .moveStatus(let code, let status):
            try await connection.query(
                "UPDATE cases SET status = \(status.rawValue), conflict = NULL, updated_at = \(now.epochSeconds) WHERE code = \(code)",
                logger: logger)
        case .conflict(let reason):
            try await connection.query(
                "UPDATE cases SET conflict = \(reason), updated_at = \(now.epochSeconds) WHERE code = \(event.caseCode)",
                logger: logger)
        case .reject:
            break
        }
        let payload = try decision.storedPayload(of: event)
        try await connection.query(
            """
            INSERT INTO events (device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome, reason,
                received_at)
            VALUES (\(device.id), \(event.seq), \(event.eventID), \(event.caseCode), \(event.kind), \(event.officer),
                \(event.occurredAt), \(payload), \(decision.outcome.rawValue), \(decision.reason), \(now.epochSeconds))
            """, logger: logger)
        try await insertChange(
            connection, commune: device.communeCode, deviceID: device.id, kind: "event_result", caseCode: event.caseCode,
            seq: event.seq, outcome: decision.outcome.rawValue, status: nil, reason: decision.reason, actor: nil,
            occurredAt: now.iso8601, logger: logger)
    }

    /// Takes the next change number; the counter row stays locked until this transaction commits.
    static func insertChange(
        _ connection: PostgresConnection, commune: String, deviceID: String?, kind: String, caseCode: String, seq: Int64?,
        outcome: String?, status: String?, reason: String?, actor: String?, occurredAt: String, logger: Logger
    ) async throws {
        try await connection.query(
            """
            WITH next AS (UPDATE change_counter SET last = last + 1 WHERE id = 1 RETURNING last)
            INSERT INTO changes (change, commune_code, device_id, kind, case_code, seq, outcome, status, reason, actor,
                occurred_at)
            SELECT last, \(commune), \(deviceID), \(kind), \(caseCode), \(seq), \(outcome), \(status), \(reason),
                \(actor), \(occurredAt)
            FROM next
            """, logger: logger)
    }

    public func pull(for device: Device, after cursor: Int64, resultsAfter: Int64, limit: Int) async throws -> PullResponse {
        // Read the counter first: every change numbered up to it has committed (numbers follow commit order),
        // so the cursor may move past it even where this device had nothing to learn.
        let newest = try await client.query("SELECT last FROM change_counter WHERE id = 1", logger: logger)
            .collect().first?.decode(Int64.self) ?? 0
        let rows = try await client.query(
            """
            SELECT change, kind, case_code, seq, outcome, status, reason, actor, occurred_at FROM changes
            WHERE commune_code = \(device.communeCode) AND change > \(cursor)
                AND (kind = 'status_update' OR (device_id = \(device.id) AND seq > \(resultsAfter)))
            ORDER BY change LIMIT \(limit + 1)
            """, logger: logger
        ).collect()
        var changes: [WireChange] = []
        for row in rows.prefix(limit) {
            let (change, kind, code, seq, outcome, status, reason, actor, at) = try row.decode(
                (Int64, String, String, Int64?, String?, String?, String?, String?, String).self)
            changes.append(
                WireChange(
                    change: change, kind: WireChange.Kind(rawValue: kind) ?? .statusUpdate, caseCode: code, seq: seq,
                    outcome: outcome.flatMap(PushOutcome.init(rawValue:)), status: status, reason: reason, actor: actor,
                    occurredAt: at))
        }
        let acked = try await client.query("SELECT last_seq FROM devices WHERE id = \(device.id)", logger: logger)
            .collect().first?.decode(Int64.self) ?? 0
        let next = rows.count > limit ? (changes.last?.change ?? cursor) : max(cursor, newest, changes.last?.change ?? 0)
        return PullResponse(changes: changes, nextCursor: next, hasMore: rows.count > limit, ackedSeq: acked)
    }

    public func devices() async throws -> [DeviceSummary] {
        let rows = try await client.query(
            """
            SELECT id, commune_code, terminal, unit_code, last_seq, enrolled_at, last_seen_at, revoked_at IS NOT NULL
            FROM devices ORDER BY commune_code, terminal, enrolled_at
            """, logger: logger
        ).collect()
        return try rows.map { row in
            let (id, commune, terminal, unit, last, enrolled, seen, revoked) = try row.decode(
                (String, String, Int, String, Int64, Int64, Int64?, Bool).self)
            return DeviceSummary(
                device_id: id, commune_code: commune, terminal: terminal, unit_code: unit, last_seq: last,
                enrolled_at: LocalTime(epochSeconds: enrolled).iso8601,
                last_seen_at: seen.map { LocalTime(epochSeconds: $0).iso8601 }, revoked: revoked)
        }
    }

    public func revoke(deviceID: String, now: LocalTime) async throws -> Bool {
        let rows = try await client.query(
            "UPDATE devices SET revoked_at = \(now.epochSeconds) WHERE id = \(deviceID) AND revoked_at IS NULL RETURNING id",
            logger: logger
        ).collect()
        return !rows.isEmpty
    }

    public func cases(commune: String?, status: CaseStatus?) async throws -> [CentralCase] {
        let rows = try await client.query(
            """
            SELECT code, case_id, commune_code, device_id, procedure_code, status, document, received_at, due_at, conflict
            FROM cases
            WHERE (\(commune)::text IS NULL OR commune_code = \(commune))
                AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY received_at DESC, code
            """, logger: logger
        ).collect()
        return try rows.map(Self.centralCase)
    }

    public func setStatus(code: String, to status: CaseStatus, reason: String?, actor: String, now: LocalTime)
        async throws -> CentralCase
    {
        let logger = logger
        return try await transaction { connection in
            guard let current = try await Self.caseState(connection, code: code, logger: logger, lock: true) else {
                throw CentralError.unknownCase(code)
            }
            do throws(DomainError) {
                try current.status.checkTransition(to: status, reason: reason)
            } catch {
                throw CentralError.invalidTransition(error.description)
            }
            try await connection.query(
                "UPDATE cases SET status = \(status.rawValue), conflict = NULL, updated_at = \(now.epochSeconds) WHERE code = \(code)",
                logger: logger)
            try await Self.insertChange(
                connection, commune: current.communeCode, deviceID: nil, kind: "status_update", caseCode: code, seq: nil,
                outcome: nil, status: status.rawValue, reason: reason, actor: actor, occurredAt: now.iso8601,
                logger: logger)
            let rows = try await connection.query(
                """
                SELECT code, case_id, commune_code, device_id, procedure_code, status, document, received_at, due_at,
                    conflict
                FROM cases WHERE code = \(code)
                """, logger: logger
            ).collect()
            return try Self.centralCase(rows[0])
        }
    }

    public func rotateAdminToken(now: LocalTime) async throws -> String {
        let token = Tokens.make(.admin)
        try await client.query(
            """
            INSERT INTO admin_token (id, token_hash, created_at) VALUES (1, \(Tokens.hash(token)), \(now.epochSeconds))
            ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
            """, logger: logger)
        return token
    }

    public func isAdminToken(_ token: String) async throws -> Bool {
        try await !client.query("SELECT 1 FROM admin_token WHERE token_hash = \(Tokens.hash(token))", logger: logger)
            .collect().isEmpty
    }

    static func caseState(_ connection: PostgresConnection, code: String, logger: Logger, lock: Bool) async throws
        -> CentralCaseState?
    {
        let query: PostgresQuery =
            lock
            ? "SELECT code, case_id, commune_code, status FROM cases WHERE code = \(code) FOR UPDATE"
            : "SELECT code, case_id, commune_code, status FROM cases WHERE code = \(code)"
        guard let row = try await connection.query(query, logger: logger).collect().first else { return nil }
        let (found, caseID, commune, status) = try row.decode((String, String, String, String).self)
        return CentralCaseState(
            code: found, caseID: caseID, communeCode: commune, status: CaseStatus(rawValue: status) ?? .received)
    }

    static func centralCase(_ row: PostgresRow) throws -> CentralCase {
        let (code, caseID, commune, device, procedure, status, document, received, due, conflict) = try row.decode(
            (String, String, String, String, String, String, String, String, String, String?).self)
        return CentralCase(
            code: code, caseID: caseID, communeCode: commune, deviceID: device, procedureCode: procedure,
            status: CaseStatus(rawValue: status) ?? .received,
            document: (try? JSONDecoder().decode(JSONValue.self, from: Data(document.utf8))) ?? .null,
            receivedAt: received, dueAt: due, conflict: conflict)
    }
}
