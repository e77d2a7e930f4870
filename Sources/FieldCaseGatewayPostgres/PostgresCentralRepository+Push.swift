import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Logging
import PostgresNIO

/// A push on PostgreSQL: one transaction, and one round trip per table for the whole batch (the rows travel
/// as one JSON array that `jsonb_to_recordset` turns back into rows), so a batch of a thousand events costs
/// a handful of statements, not four thousand.
extension PostgresCentralRepository {
    public func runPush(
        _ events: [WireEvent], device: Device, now: LocalTime, plan: @Sendable (PushSnapshot) -> PushPlan,
        admit: @Sendable (DeviceUsage, PushPlan) throws -> Void
    ) async throws -> (PushPlan, [Int64]) {
        let logger = logger
        return try await transaction { connection in
            let plan = plan(try await Self.snapshot(connection, events: events, device: device, logger: logger))
            try admit(try await Self.usage(connection, deviceID: device.id, day: now.date, logger: logger), plan)
            let changes = try await PushBatch(plan.judged, device: device, now: now)
                .write(connection, logger: logger)
            try await connection.query(
                "UPDATE devices SET last_seq = \(plan.lastSeq) WHERE id = \(device.id)", logger: logger)
            try await connection.query(
                """
                INSERT INTO device_usage (device_id, day, events, bytes)
                VALUES (\(device.id), \(now.date.description), \(plan.judged.count), \(plan.storedBytes))
                ON CONFLICT (device_id, day) DO UPDATE SET events = device_usage.events + excluded.events,
                    bytes = device_usage.bytes + excluded.bytes
                """, logger: logger)
            return (plan, changes)
        }
    }

    /// Locks in one order everywhere: the device row, then the batch's dossiers by code, then (when
    /// writing) the change counter. A provincial update locks a dossier, then the counter.
    static func snapshot(_ connection: PostgresConnection, events: [WireEvent], device: Device, logger: Logger)
        async throws -> PushSnapshot
    {
        // Revoked since the token was checked: a successor may already continue the series.
        guard
            let last = try await connection.query(
                """
                SELECT last_seq FROM devices WHERE id = \(device.id) AND (revoked_at IS NULL OR bundle_of IS NOT NULL)
                FOR UPDATE
                """, logger: logger
            ).collect().first?.decode(Int64.self)
        else { throw CentralError.deviceRevoked }
        let replayed = events.map(\.seq).filter { $0 <= last }
        var stored: [Int64: StoredEvent] = [:]
        if !replayed.isEmpty {
            let rows = try await connection.query(
                """
                SELECT e.seq, e.event_id, e.outcome, e.reason, e.change, e.status_after, c.due_at, c.paused_since,
                    c.finished_at
                FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
                WHERE d.stream_id = \(device.streamID) AND e.seq = ANY(\(replayed))
                """, logger: logger
            ).collect()
            for row in rows {
                let event = try storedEvent(row)
                stored[event.seq] = event
            }
        }
        let codes = Array(Set(events.map(\.caseCode)))
        let caseIDs = Array(Set(events.map(\.caseID)))
        let rows = try await connection.query(
            """
            SELECT \(unescaped: caseColumns) FROM cases WHERE code = ANY(\(codes)) OR case_id = ANY(\(caseIDs))
            ORDER BY code FOR UPDATE
            """, logger: logger
        ).collect()
        var byCode: [String: CentralCaseState] = [:]
        var codesByCaseID: [String: String] = [:]
        for row in rows {
            let state = try caseState(row)
            byCode[state.code] = state
            codesByCaseID[state.caseID] = state.code
        }
        // Read after the dossiers' locks: a push of the same events from another device of the series that held
        // them has committed by now, and this statement sees it.
        var heldInSeries: [String: StoredEvent] = [:]
        let fresh = events.filter { $0.seq > last }.map(\.eventID)
        if !fresh.isEmpty {
            for row in try await connection.query(
                """
                SELECT e.seq, e.event_id, e.outcome, e.reason, e.change, e.status_after, c.due_at, c.paused_since,
                    c.finished_at
                FROM events e JOIN devices d ON d.id = e.device_id LEFT JOIN changes c ON c.change = e.change
                WHERE e.event_id = ANY(\(fresh))
                    AND \(unescaped: SharedStatements.seriesOf("d"))
                        = (SELECT \(unescaped: SharedStatements.seriesOf("p")) FROM devices p WHERE p.id = \(device.id))
                """, logger: logger
            ).collect() {
                let event = try storedEvent(row)
                heldInSeries[event.eventID] = event
            }
        }
        return PushSnapshot(
            lastSeq: last, stored: stored, casesByCode: byCode, codesByCaseID: codesByCaseID, heldInSeries: heldInSeries
        )
    }

