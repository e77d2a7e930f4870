import Foundation
import FieldCaseRows
import GRDB

/// Which cases `case list` shows.
public struct CaseFilter: Sendable {
    public var status: CaseStatus?
    public var openOnly = false
    public var limit: Int?
    public var receivedFrom: LocalTime?
    public var receivedBefore: LocalTime?

    public init(status: CaseStatus? = nil, openOnly: Bool = false, limit: Int? = nil) {
        self.status = status
        self.openOnly = openOnly
        self.limit = limit
    }
}

extension FieldCaseStore {
    /// The dossier with this code, or the one it was recoded to (a citizen's slip keeps the code it printed).
    public func caseRecord(code: String) throws -> CaseRecord? {
        try read { db in
            try fetchCase(db, code: code) ?? Self.recodedTo(db, code).flatMap { try fetchCase(db, code: $0) }
        }
    }

    /// The code a dossier has now, following each recoding from `code` (a unit code changed, a code taken on
    /// the central system), or nil when `code` was never recoded.
    static func recodedTo(_ db: Database, _ code: String) throws -> String? {
        var current: String?
        var seen: Set<String> = [code]
        while let next = try String.fetchOne(
            db,
            sql: """
                SELECT case_code FROM audit_log WHERE action = 'case.recoded' AND json_extract(before, '$.code') = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [current ?? code]), seen.insert(next).inserted
        {
            current = next
        }
        return current
    }

    /// Cases newest first. The filter's conditions are GRDB SQL literals (values bound, never spliced),
    /// joined by GRDB: the store's filtered queries are all built this one way.
    public func cases(_ filter: CaseFilter = CaseFilter()) throws -> [CaseRecord] {
        var conditions: [SQL] = []
        if let status = filter.status { conditions.append("c.status = \(status.rawValue)") }
        if filter.openOnly { conditions.append("c.status IN \(CaseStatus.allCases.filter(\.isOpen).map(\.rawValue))") }
        if let from = filter.receivedFrom { conditions.append("c.received_at >= \(from.epochSeconds)") }
        if let before = filter.receivedBefore { conditions.append("c.received_at < \(before.epochSeconds)") }
        let limit: SQL = filter.limit.map { "LIMIT \($0)" } ?? ""
        let request = SQLRequest<Row>(
            literal: """
                \(sql: Self.caseSelect) WHERE \(conditions.joined(operator: .and))
                ORDER BY c.received_at DESC, c.code DESC \(limit)
                """)
        return try read { db in try Row.fetchAll(db, request).map { try caseRecord($0) } }
    }

    /// Finds cases by dossier code (also one it had before the desk enrolled again), or by the starts of
    /// words of the applicant's name, ID number or phone in any Unicode form and with or without diacritics,
    /// through the blind index: the words themselves are never stored.
    public func findCases(_ text: String, limit: Int = 50) throws -> [CaseRecord] {
        let tokens = BlindIndex(try requireKey()).queryTokens(text)
        let code = text.trimmingCharacters(in: .whitespaces)
        guard !tokens.isEmpty || code.contains("-") else { return [] }
        return try read { db in
            // A dossier code (not personal data, kept in clear): the dossier, one recoded from it, or those under it.
            // Unit codes hold dots and letters (000.00.06.H56-250610-1001); names hold no ASCII-only hyphenated word.
            if code.contains("-"),
                code.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") })
            {
                return try casesUnderCode(db, code, limit: limit)
            }
            let placeholders = Array(repeating: "?", count: tokens.count).joined(separator: ", ")
            let candidates = try String.fetchAll(
                db,
                sql: """
                    SELECT c.id FROM cases c
                    WHERE c.id IN (
                        SELECT case_id FROM case_tokens WHERE token IN (\(placeholders))
                        GROUP BY case_id HAVING COUNT(DISTINCT token) = ?)
                    ORDER BY c.received_at DESC, c.code DESC LIMIT ?
                    """,
                arguments: StatementArguments(tokens) + [Set(tokens).count, limit * 40])
            // Opened a page at a time, newest first, until enough match: short query words have no token and
            // are checked on the opened dossier.
            var found: [CaseRecord] = []
            for page in stride(from: 0, to: candidates.count, by: limit) where found.count < limit {
                let ids = candidates[page..<min(page + limit, candidates.count)]
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        \(Self.caseSelect) WHERE c.id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))
                        ORDER BY c.received_at DESC, c.code DESC
                        """, arguments: StatementArguments(Array(ids)))
                found += try rows.map { try caseRecord($0) }.filter { BlindIndex.matches(text, $0.applicant) }
            }
            return Array(found.prefix(limit))
        }
    }

    func casesUnderCode(_ db: Database, _ code: String, limit: Int) throws -> [CaseRecord] {
        if let exact = try fetchCase(db, code: code) { return [exact] }
        if let renamed = try Self.recodedTo(db, code), let exact = try fetchCase(db, code: renamed) { return [exact] }
        return try Row.fetchAll(
            db, sql: "\(Self.caseSelect) WHERE c.code >= ? AND c.code < ? ORDER BY c.received_at DESC LIMIT ?",
            arguments: [code, code + "\u{10FFFF}", limit]
        ).map { try caseRecord($0) }
    }

    /// Dossier codes starting with `prefix`, newest first, for completion.
    public func codes(withPrefix prefix: String, limit: Int = 50) throws -> [String] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT code FROM cases WHERE code >= ? AND code < ? ORDER BY received_at DESC LIMIT ?",
                arguments: [prefix, prefix + "\u{10FFFF}", limit])
        }
    }

    /// The case's history, oldest first, with where each event stands in the outbox.
    public func events(ofCase caseID: String) throws -> [CaseEventRecord] {
        let key = dataKey
        return try read { db in
            let opened = try inboxOpener(db)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT e.seq, e.event_id, e.kind, e.occurred_at, e.payload, e.sealed, o.name AS officer,
                        ob.state, ob.last_error
                    FROM case_events e
                    JOIN officers o ON o.id = e.officer_id
                    JOIN outbox ob ON ob.seq = e.seq
                    WHERE e.case_id = ? ORDER BY e.seq
                    """,
                arguments: [caseID]
            ).map { row in
                let seq = try row.stored("seq", table: "case_events", key: "of dossier \(caseID)", as: Int64.self)
                return CaseEventRecord(
                    seq: seq, eventID: try row.stored("event_id", table: "case_events", key: String(seq)),
                    kind: try row.stored("kind", table: "case_events", key: String(seq)),
                    occurredAt: try row.storedTime("occurred_at", table: "case_events", key: String(seq)),
                    officerName: try row.stored("officer", table: "officers", key: "of event \(seq)"),
                    payload: try Self.eventPayload(row, key: key),
                    syncState: try row.stored("state", table: "outbox", key: String(seq)),
                    lastError: opened(try row.stored("last_error", table: "outbox", key: String(seq))))
            }
        }
    }

    static let caseSelect = """
        SELECT c.*, o.name AS officer_name,
            (SELECT group_concat(ob.state) FROM case_events e JOIN outbox ob ON ob.seq = e.seq
             WHERE e.case_id = c.id) AS sync_states
        FROM cases c JOIN officers o ON o.id = c.officer_id
        """

    /// The case with that code.
    func fetchCase(_ db: Database, code: String) throws -> CaseRecord? {
        try Row.fetchOne(db, sql: "\(Self.caseSelect) WHERE c.code = ?", arguments: [code]).map(caseRecord)
    }

    /// What of the case with that code needs no data key: status and clock, for the province's updates and
    /// the queue's review, which run without a signed-in officer.
    static func fetchCaseState(_ db: Database, code: String) throws -> CaseState? {
        try Row.fetchOne(
            db, sql: "SELECT id, code, status, due_at, paused_since, finished_at FROM cases WHERE code = ?",
            arguments: [code]
        ).map(CaseState.init(row:))
    }

    /// A case row as the store's callers see it; every column is read without traps (`CorruptRow`).
    func caseRecord(_ row: Row) throws -> CaseRecord {
        let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
        func column<T: DatabaseValueConvertible>(_ name: String, as type: T.Type = T.self) throws(CorruptRow) -> T {
            try row.stored(name, table: "cases", key: code)
        }
        let (applicant, summary, documents) = try personalFields(row)
        let states = try (try column("sync_states", as: String?.self) ?? "").split(separator: ",").map {
            try SyncState.stored(String($0), table: "outbox", column: "state", key: "of dossier \(code)")
        }
        return CaseRecord(
            id: try column("id"), code: code, procedureCode: try column("procedure_code"),
            channel: try row.stored("channel", table: "cases", key: code), applicant: applicant,
            status: try row.stored("status", table: "cases", key: code),
            receivedAt: try row.storedTime("received_at", table: "cases", key: code),
            dueAt: try row.storedTime("due_at", table: "cases", key: code),
            pausedSince: try row.storedTimeIfAny("paused_since", table: "cases", key: code),
            finishedAt: try row.storedTimeIfAny("finished_at", table: "cases", key: code), documents: documents,
            fee: Fee(amount: try column("fee"), paid: try column("paid")), summary: summary,
            officerName: try row.stored("officer_name", table: "officers", key: "of dossier \(code)"),
            syncState: SyncState.summarize(states),
            discardedAt: try row.storedTimeIfAny("discarded_at", table: "cases", key: code))
    }
}
