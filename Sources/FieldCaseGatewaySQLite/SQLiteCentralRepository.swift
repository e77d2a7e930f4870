import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

/// The embedded default: one SQLite file (WAL, synchronous=FULL) serves a province.
public final class SQLiteCentralRepository: CentralStorage {
    let writer: any DatabaseWriter
    public let rules: GatewayRules

    public init(path: String, rules: GatewayRules? = nil) throws {
        self.rules = try rules ?? .standard()
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        // The file holds citizens' ID numbers: a folder this creates is 0700, the database and its WAL files 0600.
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        if !FileManager.default.fileExists(atPath: directory.path) {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        writer = try DatabasePool(path: path, configuration: configuration)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        }
        try CentralSchema.migrator.migrate(writer)
    }

    public init(writer: any DatabaseWriter, rules: GatewayRules? = nil) throws {
        self.writer = writer
        self.rules = try rules ?? .standard()
        try CentralSchema.migrator.migrate(writer)
    }

    public func insertEnrollmentToken(
        tokenHash: String, commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime
    ) async throws {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO enrollment_tokens (token_hash, commune_code, terminal, expires_at, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """, arguments: [tokenHash, commune, terminal, expiresAt.epochSeconds, now.epochSeconds])
        }
    }

    public func runCommuneRegistration(
        _ commune: String, unitCode: String, by operatorName: String, now: LocalTime,
        decide: @Sendable (CommuneSnapshot) throws -> Bool
    ) async throws {
        try await writer.write { db in
            let snapshot = CommuneSnapshot(
                registeredUnitCode: try String.fetchOne(
                    db, sql: "SELECT unit_code FROM communes WHERE code = ?", arguments: [commune]),
                enrolledUnitCode: try String.fetchOne(
                    db, sql: "SELECT unit_code FROM devices WHERE commune_code = ? LIMIT 1", arguments: [commune]),
                otherCommune: try String.fetchOne(
                    db, sql: "SELECT code FROM communes WHERE unit_code = ? AND code <> ? LIMIT 1",
                    arguments: [unitCode, commune]))
            guard try decide(snapshot) else { return }
            try db.execute(
                sql: """
                    INSERT INTO communes (code, unit_code, registered_at, registered_by) VALUES (?, ?, ?, ?)
                    \(SharedStatements.communeUpsert)
                    """, arguments: [commune, unitCode, now.epochSeconds, operatorName])
        }
    }

    public func runEnrollment(
        tokenHash: String, terminal: Int, now: LocalTime,
        decide: @Sendable (EnrollmentSnapshot) throws -> EnrollmentPlan
    ) async throws -> EnrollmentPlan {
        do {
            return try await writer.write { db in
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM enrollment_tokens WHERE token_hash = ? AND expires_at > ?",
                    arguments: [tokenHash, now.epochSeconds])
                let tokenRow = row.map { $0.reading("enrollment_tokens", key: "of this token") }
                let reissue = try (tokenRow?("used_at", as: Int64?.self)).flatMap { _ in
                    try tokenRow?("device_id", as: String?.self)
                }.flatMap {
                    try Row.fetchOne(
                        db,
                        sql: """
                            SELECT * FROM devices
                            WHERE id = ? AND terminal = ? AND revoked_at IS NULL AND last_seen_at IS NULL
                                AND enrolled_at >= ?
                            """, arguments: [$0, terminal, now.epochSeconds - Int64(reissueWindow)]
                    ).map(Self.device)
                }
                let token = try tokenRow.flatMap { read in
                    try read("used_at", as: Int64?.self) == nil || reissue != nil
                        ? (
                            commune: try read("commune_code", as: String.self),
                            terminal: try read("terminal", as: Int?.self)
                        )
                        : nil
                }
                let commune = token?.commune ?? ""
                let snapshot = EnrollmentSnapshot(
                    token: token,
                    terminalTaken: try Bool.fetchOne(
                        db, sql: "SELECT 1 FROM devices WHERE commune_code = ? AND terminal = ? AND revoked_at IS NULL",
                        arguments: [commune, terminal]) ?? false,
                    predecessor: try Row.fetchOne(
                        db,
                        sql: """
                            SELECT stream_id, last_seq FROM devices
                            WHERE commune_code = ? AND terminal = ? AND bundle_of IS NULL
                            ORDER BY last_seq DESC, enrolled_at DESC, rowid DESC LIMIT 1
                            """, arguments: [commune, terminal]
                    ).map { row in
                        let read = row.reading("devices", key: "terminal \(terminal) of \(commune)")
                        return EnrollmentSnapshot.Predecessor(
                            streamID: try read("stream_id"), lastSeq: try read("last_seq"))
                    },
                    communeUnitCode: try String.fetchOne(
                        db, sql: "SELECT unit_code FROM communes WHERE code = ?", arguments: [commune]),
                    codes: try String.fetchAll(
                        db, sql: "SELECT code FROM cases WHERE commune_code = ?", arguments: [commune]),
                    reissue: reissue)
                let plan = try decide(snapshot)
                let device = plan.device
                if plan.reissued {
                    try db.execute(
                        sql: "UPDATE devices SET token_hash = ? WHERE id = ?", arguments: [plan.tokenHash, device.id])
                    return plan
                }
                try db.execute(
                    sql: "UPDATE enrollment_tokens SET used_at = ?, device_id = ? WHERE token_hash = ?",
                    arguments: [now.epochSeconds, device.id, tokenHash])
                try db.execute(
                    sql: """
                        INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, last_seq, enrolled_at, stream_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        device.id, plan.tokenHash, device.communeCode, device.terminal, device.unitCode, device.lastSeq,
                        now.epochSeconds, device.streamID,
                    ])
                return plan
            }
        } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {
            // Two enrollments for one terminal at once: the unique index decides, and the loser hears 409.
            throw CentralError.terminalTaken(commune: "", terminal: terminal)
        }
    }

    public func device(forToken token: String, now: LocalTime) async throws -> Device? {
        try await writer.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT * FROM devices WHERE token_hash = ? AND revoked_at IS NULL",
                    arguments: [Tokens.hash(token)])
            else { return nil }
            let device = try Self.device(row)
            try db.execute(
                sql: "UPDATE devices SET last_seen_at = ? WHERE id = ?", arguments: [now.epochSeconds, device.id])
            try Self.countUsage(db, deviceID: device.id, day: now.date, requests: 1)
            return device
        }
    }

    public func runPush(
        _ events: [WireEvent], device: Device, now: LocalTime, plan: @Sendable (PushSnapshot) -> PushPlan,
        admit: @Sendable (DeviceUsage, PushPlan) throws -> Void
    ) async throws -> (PushPlan, [Int64]) {
        try await writer.write { db in
            let plan = plan(try Self.snapshot(db, events: events, device: device))
            try admit(try Self.usage(db, deviceID: device.id, day: now.date), plan)
            var changes: [Int64] = []
            for judged in plan.judged {
                changes.append(try Self.write(judged, device: device, db: db, now: now))
            }
            try db.execute(sql: "UPDATE devices SET last_seq = ? WHERE id = ?", arguments: [plan.lastSeq, device.id])
            try Self.countUsage(
                db, deviceID: device.id, day: now.date, events: plan.judged.count, bytes: plan.storedBytes)
            return (plan, changes)
        }
    }

    static func snapshot(_ db: Database, events: [WireEvent], device: Device) throws -> PushSnapshot {
        // Revoked since the token was checked: a successor may already continue the series.
        guard
            let last = try Int64.fetchOne(
                db,
                sql: "SELECT last_seq FROM devices WHERE id = ? AND (revoked_at IS NULL OR bundle_of IS NOT NULL)",
                arguments: [device.id])
        else { throw CentralError.deviceRevoked }
        let replayed = events.map(\.seq).filter { $0 <= last }
        var storedBySeq: [Int64: StoredEvent] = [:]
        if !replayed.isEmpty {
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.event_id, e.outcome, e.reason, e.change, e.status_after, c.due_at,
                        c.paused_since, c.finished_at
                    FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
                    WHERE d.stream_id = ? AND e.seq IN (\(placeholders(replayed.count)))
                    """, arguments: StatementArguments([device.streamID as any DatabaseValueConvertible] + replayed))
            for row in rows {
                let event = try storedEvent(row, of: device)
                storedBySeq[event.seq] = event
            }
        }
        let fresh = events.filter { $0.seq > last }.map(\.eventID)
        var heldInSeries: [String: StoredEvent] = [:]
        if !fresh.isEmpty {
            for row in try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.event_id, e.outcome, e.reason, e.change, e.status_after, c.due_at,
                        c.paused_since, c.finished_at
                    FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
                    WHERE e.event_id IN (\(placeholders(fresh.count))) AND \(SharedStatements.seriesOf("d")) = (
                        SELECT \(SharedStatements.seriesOf("p")) FROM devices p WHERE p.id = ?)
                    """, arguments: StatementArguments(fresh + [device.id]))
            {
                let event = try storedEvent(row, of: device)
                heldInSeries[event.eventID] = event
            }
        }
        let codes = Array(Set(events.map(\.caseCode)))
        let caseIDs = Array(Set(events.map(\.caseID)))
        var byCode: [String: CentralCaseState] = [:]
        var codesByCaseID: [String: String] = [:]
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM cases WHERE code IN (\(placeholders(codes.count)))
                UNION SELECT * FROM cases WHERE case_id IN (\(placeholders(caseIDs.count)))
                """, arguments: StatementArguments(codes + caseIDs))
        for row in rows {
            let state = try caseState(row)
            byCode[state.code] = state
            codesByCaseID[state.caseID] = state.code
        }
        return PushSnapshot(
            lastSeq: last, stored: storedBySeq, casesByCode: byCode, codesByCaseID: codesByCaseID,
            heldInSeries: heldInSeries
        )
    }

    static func storedEvent(_ row: Row, of device: Device) throws -> StoredEvent {
        let id = try row.stored("event_id", table: "events", key: "of \(device.id)", as: String.self)
        return StoredEvent(
            seq: try row.stored("seq", table: "events", key: id),
            eventID: id, outcome: try row.stored("outcome", table: "events", key: id),
            reason: try row.stored("reason", table: "events", key: id),
            change: try row.stored("change", table: "events", key: id),
            statusAfter: try row.stored("status_after", table: "events", key: id),
            clockAfter: try Self.clock(row, table: "changes", key: id))
    }

    /// Writes one judged event, its result change and any conflict; returns the result's change number.
    static func write(_ judged: JudgedEvent, device: Device, db: Database, now: LocalTime) throws -> Int64 {
        let event = judged.event
        switch judged.decision {
        case .create(let state, let procedureCode, let receivedAt, let document):
            try db.cachedStatement(
                sql: """
                    INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document,
                        received_at, due_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
            ).execute(
                arguments: [
                    state.code, state.caseID, state.communeCode, device.id, procedureCode, state.status.rawValue,
                    document, receivedAt.iso8601, state.clock.dueAt.iso8601, now.epochSeconds,
                ])
        case .move(let state, _):
            try updateCase(db, state, now: now)
        case .attach, .reject, .conflict, .heldAlready:
            break
        }
        let change = try insertChange(
            db, commune: device.communeCode, deviceID: device.id, kind: "event_result", caseCode: event.caseCode,
            seq: event.seq, outcome: judged.decision.outcome.rawValue, status: judged.statusAfter?.rawValue,
            clock: judged.clockAfter, reason: judged.decision.reason, actor: nil, now: now)
        try db.cachedStatement(
            sql: """
                INSERT INTO events (device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome,
                    reason, received_at, change, status_after)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                device.id, event.seq, event.eventID, event.caseCode, event.kind, event.officer, event.occurredAt,
                judged.payload, judged.decision.outcome.rawValue, judged.decision.reason, now.epochSeconds, change,
                judged.statusAfter?.rawValue,
            ])
        if let notice = judged.notice {
            try insertChange(
                db, commune: device.communeCode, deviceID: device.id, kind: "status_update", caseCode: event.caseCode,
                seq: nil, outcome: nil, status: judged.statusAfter?.rawValue, clock: judged.clockAfter,
                reason: notice.reason, actor: notice.actor, now: now, floor: 0)
        }
        if case .conflict(let reason, _) = judged.decision {
            try db.execute(
                sql: """
                    INSERT INTO conflicts (case_code, device_id, seq, event_id, reason, opened_at)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """, arguments: [event.caseCode, device.id, event.seq, event.eventID, reason, now.epochSeconds])
        }
        return change
    }

    /// Appends a change; its number follows commit order, SQLite having one writer at a time, and never
    /// repeats one given before (`ChangeNumbers`). A notice that goes with an event's result passes `floor` 0:
    /// it takes the number right after the result's.
    @discardableResult
    static func insertChange(
        _ db: Database, commune: String, deviceID: String?, kind: String, caseCode: String, seq: Int64?,
        outcome: String?, status: String?, clock: CaseClock?, reason: String?, actor: String?, now: LocalTime,
        floor: Int64 = ChangeNumbers.floor()
    ) throws -> Int64 {
        let clock = clock?.wire
        try db.cachedStatement(
            sql: """
                INSERT INTO changes (change, commune_code, device_id, kind, case_code, seq, outcome, status, reason,
                    actor, occurred_at, due_at, paused_since, finished_at)
                VALUES ((SELECT max(coalesce(max(change), 0), ?) + 1 FROM changes), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                    ?)
                """
        ).execute(
            arguments: [
                floor, commune, deviceID, kind, caseCode, seq, outcome, status, reason, actor,
                now.iso8601, clock?.dueAt, clock?.pausedSince, clock?.finishedAt,
            ])
        return db.lastInsertedRowID
    }

    static func updateCase(_ db: Database, _ state: CentralCaseState, now: LocalTime) throws {
        try db.execute(
            sql: """
                UPDATE cases SET status = ?, due_at = ?, paused_since = ?, finished_at = ?, updated_at = ?
                WHERE code = ?
                """,
            arguments: [
                state.status.rawValue, state.clock.dueAt.iso8601, state.clock.pausedSince?.iso8601,
                state.clock.finishedAt?.iso8601, now.epochSeconds, state.code,
            ])
    }

    public func changeRows(for device: Device, after cursor: Int64, resultsAfter: Int64, limit: Int) async throws
        -> ChangeRows
    {
        try await writer.read { db in
            // One read transaction sees only committed changes, all of them: the commune's own newest is what a
            // device may learn of the province's activity.
            let communeNewest =
                try Int64.fetchOne(
                    db, sql: "SELECT IFNULL(MAX(change), 0) FROM changes WHERE commune_code = ?",
                    arguments: [device.communeCode]) ?? 0
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT changes.*, (SELECT c.case_id FROM cases c WHERE c.code = changes.case_code) AS central_case_id
                    FROM changes
                    WHERE commune_code = ? AND change > ?
                        AND ((kind = 'status_update' AND (device_id IS NULL OR device_id <> ?))
                            OR (kind = 'event_result' AND device_id = ? AND seq > ?))
                    ORDER BY change LIMIT ?
                    """,
                arguments: [device.communeCode, cursor, device.id, device.id, resultsAfter, limit + 1])
            let acked =
                try Int64.fetchOne(db, sql: "SELECT last_seq FROM devices WHERE id = ?", arguments: [device.id]) ?? 0
            return ChangeRows(rows: try rows.map(Self.change), newest: communeNewest, ackedSeq: acked)
        }
    }

    static func change(_ row: Row) throws -> WireChange {
        let change = try row.stored("change", table: "changes", key: "unknown", as: Int64.self)
        let read = row.reading("changes", key: String(change))
        return try WireChange(
            stored: change, kind: try read("kind"), caseCode: try read("case_code"), seq: try read("seq"),
            outcome: try read("outcome"), status: try read("status"), reason: try read("reason"),
            actor: try read("actor"), occurredAt: try read("occurred_at"),
            clock: try clock(row, table: "changes", key: String(change)), caseID: try read("central_case_id"))
    }

    /// A dossier's clock from a row's `due_at`, `paused_since` and `finished_at`; nil where the row has none (a
    /// change recorded before the gateway kept clocks with changes).
    static func clock(_ row: Row, table: String, key: String) throws -> WireClock? {
        try (row.stored("due_at", table: table, key: key) as String?).map {
            WireClock(
                dueAt: $0, pausedSince: try row.stored("paused_since", table: table, key: key),
                finishedAt: try row.stored("finished_at", table: table, key: key))
        }
    }

    public func reconcileRows(for device: Device, eventIDs: [String], codes: [String]) async throws
        -> (held: [ReconcileResponse.Held], cases: [ReconcileResponse.HeldCase], lastSeq: Int64)
    {
        try await writer.read { db in
            let held = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.event_id, e.case_code, e.outcome, e.reason, e.change, e.status_after, c.due_at,
                        c.paused_since, c.finished_at
                    FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
                    WHERE d.commune_code = ? AND e.event_id IN (\(placeholders(eventIDs.count)))
                    ORDER BY d.stream_id = ?, e.change
                    """, arguments: StatementArguments([device.communeCode] + eventIDs + [device.streamID])
            ).map { row in
                let id = try row.stored("event_id", table: "events", key: "of \(device.id)", as: String.self)
                return ReconcileResponse.Held(
                    eventID: id, caseCode: try row.stored("case_code", table: "events", key: id),
                    outcome: try row.stored("outcome", table: "events", key: id),
                    reason: try row.stored("reason", table: "events", key: id),
                    change: try row.stored("change", table: "events", key: id),
                    status: try row.stored("status_after", table: "events", key: id),
                    clock: try Self.clock(row, table: "changes", key: id))
            }
            let cases = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, c.case_id, c.status, c.due_at, c.paused_since, c.finished_at,
                        (SELECT IFNULL(MAX(change), 0) FROM changes WHERE changes.case_code = c.code) AS change
                    FROM cases c WHERE c.commune_code = ? AND c.code IN (\(placeholders(codes.count)))
                    """, arguments: StatementArguments([device.communeCode] + codes)
            ).map { row in
                let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
                let read = row.reading("cases", key: code)
                return ReconcileResponse.HeldCase(
                    code: code, caseID: try read("case_id"), status: try read("status"), change: try read("change"),
                    clock: try Self.clock(row, table: "cases", key: code))
            }
            let last =
                try Int64.fetchOne(db, sql: "SELECT last_seq FROM devices WHERE id = ?", arguments: [device.id]) ?? 0
            return (held, cases, last)
        }
    }

    public func devices() async throws -> [DeviceSummary] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM devices ORDER BY commune_code, terminal, enrolled_at").map { row in
                let id = try row.stored("id", table: "devices", key: "unknown", as: String.self)
                let read = row.reading("devices", key: id)
                return DeviceSummary(
                    device_id: id, commune_code: try read("commune_code"), terminal: try read("terminal"),
                    unit_code: try read("unit_code"), last_seq: try read("last_seq"),
                    enrolled_at: try read.time("enrolled_at").iso8601,
                    last_seen_at: try read.timeIfAny("last_seen_at")?.iso8601,
                    revoked: try read.timeIfAny("revoked_at") != nil)
            }
        }
    }

    public func revoke(deviceID: String, lost: Bool, now: LocalTime) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: "UPDATE devices SET revoked_at = ?, revoked_lost = ? WHERE id = ? AND revoked_at IS NULL",
                arguments: [now.epochSeconds, lost, deviceID])
            return db.changesCount > 0
        }
    }

    public func cases(communes: [String]?, status: CaseStatus?) async throws -> [CentralCase] {
        // GRDB SQL literals, values bound: the desk's filtered queries are built the same way.
        var conditions: [SQL] = []
        if let communes { conditions.append("commune_code IN \(communes)") }
        if let status { conditions.append("status = \(status.rawValue)") }
        let request = SQLRequest<Row>(
            literal: """
                SELECT \(sql: Self.caseColumns) FROM cases WHERE \(conditions.joined(operator: .and))
                ORDER BY received_at DESC, code
                """)
        return try await writer.read { db in try Row.fetchAll(db, request).map(Self.centralCase) }
    }

    public func historyRows(communes: [String]) async throws -> [HistoryRow] {
        let list = String(decoding: try JSONEncoder().encode(communes), as: UTF8.self)
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: SharedStatements.historyRows(
                    communes: "(SELECT value FROM json_each(?))", dueAt: "json_extract(document, '$.due_at')"),
                arguments: [list, list, list, list]
            ).map { row in
                let read = row.reading("cases", key: "a history row")
                return HistoryRow(
                    source: try read("source"), caseCode: try read("case_code"), detail: try read("detail"),
                    at: try read("at"), body: try read("body"), arrived: try read("arrived"))
            }
        }
    }

    public func changedDossiers(communes: [String], after cursor: Int64, limit: Int) async throws
        -> [ChangedDossier]
    {
        let list = String(decoding: try JSONEncoder().encode(communes), as: UTF8.self)
        return try await writer.read { db in
            try Row.fetchAll(
                db,
                sql: SharedStatements.changedDossiers(
                    communes: "(SELECT value FROM json_each(?))", cursor: "?", bound: "?", limit: "?"),
                // One read transaction sees every change committed before it and none after: no bound needed.
                arguments: [list, cursor, Int64.max, limit]
            ).map { row in
                let read = row.reading("changes", key: "a changed dossier")
                return ChangedDossier(code: try read("case_code"), newest: try read("newest"))
            }
        }
    }

    public func exportRows(codes: [String]) async throws -> (cases: [CentralCase], rows: [ProcessRow]) {
        let list = String(decoding: try JSONEncoder().encode(codes), as: UTF8.self)
        let within = "(SELECT value FROM json_each(?))"
        return try await writer.read { db in
            let cases = try Row.fetchAll(
                db, sql: "SELECT \(Self.caseColumns) FROM cases WHERE code IN \(within)", arguments: [list]
            ).map(Self.centralCase)
            let rows = try Row.fetchAll(
                db, sql: SharedStatements.processRows(codes: within), arguments: [list, list, list, list]
            ).map { row in
                let read = row.reading("events", key: "a process row")
                return ProcessRow(
                    source: try read("source"), caseCode: try read("case_code"), who: try read("who"),
                    at: try read("at"), detail: try read("detail"), body: try read("body"),
                    arrived: try read("arrived"), ordinal: try read("ordinal"))
            }
            return (cases, rows)
        }
    }

    public func insertPageKept(_ dossiers: [PageRow], sha256: String, now: LocalTime) async throws {
        try await writer.write { db in
            for dossier in dossiers
            where try
                !(Bool.fetchOne(
                    db, sql: "SELECT EXISTS (\(SharedStatements.pageKept(code: "?", sha256: "?")))",
                    arguments: [dossier.caseCode, sha256]) ?? false)
            {
                try Self.insertChange(
                    db, commune: dossier.communeCode, deviceID: nil, kind: "page_kept", caseCode: dossier.caseCode,
                    seq: nil, outcome: nil, status: nil, clock: nil, reason: sha256, actor: nil, now: now)
            }
        }
    }

    public func pageRows(caseCode: String?, sha256: String?) async throws -> [PageRow] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: SharedStatements.pageRows(byPage: sha256 != nil, placeholder: "?", find: "instr"),
                arguments: [sha256 ?? caseCode]
            ).map { row in
                let read = row.reading("events", key: "a page row")
                return PageRow(
                    caseCode: try read("case_code"), communeCode: try read("commune_code"), payload: try read("payload")
                )
            }
        }
    }

    public func runStatusUpdate(
        code: String, reason: String?, actor: String, now: LocalTime,
        decide: @Sendable (CentralCaseState?) throws -> CentralCaseState
    ) async throws -> CentralCase {
        try await writer.write { db in
            let current = try Row.fetchOne(db, sql: "SELECT * FROM cases WHERE code = ?", arguments: [code]).map(
                Self.caseState)
            let next = try decide(current)
            try Self.updateCase(db, next, now: now)
            try Self.insertChange(
                db, commune: next.communeCode, deviceID: nil, kind: "status_update", caseCode: code, seq: nil,
                outcome: nil, status: next.status.rawValue, clock: next.clock, reason: reason, actor: actor, now: now)
            // Updated a statement ago in this transaction: the row is there.
            guard let updated = try Self.centralCase(db, code: code) else { throw CentralError.unknownCase(code) }
            return updated
        }
    }

    public func runCalendarChange(
        to calendar: Data, reason: String, actor: String, now: LocalTime,
        recount: @Sendable (Data?, [OpenDossier]) throws -> [CentralCaseState]
    ) async throws -> Int {
        let open = CaseStatus.allCases.filter(\.isOpen).map(\.rawValue)
        return try await writer.write { db in
            let stored = try String.fetchOne(db, sql: "SELECT calendar FROM gateway_meta WHERE id = 1")
            let dossiers = try Row.fetchAll(
                db,
                sql: """
                    SELECT code, case_id, commune_code, device_id, status, due_at, paused_since, finished_at,
                        procedure_code, received_at
                    FROM cases WHERE status IN (\(placeholders(open.count))) ORDER BY code
                    """,
                arguments: StatementArguments(open)
            ).map { row in
                let state = try Self.caseState(row)
                let read = row.reading("cases", key: state.code)
                guard let received = LocalTime(iso8601: try read("received_at")) else {
                    throw CorruptRow(table: "cases", key: state.code, column: "received_at")
                }
                return OpenDossier(state: state, procedureCode: try read("procedure_code"), receivedAt: received)
            }
            let moved = try recount(stored.map { Data($0.utf8) }, dossiers)
            for next in moved {
                try Self.updateCase(db, next, now: now)
                try Self.insertChange(
                    db, commune: next.communeCode, deviceID: nil, kind: "status_update", caseCode: next.code, seq: nil,
                    outcome: nil, status: next.status.rawValue, clock: next.clock, reason: reason, actor: actor,
                    now: now)
            }
            try db.execute(
                sql: "UPDATE gateway_meta SET calendar = ? WHERE id = 1",
                arguments: [String(decoding: calendar, as: UTF8.self)])
            return moved.count
        }
    }

    public func epoch() async throws -> String {
        try await writer.read { db in try String.fetchOne(db, sql: "SELECT epoch FROM gateway_meta WHERE id = 1") ?? ""
        }
    }

    public func newEpoch() async throws -> String {
        let epoch = UUID().uuidString.lowercased()
        try await writer.write { db in
            try db.execute(sql: "UPDATE gateway_meta SET epoch = ? WHERE id = 1", arguments: [epoch])
        }
        return epoch
    }

    public func rejections(communes: [String]?, since: LocalTime?, limit: Int) async throws -> [CentralRejection] {
        var conditions: [SQL] = ["e.outcome = 'rejected'"]
        if let communes { conditions.append("d.commune_code IN \(communes)") }
        if let since { conditions.append("e.received_at >= \(since.epochSeconds)") }
        let request = SQLRequest<Row>(
            literal: """
                SELECT e.device_id, d.commune_code, d.terminal, e.seq, e.case_code, e.kind, e.reason, e.occurred_at,
                    e.received_at
                FROM events e JOIN devices d ON d.id = e.device_id WHERE \(conditions.joined(operator: .and))
                ORDER BY e.received_at DESC, e.device_id, e.seq DESC LIMIT \(limit)
                """)
        return try await writer.read { db in
            try Row.fetchAll(db, request).map { row in
                let device = (try? row.stored("device_id", table: "events", key: "?", as: String.self)) ?? "?"
                let key = "\(device) \((try? row.stored("seq", table: "events", key: device, as: Int64.self)) ?? 0)"
                let read = row.reading("events", key: key)
                return CentralRejection(
                    device_id: try read("device_id"), commune_code: try read("commune_code"),
                    terminal: try read("terminal"), seq: try read("seq"), case_code: try read("case_code"),
                    kind: try read("kind"), reason: try read("reason", as: String?.self) ?? "",
                    occurred_at: try read("occurred_at"), received_at: try read.time("received_at").iso8601)
            }
        }
    }

    public func openConflicts() async throws -> [CentralConflict] {
        try await writer.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM conflicts WHERE resolved_at IS NULL ORDER BY id").map { row in
                let id = try row.stored("id", table: "conflicts", key: "unknown", as: Int64.self)
                let read = row.reading("conflicts", key: String(id))
                return CentralConflict(
                    id: id, case_code: try read("case_code"), device_id: try read("device_id"), seq: try read("seq"),
                    reason: try read("reason"), opened_at: try read.time("opened_at").iso8601)
            }
        }
    }

    public func resolveConflict(id: Int64, by actor: String, note: String, now: LocalTime) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    UPDATE conflicts SET resolved_at = ?, resolved_by = ?, resolution = ?
                    WHERE id = ? AND resolved_at IS NULL
                    """, arguments: [now.epochSeconds, actor, note, id])
            return db.changesCount > 0
        }
    }

    static func caseState(_ row: Row) throws -> CentralCaseState {
        let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
        func column<T: DatabaseValueConvertible>(_ name: String) throws(CorruptRow) -> T {
            try row.stored(name, table: "cases", key: code)
        }
        return try CentralCaseState(
            code: code, caseID: column("case_id"), communeCode: column("commune_code"), deviceID: column("device_id"),
            status: column("status"), dueAt: column("due_at"), pausedSince: column("paused_since"),
            finishedAt: column("finished_at"))
    }

    /// A dossier's columns with the reason of its newest open conflict.
    static let caseColumns = """
        cases.*, (SELECT reason FROM conflicts WHERE conflicts.case_code = cases.code AND resolved_at IS NULL
            ORDER BY id DESC LIMIT 1) AS open_conflict
        """

    static func centralCase(_ db: Database, code: String) throws -> CentralCase? {
        try Row.fetchOne(db, sql: "SELECT \(caseColumns) FROM cases WHERE code = ?", arguments: [code]).map(centralCase)
    }

    static func device(_ row: Row) throws -> Device {
        let id = try row.stored("id", table: "devices", key: "unknown", as: String.self)
        let read = row.reading("devices", key: id)
        return Device(
            id: id, communeCode: try read("commune_code"), terminal: try read("terminal"),
            unitCode: try read("unit_code"), lastSeq: try read("last_seq"),
            revoked: try read.timeIfAny("revoked_at") != nil, streamID: try read("stream_id"))
    }

    static func centralCase(_ row: Row) throws -> CentralCase {
        let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
        func column<T: DatabaseValueConvertible>(_ name: String) throws(CorruptRow) -> T {
            try row.stored(name, table: "cases", key: code)
        }
        return CentralCase(
            code: code, caseID: try column("case_id"), communeCode: try column("commune_code"),
            deviceID: try column("device_id"), procedureCode: try column("procedure_code"),
            status: try row.stored("status", table: "cases", key: code),
            document: try .stored(try column("document"), table: "cases", column: "document", key: code),
            receivedAt: try column("received_at"), dueAt: try column("due_at"), conflict: try column("open_conflict"),
            pausedSince: try column("paused_since"), finishedAt: try column("finished_at"))
    }
}

/// `?, ?, ?` for an IN list; `NULL` for an empty one, which matches nothing.
func placeholders(_ count: Int) -> String {
    count == 0 ? "NULL" : Array(repeating: "?", count: count).joined(separator: ", ")
}