    /// An event as a replay's answer reads it: seq, id, outcome, reason, change, status and clock after.
    static func storedEvent(_ row: PostgresRow) throws -> StoredEvent {
        let (seq, id, outcome, reason, change, status, due, paused, finished) = try row.decode(
            (Int64, String, String, String?, Int64?, String?, String?, String?, String?).self)
        return StoredEvent(
            seq: seq, eventID: id, outcome: try .stored(outcome, table: "events", column: "outcome", key: id),
            reason: reason, change: change, statusAfter: status,
            clockAfter: due.map { WireClock(dueAt: $0, pausedSince: paused, finishedAt: finished) })
    }
}

/// The rows a judged batch writes, built once in the order the events were judged.
struct PushBatch {
    struct CaseRow: Encodable {
        let code, case_id, commune_code, device_id, procedure_code, status, document, received_at, due_at: String
        let paused_since, finished_at: String?
        let updated_at: Int64
    }

    struct ChangeRow: Encodable {
        let change: Int64
        let commune_code: String
        let device_id: String
        let kind: String
        let case_code: String
        let seq: Int64?
        let outcome, status, reason, actor: String?
        let occurred_at: String
        let due_at, paused_since, finished_at: String?

        init(
            change: Int64, commune_code: String, device_id: String, kind: String, case_code: String, seq: Int64?,
            outcome: String?, status: String?, reason: String?, actor: String?, occurred_at: String, clock: CaseClock?
        ) {
            (self.change, self.commune_code, self.device_id, self.kind, self.case_code, self.seq) =
                (change, commune_code, device_id, kind, case_code, seq)
            (self.outcome, self.status, self.reason, self.actor, self.occurred_at) =
                (outcome, status, reason, actor, occurred_at)
            let wire = clock?.wire
            (due_at, paused_since, finished_at) = (wire?.dueAt, wire?.pausedSince, wire?.finishedAt)
        }
    }

    struct EventRow: Encodable {
        let device_id: String
        let seq: Int64
        let event_id, case_code, kind, officer, occurred_at, payload, outcome: String
        let reason: String?
        let received_at, change: Int64
        let status_after: String?
    }

    struct ConflictRow: Encodable {
        let case_code, device_id: String
        let seq: Int64
        let event_id, reason: String
        let opened_at: Int64
    }

    let judged: [JudgedEvent]
    let device: Device
    let now: LocalTime

    init(_ judged: [JudgedEvent], device: Device, now: LocalTime) {
        self.judged = judged
        self.device = device
        self.now = now
    }

