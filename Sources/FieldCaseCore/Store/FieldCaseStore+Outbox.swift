import Foundation
import FieldCaseRows
import GRDB

extension FieldCaseStore {
    /// Items waiting to leave the device, for the prompt and the banner: one indexed count, no scan of cases.
    public func pendingCount() throws -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? 0 }
    }
}

/// The outbox as `queue` shows it.
public struct QueueSummary: Sendable {
    public struct Item: Sendable {
        public let seq: Int64
        public let caseCode: String
        public let procedureCode: String
        public let kind: String
        /// What a status change moves the dossier from and to. The payload is sealed, so this needs the data
        /// key open; nil without it, and for other events.
        public let move: StatusChangedPayload?
        /// The applicant's name: personal data, read only with the data key open.
        public let applicant: String?
        public let state: SyncState
        public let attempts: Int
        public let lastError: String?
        /// Why a supervisor held the dossier: the note an officer typed is sealed, so with the data key only.
        public let holdReason: String?
        /// The first bundle still unanswered that carries the item, and when it was written.
        public let bundle: (fileName: String, since: LocalTime)?
    }

    public let counts: [SyncState: Int]
    public let oldestPending: LocalTime?
    public let items: [Item]
}

extension FieldCaseStore {
    /// Counts by state and the items that still need attention (neither synced nor discarded), oldest first.
    /// Without a signed-in officer's key the items carry no personal data: no name, no move, no hold reason.
    public func queueSummary(limit: Int = 500) throws -> QueueSummary {
        let key = dataKey
        return try read { db in
            var counts: [SyncState: Int] = [:]
            let grouped = "SELECT state, COUNT(*) AS n, min(seq) AS example FROM outbox GROUP BY state"
            for row in try Row.fetchAll(db, sql: grouped) {
                let example = String(
                    try row.stored("example", table: "outbox", key: "counted by state", as: Int64.self))
                counts[try row.stored("state", table: "outbox", key: example, as: SyncState.self)] = try row.stored(
                    "n", table: "outbox", key: example)
            }
            let oldest = try Self.oldestPending(db)
            let opened = try inboxOpener(db)
            // A dossier's latest hold is the one its held items are under (`audit_by_case` finds it).
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.seq, c.id AS case_id, c.code, c.procedure_code, e.event_id, e.kind, e.payload, e.sealed,
                        ob.state, ob.attempts, ob.last_error, b.file_name, b.exported_at,
                        CASE ob.state WHEN 'held' THEN (
                            SELECT a.reason FROM audit_log a WHERE a.case_code = c.code AND a.action = ?
                            ORDER BY a.id DESC LIMIT 1)
                        END AS hold_reason
                    FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id
                    LEFT JOIN bundles b ON b.sha256 = (
                        SELECT sha256 FROM bundles WHERE answered_at IS NULL AND ob.state = 'pending'
                            AND ob.wire_seq BETWEEN first_seq AND last_seq
                        ORDER BY exported_at LIMIT 1)
                    WHERE ob.state NOT IN ('synced', 'discarded') ORDER BY ob.seq LIMIT ?
                    """, arguments: [AuditAction.held, limit])
            let caseIDs = try rows.map { try $0.stored("case_id", table: "cases", key: "of an item", as: String.self) }
            let names = try key == nil ? [:] : applicantNames(db, caseIDs: caseIDs)
            let items = try zip(rows, caseIDs).map { row, caseID in
                let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
                let kind = try row.stored("kind", table: "case_events", key: String(seq), as: String.self)
                return QueueSummary.Item(
                    seq: seq, caseCode: try row.stored("code", table: "cases", key: "of item \(seq)"),
                    procedureCode: try row.stored("procedure_code", table: "cases", key: "of item \(seq)"), kind: kind,
                    move: try key.flatMap {
                        try StatusChangedPayload(kind: kind, payload: Self.eventPayload(row, key: $0))
                    },
                    applicant: names[caseID],
                    state: try row.stored("state", table: "outbox", key: String(seq)),
                    attempts: try row.stored("attempts", table: "outbox", key: String(seq)),
                    lastError: opened(try row.stored("last_error", table: "outbox", key: String(seq))),
                    holdReason: key == nil
                        ? nil
                        : openedNote(try row.stored("hold_reason", table: "audit_log", key: "hold of item \(seq)")),
                    bundle: try row.stored("file_name", table: "bundles", key: "of item \(seq)", as: String?.self).map {
                        name in
                        (
                            name,
                            LocalTime(
                                epochSeconds: try row.stored("exported_at", table: "bundles", key: name, as: Int64.self)
                            )
                        )
                    })
            }
            return QueueSummary(counts: counts, oldestPending: oldest, items: items)
        }
    }

    /// The applicants' names of these dossiers, each opened once however many of its items wait.
    private func applicantNames(_ db: Database, caseIDs: [String]) throws -> [String: String] {
        let ids = Array(Set(caseIDs))
        guard !ids.isEmpty else { return [:] }
        let rows = try Row.fetchAll(
            db, sql: "SELECT * FROM cases WHERE id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))",
            arguments: StatementArguments(ids))
        return Dictionary(
            uniqueKeysWithValues: try rows.map { row in
                (try row.stored("id", table: "cases", key: "unknown", as: String.self), try personalFields(row).0.name)
            })
    }
}

extension StatusChangedPayload {
    /// The move a `case.status_changed` event records, from its opened payload; nil for another kind of event
    /// (whose payload is then never opened) or a payload that does not read as a move.
    public init?(kind: String, payload: @autoclosure () throws -> String) rethrows {
        guard kind == CaseEventKind.statusChanged else { return nil }
        let text = try payload()
        guard let move = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return nil }
        self = move
    }
}

extension FieldCaseStore {
    /// When the oldest item still waiting was queued (the desk's clock may have been set back, so not
    /// simply the first by sequence); a partial index over pending items answers it without a scan.
    static func oldestPending(_ db: Database) throws -> LocalTime? {
        try Int64.fetchOne(db, sql: "SELECT MIN(enqueued_at) FROM outbox WHERE state = 'pending'")
            .map(LocalTime.init(epochSeconds:))
    }
}
