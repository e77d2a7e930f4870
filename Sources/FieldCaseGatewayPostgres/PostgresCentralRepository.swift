import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// The national deployment's backend: stateless gateways in front of one PostgreSQL database,
/// through PostgresNIO's connection pool.
///
/// Change numbers come from a one-row counter updated inside each writing transaction: the row lock
/// makes writers take numbers in commit order, so a reader's cursor never passes a change that is
/// still to commit.
public final class PostgresCentralRepository: CentralStorage {
    let client: PostgresClient
    let logger: Logger
    public let rules: GatewayRules
    private let runner: Task<Void, Never>

    /// `url`: `postgres://user:password@host:port/database[?sslmode=…&sslrootcert=FILE]`, `sslmode` as libpq
    /// reads it (`prefer` when absent).
    public init(
        url: String, rules: GatewayRules? = nil, logger: Logger = Logger(label: "fieldcase-central.postgres"),
        connectTimeout: Duration? = nil, warn: @escaping @Sendable (Duration) -> Void = { _ in }
    ) async throws {
        self.rules = try rules ?? .standard()
        guard let components = URLComponents(string: url), let host = components.host, let user = components.user else {
            throw CentralError.invalidDatabaseURL
        }
        let database = components.path.split(separator: "/").first.map(String.init)
        var configuration = PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database, tls: try Self.tls(components))
        configuration.options.maximumConnections = 16
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
        if let connectTimeout {
            try await Self.probe(client, within: connectTimeout, logger: logger, warn: warn)
        }
        try await migrate()
    }

    /// One query within `timeout`: the pool retries a connection that fails (a wrong host, a certificate
    /// `sslmode` must not trust) for minutes, and `serve` should say at once that it cannot reach PostgreSQL.
    /// (In-process callers that share a starved thread pool, such as tests, go without.)
    /// While it waits, `warn` hears every five seconds how long it has waited: PostgreSQL may still be booting.
    static func probe(
        _ client: PostgresClient, within timeout: Duration, logger: Logger,
        warn: @escaping @Sendable (Duration) -> Void
    ) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await client.query("SELECT 1", logger: logger) }
            group.addTask {
                var waited = Duration.zero
                while waited < timeout {
                    let step = min(.seconds(5), timeout - waited)
                    try await Task.sleep(for: step)
                    waited += step
                    if waited < timeout { warn(waited) }
                }
                throw CentralError.databaseUnreachable(seconds: Int(timeout.components.seconds))
            }
            try await group.next()
            group.cancelAll()
        }
    }

    deinit { runner.cancel() }

    /// TLS as libpq's `sslmode` asks: `disable`; `allow`/`prefer` encrypt when the server offers it, without
    /// checking its certificate (libpq's default); `require` always encrypts; `verify-ca` also checks the
    /// certificate against `sslrootcert` (or the system's CAs); `verify-full` checks the host name too.
    static func tls(_ components: URLComponents) throws -> PostgresClient.Configuration.TLS {
        let query = Dictionary(
            (components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        var unverified = TLSConfiguration.makeClientConfiguration()
        unverified.certificateVerification = .none
        var verified = TLSConfiguration.makeClientConfiguration()
        if let root = query["sslrootcert"] { verified.trustRoots = .file(root) }
        switch query["sslmode"] ?? "prefer" {
        case "disable": return .disable
        case "allow", "prefer": return .prefer(unverified)
        case "require": return .require(unverified)
        case "verify-ca":
            verified.certificateVerification = .noHostnameVerification
            return .require(verified)
        case "verify-full": return .require(verified)
        default: throw CentralError.invalidDatabaseURL
        }
    }

    /// A transaction whose closure's own errors come out as they were thrown, not wrapped by PostgresNIO.
    /// A deadlock or serialization failure (SQLSTATE 40P01, 40001) is retried with a short random wait,
    /// a few times, so concurrent pushes and provincial updates never reach a client as a 5xx.
    func transaction<Result: Sendable>(_ body: (PostgresConnection) async throws -> sending Result) async throws
        -> Result
    {
        var attempt = 0
        while true {
            do {
                return try await client.withTransaction(logger: logger, body)
            } catch let error as PostgresTransactionError {
                let cause = error.closureError ?? error
                attempt += 1
                guard attempt < 6, Self.isRetryable(cause) else { throw cause }
                try await Task.sleep(nanoseconds: UInt64.random(in: 1_000_000...(20_000_000 * UInt64(attempt))))
            }
        }
    }

    static func isRetryable(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError, let state = error.serverInfo?[.sqlState] else { return false }
        return state == "40P01" || state == "40001"
    }

    /// Named migrations, applied once each under an advisory lock so that gateways starting together agree.
    func migrate() async throws {
        try await transaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(4242)", logger: logger)
            try await connection.query(
                "CREATE TABLE IF NOT EXISTS schema_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
                logger: logger)
            for (identifier, statements) in PostgresSchema.migrations {
                let done =
                    try await connection.query(
                        "SELECT 1 FROM schema_migrations WHERE identifier = \(identifier)", logger: logger
                    ).collect().isEmpty == false
                if done { continue }
                for statement in statements {
                    try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                }
                try await connection.query(
                    "INSERT INTO schema_migrations (identifier) VALUES (\(identifier))", logger: logger)
            }
        }
    }

    public func insertEnrollmentToken(
        tokenHash: String, commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime
    ) async throws {
        try await client.query(
            """
            INSERT INTO enrollment_tokens (token_hash, commune_code, terminal, expires_at, created_at)
            VALUES (\(tokenHash), \(commune), \(terminal), \(expiresAt.epochSeconds), \(now.epochSeconds))
            """, logger: logger)
    }

    public func runCommuneRegistration(
        _ commune: String, unitCode: String, by operatorName: String, now: LocalTime,
        decide: @Sendable (CommuneSnapshot) throws -> Bool
    ) async throws {
        let logger = logger
        try await transaction { connection in
            // One registration at a time: two operators must not give one unit code to two communes at once.
            try await connection.query("SELECT pg_advisory_xact_lock(4243)", logger: logger)
            let row = try await connection.query(
                """
                SELECT (SELECT unit_code FROM communes WHERE code = \(commune)),
                    (SELECT unit_code FROM devices WHERE commune_code = \(commune) LIMIT 1),
                    (SELECT code FROM communes WHERE unit_code = \(unitCode) AND code <> \(commune) LIMIT 1)
                """, logger: logger
            ).collect().first
            let (registered, enrolled, other) = try row?.decode((String?, String?, String?).self) ?? (nil, nil, nil)
            let snapshot = CommuneSnapshot(
                registeredUnitCode: registered, enrolledUnitCode: enrolled, otherCommune: other)
            guard try decide(snapshot) else { return }
            try await connection.query(
                """
                INSERT INTO communes (code, unit_code, registered_at, registered_by)
                VALUES (\(commune), \(unitCode), \(now.epochSeconds), \(operatorName))
                \(unescaped: SharedStatements.communeUpsert)
                """, logger: logger)
        }
    }

    public func runEnrollment(
        tokenHash: String, terminal: Int, now: LocalTime,
        decide: @Sendable (EnrollmentSnapshot) throws -> EnrollmentPlan
    ) async throws -> EnrollmentPlan {
        let logger = logger
        do {
            return try await transaction { connection in
                let tokenRow = try await connection.query(
                    """
                    SELECT commune_code, terminal, used_at IS NOT NULL, device_id FROM enrollment_tokens
                    WHERE token_hash = \(tokenHash) AND expires_at > \(now.epochSeconds) FOR UPDATE
                    """, logger: logger
                ).collect().first
                let decoded = try tokenRow?.decode((String, Int?, Bool, String?).self)
                var reissue: Device?
                if let decoded, decoded.2, let id = decoded.3 {
                    reissue = try await connection.query(
                        """
                        SELECT id, commune_code, terminal, unit_code, last_seq, stream_id FROM devices
                        WHERE id = \(id) AND terminal = \(terminal) AND revoked_at IS NULL AND last_seen_at IS NULL
                            AND enrolled_at >= \(now.epochSeconds - Int64(reissueWindow))
                        """, logger: logger
                    ).collect().first.map { row in
                        let (id, commune, terminal, unit, last, stream) = try row.decode(
                            (String, String, Int, String, Int64, String).self)
                        return Device(
                            id: id, communeCode: commune, terminal: terminal, unitCode: unit, lastSeq: last,
                            revoked: false, streamID: stream)
                    }
                }
                let token = decoded.flatMap { !$0.2 || reissue != nil ? (commune: $0.0, terminal: $0.1) : nil }
                let commune = token?.commune ?? ""
                let taken = try await !connection.query(
                    """
                    SELECT 1 FROM devices WHERE commune_code = \(commune) AND terminal = \(terminal) AND revoked_at IS NULL
                    """, logger: logger
                ).collect().isEmpty
                let predecessor = try await connection.query(
                    """
                    SELECT stream_id, last_seq FROM devices
                    WHERE commune_code = \(commune) AND terminal = \(terminal) AND bundle_of IS NULL
                    ORDER BY last_seq DESC, enrolled_at DESC LIMIT 1
                    """, logger: logger
                ).collect().first.map { row in
                    let (stream, last) = try row.decode((String, Int64).self)
                    return EnrollmentSnapshot.Predecessor(streamID: stream, lastSeq: last)
                }
                let unit = try await connection.query(
                    "SELECT unit_code FROM communes WHERE code = \(commune)", logger: logger
                ).collect().first?.decode(String.self)
                var codes: [String] = []
                for try await code in try await connection.query(
                    "SELECT code FROM cases WHERE commune_code = \(commune)", logger: logger
                ).decode(String.self) {
                    codes.append(code)
                }
                let plan = try decide(
                    EnrollmentSnapshot(
                        token: token, terminalTaken: taken, predecessor: predecessor, communeUnitCode: unit,
                        codes: codes, reissue: reissue))
                let device = plan.device
                if plan.reissued {
                    try await connection.query(
                        "UPDATE devices SET token_hash = \(plan.tokenHash) WHERE id = \(device.id)", logger: logger)
                    return plan
                }
                try await connection.query(
                    """
                    UPDATE enrollment_tokens SET used_at = \(now.epochSeconds), device_id = \(device.id)
                    WHERE token_hash = \(tokenHash)
                    """, logger: logger)
                try await connection.query(
                    """
                    INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at, stream_id)
                    VALUES (\(device.id), \(plan.tokenHash), \(device.communeCode), \(device.terminal), \(device.unitCode),
                        \(device.lastSeq), \(now.epochSeconds), \(device.streamID))
                    """, logger: logger)
                return plan
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            // Two enrollments for one terminal at once: the unique index decides, and the loser hears 409.
            throw CentralError.terminalTaken(commune: "", terminal: terminal)
        }
    }

    public func device(forToken token: String, now: LocalTime) async throws -> Device? {
        let rows = try await client.query(
            """
            WITH seen AS (
                UPDATE devices SET last_seen_at = \(now.epochSeconds)
                WHERE token_hash = \(Tokens.hash(token)) AND revoked_at IS NULL
                RETURNING id, commune_code, terminal, unit_code, last_seq, stream_id),
            counted AS (
                INSERT INTO device_usage (device_id, day, requests) SELECT id, \(now.date.description), 1 FROM seen
                ON CONFLICT (device_id, day) DO UPDATE SET requests = device_usage.requests + 1)
            SELECT id, commune_code, terminal, unit_code, last_seq, stream_id FROM seen
            """, logger: logger
        ).collect()
        guard let row = rows.first else { return nil }
        let (id, commune, terminal, unit, last, stream) = try row.decode(
            (String, String, Int, String, Int64, String).self)
        return Device(
            id: id, communeCode: commune, terminal: terminal, unitCode: unit, lastSeq: last, revoked: false,
            streamID: stream)
    }

    static func updateCase(_ connection: PostgresConnection, _ state: CentralCaseState, now: LocalTime, logger: Logger)
        async throws
    {
        try await connection.query(
            """
            UPDATE cases SET status = \(state.status.rawValue), due_at = \(state.clock.dueAt.iso8601),
                paused_since = \(state.clock.pausedSince?.iso8601), finished_at = \(state.clock.finishedAt?.iso8601),
                updated_at = \(now.epochSeconds)
            WHERE code = \(state.code)
            """, logger: logger)
    }

    /// Takes the next change number; the counter row stays locked until this transaction commits.
    static func insertChange(
        _ connection: PostgresConnection, commune: String, deviceID: String?, kind: String, caseCode: String,
        seq: Int64?,
        outcome: String?, status: String?, reason: String?, actor: String?, occurredAt: LocalTime, clock: CaseClock?,
        logger: Logger
    ) async throws -> Int64 {
        let floor = ChangeNumbers.floor()
        let occurredAt = occurredAt.iso8601
        let clock = clock?.wire
        let rows = try await connection.query(
            """
            WITH next AS (UPDATE change_counter SET last = GREATEST(last, \(floor)) + 1 WHERE id = 1 RETURNING last)
            INSERT INTO changes (change, commune_code, device_id, kind, case_code, seq, outcome, status, reason, actor,
                occurred_at, due_at, paused_since, finished_at)
            SELECT last, \(commune), \(deviceID), \(kind), \(caseCode), \(seq), \(outcome), \(status), \(reason),
                \(actor), \(occurredAt), \(clock?.dueAt), \(clock?.pausedSince), \(clock?.finishedAt)
            FROM next
            RETURNING change
            """, logger: logger
        ).collect()
        // INSERT … RETURNING of one row returns one row, or the query threw: an empty answer is a broken store.
        guard let row = rows.first else { throw CorruptRow(table: "changes", key: "just inserted", column: "change") }
        return try row.decode(Int64.self)
    }

    public func changeRows(for device: Device, after cursor: Int64, resultsAfter: Int64, limit: Int) async throws
        -> ChangeRows
    {
        // Read the counter first: every change numbered up to it has committed (numbers follow commit order).
        let newest =
            try await client.query("SELECT last FROM change_counter WHERE id = 1", logger: logger)
            .collect().first?.decode(Int64.self) ?? 0
        // The commune's own newest change: what a device may learn of the province's activity.
        let communeNewest =
            try await client.query(
                """
                SELECT COALESCE(MAX(change), 0) FROM changes
                WHERE commune_code = \(device.communeCode) AND change <= \(newest)
                """, logger: logger
            ).collect().first?.decode(Int64.self) ?? 0
        let rows = try await client.query(
            """
            SELECT change, kind, case_code, seq, outcome, status, reason, actor, occurred_at, due_at, paused_since,
                finished_at, (SELECT c.case_id FROM cases c WHERE c.code = changes.case_code)
            FROM changes
            WHERE commune_code = \(device.communeCode) AND change > \(cursor) AND change <= \(newest)
                AND ((kind = 'status_update' AND (device_id IS NULL OR device_id <> \(device.id)))
                    OR (kind = 'event_result' AND device_id = \(device.id) AND seq > \(resultsAfter)))
            ORDER BY change LIMIT \(limit + 1)
            """, logger: logger
        ).collect()
        var changes: [WireChange] = []
        for row in rows {
            typealias Columns = (
                Int64, String, String, Int64?, String?, String?, String?, String?, String, String?, String?, String?,
                String?
            )
            let (change, kind, code, seq, outcome, status, reason, actor, at, due, paused, finished, caseID) =
                try row.decode(Columns.self)
            changes.append(
                try WireChange(
                    stored: change, kind: kind, caseCode: code, seq: seq, outcome: outcome, status: status,
                    reason: reason, actor: actor, occurredAt: at,
                    clock: due.map { WireClock(dueAt: $0, pausedSince: paused, finishedAt: finished) }, caseID: caseID))
        }
        let acked =
            try await client.query("SELECT last_seq FROM devices WHERE id = \(device.id)", logger: logger)
            .collect().first?.decode(Int64.self) ?? 0
        return ChangeRows(rows: changes, newest: communeNewest, ackedSeq: acked)
    }

    public func reconcileRows(for device: Device, eventIDs: [String], codes: [String]) async throws
        -> (held: [ReconcileResponse.Held], cases: [ReconcileResponse.HeldCase], lastSeq: Int64)
    {
        var held: [ReconcileResponse.Held] = []
        for row in try await client.query(
            """
            SELECT e.event_id, e.case_code, e.outcome, e.reason, e.change, e.status_after, c.due_at, c.paused_since,
                c.finished_at
            FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
            WHERE d.commune_code = \(device.communeCode) AND e.event_id = ANY(\(eventIDs))
            ORDER BY d.stream_id = \(device.streamID), e.change
            """, logger: logger
        ).collect() {
            let (id, code, outcome, reason, change, status, due, paused, finished) = try row.decode(
                (String, String, String, String?, Int64?, String?, String?, String?, String?).self)
            held.append(
                ReconcileResponse.Held(
                    eventID: id, caseCode: code,
                    outcome: try .stored(outcome, table: "events", column: "outcome", key: id), reason: reason,
                    change: change, status: status,
                    clock: due.map { WireClock(dueAt: $0, pausedSince: paused, finishedAt: finished) }))
        }
        var cases: [ReconcileResponse.HeldCase] = []
        for row in try await client.query(
            """
            SELECT c.code, c.case_id, c.status,
                (SELECT COALESCE(MAX(change), 0) FROM changes WHERE changes.case_code = c.code), c.due_at,
                c.paused_since, c.finished_at
            FROM cases c WHERE c.commune_code = \(device.communeCode) AND c.code = ANY(\(codes))
            """, logger: logger
        ).collect() {
            let (code, caseID, status, change, due, paused, finished) = try row.decode(
                (String, String, String, Int64, String, String?, String?).self)
            cases.append(
                ReconcileResponse.HeldCase(
                    code: code, caseID: caseID, status: status, change: change,
                    clock: WireClock(dueAt: due, pausedSince: paused, finishedAt: finished)))
        }
        let last =
            try await client.query("SELECT last_seq FROM devices WHERE id = \(device.id)", logger: logger)
            .collect().first?.decode(Int64.self) ?? 0
        return (held, cases, last)
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

    public func revoke(deviceID: String, lost: Bool, now: LocalTime) async throws -> Bool {
        let rows = try await client.query(
            """
            UPDATE devices SET revoked_at = \(now.epochSeconds), revoked_lost = \(lost)
            WHERE id = \(deviceID) AND revoked_at IS NULL RETURNING id
            """, logger: logger
        ).collect()
        return !rows.isEmpty
    }

    public func cases(communes: [String]?, status: CaseStatus?) async throws -> [CentralCase] {
        let rows = try await client.query(
            """
            SELECT \(unescaped: Self.caseColumns) FROM cases
            WHERE (\(communes)::text[] IS NULL OR commune_code = ANY(\(communes)))
                AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY received_at DESC, code
            """, logger: logger
        ).collect()
        return try rows.map(Self.centralCase)
    }

    public func historyRows(communes: [String]) async throws -> [HistoryRow] {
        var bindings = PostgresBindings()
        bindings.append(communes)
        let query = PostgresQuery(
            unsafeSQL: SharedStatements.historyRows(
                communes: "(SELECT unnest($1::text[]))", dueAt: "(document::json ->> 'due_at')"),
            binds: bindings)
        return try await client.query(query, logger: logger).collect().map { row in
            let (source, code, detail, at, body, arrived) = try row.decode(
                (String, String, String?, String, String?, Int64?).self)
            return HistoryRow(source: source, caseCode: code, detail: detail, at: at, body: body, arrived: arrived)
        }
    }

    public func changedDossiers(communes: [String], after cursor: Int64, limit: Int) async throws
        -> [ChangedDossier]
    {
        // The counter first: every change numbered up to it has committed (numbers follow commit order), so the
        // cursor never passes one still to commit.
        let bound =
            try await client.query("SELECT last FROM change_counter WHERE id = 1", logger: logger).collect().first?
            .decode(Int64.self) ?? 0
        var bindings = PostgresBindings()
        bindings.append(communes)
        bindings.append(cursor)
        bindings.append(bound)
        bindings.append(Int64(limit))
        let query = PostgresQuery(
            unsafeSQL: SharedStatements.changedDossiers(
                communes: "(SELECT unnest($1::text[]))", cursor: "$2", bound: "$3", limit: "$4"),
            binds: bindings)
        return try await client.query(query, logger: logger).collect().map { row in
            let (code, newest) = try row.decode((String, Int64).self)
            return ChangedDossier(code: code, newest: newest)
        }
    }

    public func exportRows(codes: [String]) async throws -> (cases: [CentralCase], rows: [ProcessRow]) {
        let cases = try await client.query(
            "SELECT \(unescaped: Self.caseColumns) FROM cases WHERE code = ANY(\(codes))", logger: logger
        ).collect().map(Self.centralCase)
        var bindings = PostgresBindings()
        bindings.append(codes)
        let query = PostgresQuery(
            unsafeSQL: SharedStatements.processRows(codes: "(SELECT unnest($1::text[]))"), binds: bindings)
        let rows = try await client.query(query, logger: logger).collect().map { row in
            let (source, code, who, at, detail, body, arrived, ordinal) = try row.decode(
                (String, String, String?, String, String?, String?, Int64?, Int64).self)
            return ProcessRow(
                source: source, caseCode: code, who: who, at: at, detail: detail, body: body, arrived: arrived,
                ordinal: ordinal)
        }
        return (cases, rows)
    }

    public func insertPageKept(_ dossiers: [PageRow], sha256: String, now: LocalTime) async throws {
        let logger = logger
        try await transaction { connection in
            for dossier in dossiers {
                var bindings = PostgresBindings()
                bindings.append(dossier.caseCode)
                bindings.append(sha256)
                let query = PostgresQuery(
                    unsafeSQL: SharedStatements.pageKept(code: "$1", sha256: "$2"), binds: bindings)
                guard try await connection.query(query, logger: logger).collect().isEmpty else { continue }
                _ = try await Self.insertChange(
                    connection, commune: dossier.communeCode, deviceID: nil, kind: "page_kept",
                    caseCode: dossier.caseCode, seq: nil, outcome: nil, status: nil, reason: sha256, actor: nil,
                    occurredAt: now, clock: nil, logger: logger)
            }
        }
    }

    public func pageRows(caseCode: String?, sha256: String?) async throws -> [PageRow] {
        var bindings = PostgresBindings()
        bindings.append(sha256 ?? caseCode ?? "")
        let query = PostgresQuery(
            unsafeSQL: SharedStatements.pageRows(byPage: sha256 != nil, placeholder: "$1", find: "strpos"),
            binds: bindings)
        return try await client.query(query, logger: logger).collect().map { row in
            let (code, commune, payload) = try row.decode((String, String, String).self)
            return PageRow(caseCode: code, communeCode: commune, payload: payload)
        }
    }

    public func runStatusUpdate(
        code: String, reason: String?, actor: String, now: LocalTime,
        decide: @Sendable (CentralCaseState?) throws -> CentralCaseState
    ) async throws -> CentralCase {
        let logger = logger
        return try await transaction { connection in
            let current = try await connection.query(
                "SELECT \(unescaped: Self.caseColumns) FROM cases WHERE code = \(code) FOR UPDATE", logger: logger
            ).collect().first.map(Self.caseState)
            let next = try decide(current)
            try await Self.updateCase(connection, next, now: now, logger: logger)
            _ = try await Self.insertChange(
                connection, commune: next.communeCode, deviceID: nil, kind: "status_update", caseCode: code, seq: nil,
                outcome: nil, status: next.status.rawValue, reason: reason, actor: actor, occurredAt: now,
                clock: next.clock, logger: logger)
            let rows = try await connection.query(
                "SELECT \(unescaped: Self.caseColumns) FROM cases WHERE code = \(code)", logger: logger
            ).collect()
            // Updated a statement ago in this transaction: the row is there.
            guard let row = rows.first else { throw CentralError.unknownCase(code) }
            return try Self.centralCase(row)
        }
    }

    public func runCalendarChange(
        to calendar: Data, reason: String, actor: String, now: LocalTime,
        recount: @Sendable (Data?, [OpenDossier]) throws -> [CentralCaseState]
    ) async throws -> Int {
        let logger = logger
        let open = CaseStatus.allCases.filter(\.isOpen).map(\.rawValue)
        let recorded = String(decoding: calendar, as: UTF8.self)
        return try await transaction { connection in
            // The gateway's row first: a second gateway process starting with the same catalog waits here, then
            // finds the calendar recorded.
            let stored = try await connection.query(
                "SELECT calendar::text FROM gateway_meta WHERE id = 1 FOR UPDATE", logger: logger
            ).collect().first?.decode(String?.self)
            var dossiers: [OpenDossier] = []
            for row in try await connection.query(
                "SELECT \(unescaped: Self.caseColumns) FROM cases WHERE status = ANY(\(open)) ORDER BY code FOR UPDATE",
                logger: logger
            ).collect() {
                let record = try Self.centralCase(row)
                guard let received = LocalTime(iso8601: record.receivedAt) else {
                    throw CorruptRow(table: "cases", key: record.code, column: "received_at")
                }
                dossiers.append(
                    OpenDossier(
                        state: try Self.caseState(row), procedureCode: record.procedureCode, receivedAt: received))
            }
            let moved = try recount(stored.map { Data($0.utf8) }, dossiers)
            for next in moved {
                try await Self.updateCase(connection, next, now: now, logger: logger)
                _ = try await Self.insertChange(
                    connection, commune: next.communeCode, deviceID: nil, kind: "status_update", caseCode: next.code,
                    seq: nil, outcome: nil, status: next.status.rawValue, reason: reason, actor: actor, occurredAt: now,
                    clock: next.clock, logger: logger)
            }
            try await connection.query(
                "UPDATE gateway_meta SET calendar = \(recorded)::jsonb WHERE id = 1", logger: logger)
            return moved.count
        }
    }

    public func epoch() async throws -> String {
        try await client.query("SELECT epoch FROM gateway_meta WHERE id = 1", logger: logger).collect().first?
            .decode(String.self) ?? ""
    }

    public func newEpoch() async throws -> String {
        let epoch = UUID().uuidString.lowercased()
        try await client.query("UPDATE gateway_meta SET epoch = \(epoch) WHERE id = 1", logger: logger)
        return epoch
    }

    public func rejections(communes: [String]?, since: LocalTime?, limit: Int) async throws -> [CentralRejection] {
        try await client.query(
            """
            SELECT e.device_id, d.commune_code, d.terminal, e.seq, e.case_code, e.kind, e.reason, e.occurred_at,
                e.received_at
            FROM events e JOIN devices d ON d.id = e.device_id
            WHERE e.outcome = 'rejected' AND (\(communes)::text[] IS NULL OR d.commune_code = ANY(\(communes)))
                AND e.received_at >= \(since?.epochSeconds ?? 0)
            ORDER BY e.received_at DESC, e.device_id, e.seq DESC LIMIT \(limit)
            """, logger: logger
        ).collect().map { row in
            let (device, commune, terminal, seq, code, kind, reason, occurred, received) = try row.decode(
                (String, String, Int, Int64, String, String, String?, String, Int64).self)
            return CentralRejection(
                device_id: device, commune_code: commune, terminal: terminal, seq: seq, case_code: code, kind: kind,
                reason: reason ?? "", occurred_at: occurred, received_at: LocalTime(epochSeconds: received).iso8601)
        }
    }

    public func openConflicts() async throws -> [CentralConflict] {
        try await client.query(
            "SELECT id, case_code, device_id, seq, reason, opened_at FROM conflicts WHERE resolved_at IS NULL ORDER BY id",
            logger: logger
        ).collect().map { row in
            let (id, code, device, seq, reason, opened) = try row.decode(
                (Int64, String, String, Int64, String, Int64).self)
            return CentralConflict(
                id: id, case_code: code, device_id: device, seq: seq, reason: reason,
                opened_at: LocalTime(epochSeconds: opened).iso8601)
        }
    }

    public func resolveConflict(id: Int64, by actor: String, note: String, now: LocalTime) async throws -> Bool {
        try await !client.query(
            """
            UPDATE conflicts SET resolved_at = \(now.epochSeconds), resolved_by = \(actor), resolution = \(note)
            WHERE id = \(id) AND resolved_at IS NULL RETURNING id
            """, logger: logger
        ).collect().isEmpty
    }

    /// A dossier's columns, in the order `centralCase` decodes them, with its newest open conflict.
    static let caseColumns = """
        code, case_id, commune_code, device_id, procedure_code, status, document, received_at, due_at,
        (SELECT reason FROM conflicts WHERE conflicts.case_code = cases.code AND resolved_at IS NULL
            ORDER BY id DESC LIMIT 1), paused_since, finished_at
        """

    static func caseState(_ row: PostgresRow) throws -> CentralCaseState {
        let record = try centralCase(row)
        return try CentralCaseState(
            code: record.code, caseID: record.caseID, communeCode: record.communeCode, deviceID: record.deviceID,
            status: record.status.rawValue, dueAt: record.dueAt, pausedSince: record.pausedSince,
            finishedAt: record.finishedAt)
    }

    static func centralCase(_ row: PostgresRow) throws -> CentralCase {
        let (code, caseID, commune, device, procedure, status, document, received, due, conflict, paused, finished) =
            try row.decode(
                (String, String, String, String, String, String, String, String, String, String?, String?, String?).self
            )
        return CentralCase(
            code: code, caseID: caseID, communeCode: commune, deviceID: device, procedureCode: procedure,
            status: try .stored(status, table: "cases", column: "status", key: code),
            document: try .stored(document, table: "cases", column: "document", key: code),
            receivedAt: received, dueAt: due, conflict: conflict, pausedSince: paused, finishedAt: finished)
    }
}
