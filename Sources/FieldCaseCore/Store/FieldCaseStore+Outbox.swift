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
        public let kind: String
        public let state: SyncState
        public let attempts: Int
        public let lastError: String?
        /// The first bundle still unanswered that carries the item, and when it was written.
        public let bundle: (fileName: String, since: LocalTime)?
    }

    public let counts: [SyncState: Int]
    public let oldestPending: LocalTime?
    public let items: [Item]
}

extension FieldCaseStore {
    /// Counts by state and the items that still need attention (neither synced nor discarded), oldest first.
    public func queueSummary(limit: Int = 500) throws -> QueueSummary {
        try read { db in
            var counts: [SyncState: Int] = [:]
            let grouped = "SELECT state, COUNT(*) AS n, min(seq) AS example FROM outbox GROUP BY state"
            for row in try Row.fetchAll(db, sql: grouped) {
                let key = String(try row.stored("example", table: "outbox", key: "counted by state", as: Int64.self))
                counts[try row.stored("state", table: "outbox", key: key, as: SyncState.self)] = row["n"]
            }
            let oldest = try Self.oldestPending(db)
            let items = try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.seq, c.code, e.kind, ob.state, ob.attempts, ob.last_error, b.file_name, b.exported_at
                    FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id
                    LEFT JOIN bundles b ON b.sha256 = (
                        SELECT sha256 FROM bundles WHERE answered_at IS NULL AND ob.state = 'pending'
                            AND ob.wire_seq BETWEEN first_seq AND last_seq
                        ORDER BY exported_at LIMIT 1)
                    WHERE ob.state NOT IN ('synced', 'discarded') ORDER BY ob.seq LIMIT ?
                    """, arguments: [limit]
            ).map { row in
                let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
                return QueueSummary.Item(
                    seq: seq, caseCode: try row.stored("code", table: "cases", key: "of item \(seq)"),
                    kind: try row.stored("kind", table: "case_events", key: String(seq)),
                    state: try row.stored("state", table: "outbox", key: String(seq)),
                    attempts: try row.stored("attempts", table: "outbox", key: String(seq)),
                    lastError: try row.stored("last_error", table: "outbox", key: String(seq)),
                    bundle: try (row["file_name"] as String?).map { name in
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
}

extension FieldCaseStore {
    /// When the oldest item still waiting was queued (the desk's clock may have been set back, so not
    /// simply the first by sequence); a partial index over pending items answers it without a scan.
    static func oldestPending(_ db: Database) throws -> LocalTime? {
        try Int64.fetchOne(db, sql: "SELECT MIN(enqueued_at) FROM outbox WHERE state = 'pending'")
            .map(LocalTime.init(epochSeconds:))
    }
}