    /// Writes the batch and returns each event's result change number. Numbers are taken in one step from
    /// the counter (locked until commit, so readers never pass a number still to commit), in the order the
    /// one-event-at-a-time writer gave them: an event's result, then its notice to the commune's desks.
    func write(_ connection: PostgresConnection, logger: Logger) async throws -> [Int64] {
        guard !judged.isEmpty else { return [] }
        let count = judged.count + judged.filter { $0.notice != nil }.count
        guard
            let last = try await connection.query(
                """
                UPDATE change_counter SET last = GREATEST(last, \(ChangeNumbers.floor())) + \(count) WHERE id = 1
                RETURNING last
                """, logger: logger
            ).collect().first?.decode(Int64.self)
        else { throw CorruptRow(table: "change_counter", key: "1", column: "last") }
        var next = last - Int64(count)
        var results: [Int64] = []
        var changes: [ChangeRow] = []
        var events: [EventRow] = []
        var created: [CaseRow] = []
        var moved: [String: CaseRow] = [:]
        var conflicts: [ConflictRow] = []
        for item in judged {
            let event = item.event
            switch item.decision {
            case .create(let state, let procedureCode, let receivedAt, let document):
                created.append(
                    row(state, procedureCode: procedureCode, document: document, receivedAt: receivedAt.iso8601))
            case .move(let state, _):
                // Moves of one dossier in one batch: the last state is the one to keep.
                moved[state.code] = row(state, procedureCode: "", document: "", receivedAt: "")
            case .attach, .reject, .conflict, .heldAlready:
                break
            }
            next += 1
            results.append(next)
            changes.append(
                ChangeRow(
                    change: next, commune_code: device.communeCode, device_id: device.id, kind: "event_result",
                    case_code: event.caseCode, seq: event.seq, outcome: item.decision.outcome.rawValue,
                    status: item.statusAfter?.rawValue, reason: item.decision.reason, actor: nil,
                    occurred_at: now.iso8601, clock: item.clockAfter))
            events.append(
                EventRow(
                    device_id: device.id, seq: event.seq, event_id: event.eventID, case_code: event.caseCode,
                    kind: event.kind, officer: event.officer, occurred_at: event.occurredAt, payload: item.payload,
                    outcome: item.decision.outcome.rawValue, reason: item.decision.reason,
                    received_at: now.epochSeconds, change: next, status_after: item.statusAfter?.rawValue))
            if let notice = item.notice {
                next += 1
                changes.append(
                    ChangeRow(
                        change: next, commune_code: device.communeCode, device_id: device.id, kind: "status_update",
                        case_code: event.caseCode, seq: nil, outcome: nil, status: item.statusAfter?.rawValue,
                        reason: notice.reason, actor: notice.actor, occurred_at: now.iso8601, clock: item.clockAfter))
            }
            if case .conflict(let reason, _) = item.decision {
                conflicts.append(
                    ConflictRow(
                        case_code: event.caseCode, device_id: device.id, seq: event.seq, event_id: event.eventID,
                        reason: reason, opened_at: now.epochSeconds))
            }
        }
        // Cases first (a created dossier's later move updates the row just inserted), then what refers to them.
        if !created.isEmpty {
            try await connection.query(
                """
                INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document,
                    received_at, due_at, paused_since, finished_at, updated_at)
                SELECT code, case_id, commune_code, device_id, procedure_code, status, document, received_at, due_at,
                    paused_since, finished_at, updated_at
                FROM jsonb_to_recordset(\(try Self.json(created))::jsonb) AS r(code text, case_id text,
                    commune_code text, device_id text, procedure_code text, status text, document text,
                    received_at text, due_at text, paused_since text, finished_at text, updated_at bigint)
                """, logger: logger)
        }
        if !moved.isEmpty {
            try await connection.query(
                """
                UPDATE cases SET status = r.status, due_at = r.due_at, paused_since = r.paused_since,
                    finished_at = r.finished_at, updated_at = r.updated_at
                FROM jsonb_to_recordset(\(try Self.json(Array(moved.values)))::jsonb) AS r(code text, status text,
                    due_at text, paused_since text, finished_at text, updated_at bigint)
                WHERE cases.code = r.code
                """, logger: logger)
        }
        try await connection.query(
            """
            INSERT INTO changes (change, commune_code, device_id, kind, case_code, seq, outcome, status, reason, actor,
                occurred_at, due_at, paused_since, finished_at)
            SELECT change, commune_code, device_id, kind, case_code, seq, outcome, status, reason, actor, occurred_at,
                due_at, paused_since, finished_at
            FROM jsonb_to_recordset(\(try Self.json(changes))::jsonb) AS r(change bigint, commune_code text,
                device_id text, kind text, case_code text, seq bigint, outcome text, status text, reason text,
                actor text, occurred_at text, due_at text, paused_since text, finished_at text)
            """, logger: logger)
        try await connection.query(
            """
            INSERT INTO events (device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome,
                reason, received_at, change, status_after)
            SELECT device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome, reason,
                received_at, change, status_after
            FROM jsonb_to_recordset(\(try Self.json(events))::jsonb) AS r(device_id text, seq bigint, event_id text,
                case_code text, kind text, officer text, occurred_at text, payload text, outcome text, reason text,
                received_at bigint, change bigint, status_after text)
            """, logger: logger)
        if !conflicts.isEmpty {
            try await connection.query(
                """
                INSERT INTO conflicts (case_code, device_id, seq, event_id, reason, opened_at)
                SELECT case_code, device_id, seq, event_id, reason, opened_at
                FROM jsonb_to_recordset(\(try Self.json(conflicts))::jsonb) AS r(case_code text, device_id text,
                    seq bigint, event_id text, reason text, opened_at bigint)
                """, logger: logger)
        }
        return results
    }

    func row(_ state: CentralCaseState, procedureCode: String, document: String, receivedAt: String) -> CaseRow {
        CaseRow(
            code: state.code, case_id: state.caseID, commune_code: state.communeCode, device_id: device.id,
            procedure_code: procedureCode, status: state.status.rawValue, document: document, received_at: receivedAt,
            due_at: state.clock.dueAt.iso8601, paused_since: state.clock.pausedSince?.iso8601,
            finished_at: state.clock.finishedAt?.iso8601, updated_at: now.epochSeconds)
    }

    static func json(_ rows: some Encodable) throws -> String {
        String(decoding: try JSONEncoder().encode(rows), as: UTF8.self)
    }
}
