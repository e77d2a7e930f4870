import FieldCaseWire
import Foundation
import GRDB

/// The device's enrollment with the central system.
public struct Enrollment: Sendable, Hashable {
    public let centralURL: String
    public let deviceID: String
    public let token: String
    public let pullCursor: Int64
    public let lastSyncAt: LocalTime?

    public init(centralURL: String, deviceID: String, token: String, pullCursor: Int64, lastSyncAt: LocalTime?) {
        self.centralURL = centralURL
        self.deviceID = deviceID
        self.token = token
        self.pullCursor = pullCursor
        self.lastSyncAt = lastSyncAt
    }
}

extension FieldCaseStore {
    public func saveEnrollment(centralURL: String, deviceID: String, token: String, now: LocalTime) throws {
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_config (id, central_url, central_device_id, device_token, enrolled_at)
                    VALUES (1, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET central_url = excluded.central_url,
                        central_device_id = excluded.central_device_id, device_token = excluded.device_token,
                        enrolled_at = excluded.enrolled_at
                    """,
                arguments: [centralURL, deviceID, token, now.epochSeconds])
        }
    }

    public func enrollment() throws -> Enrollment? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_config WHERE id = 1").map {
                Enrollment(
                    centralURL: $0["central_url"], deviceID: $0["central_device_id"], token: $0["device_token"],
                    pullCursor: $0["pull_cursor"],
                    lastSyncAt: ($0["last_sync_at"] as Int64?).map(LocalTime.init(epochSeconds:)))
            }
        }
    }

    /// The next pending outbox items, as they go on the wire.
    ///
    /// An item gets its wire number when it first leaves: the next of a gap-free series the gateway
    /// counts on. Items already numbered (sent, answer lost) go again first, under the same number,
    /// so a replay is a duplicate there; held items are never numbered and never sent.
    public func pendingEvents(limit: Int) throws -> [WireEvent] {
        try write { db in
            // Items already numbered first, in their order; then new ones, numbered as they are taken.
            var items = try Int64.fetchAll(
                db, sql: "SELECT seq FROM outbox WHERE state = 'pending' AND wire_seq IS NOT NULL ORDER BY wire_seq LIMIT ?",
                arguments: [limit])
            let fresh = try Int64.fetchAll(
                db, sql: "SELECT seq FROM outbox WHERE state = 'pending' AND wire_seq IS NULL ORDER BY seq LIMIT ?",
                arguments: [limit - items.count])
            var next = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(wire_seq), 0) + 1 FROM outbox")!
            for seq in fresh {
                try db.execute(sql: "UPDATE outbox SET wire_seq = ? WHERE seq = ?", arguments: [next, seq])
                next += 1
            }
            items += fresh
            let decoder = JSONDecoder()
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.wire_seq, e.event_id, e.case_id, c.code, e.kind, e.occurred_at, e.payload, o.name AS officer
                    FROM outbox ob
                    JOIN case_events e ON e.seq = ob.seq
                    JOIN cases c ON c.id = e.case_id
                    JOIN officers o ON o.id = e.officer_id
                    WHERE ob.seq IN (\(items.map(String.init).joined(separator: ",")))
                    ORDER BY ob.wire_seq
                    """
            ).map { row in
                WireEvent(
                    seq: row["wire_seq"], eventID: row["event_id"], caseID: row["case_id"], caseCode: row["code"],
                    kind: row["kind"], occurredAt: LocalTime(epochSeconds: row["occurred_at"]).iso8601,
                    officer: row["officer"],
                    payload: (try? decoder.decode(JSONValue.self, from: Data((row["payload"] as String).utf8))) ?? .null)
            }
        }
    }

    /// Records what the central system said about pushed events: nothing is dropped, a rejection keeps its reason.
    public func recordPushResults(_ results: [PushResult], now: LocalTime) throws {
        try write { db in
            for result in results {
                try Self.recordOutcome(db, seq: result.seq, outcome: result.outcome, reason: result.reason, now: now)
            }
        }
    }

    /// Counts a failed attempt on the items that were in flight (by wire number), so `queue` can show it.
    public func recordAttempt(seqs: [Int64], error: String, now: LocalTime) throws {
        guard !seqs.isEmpty else { return }
        try write { db in
            try db.execute(
                sql: """
                    UPDATE outbox SET attempts = attempts + 1, last_error = ?, updated_at = ?
                    WHERE wire_seq IN (\(seqs.map { _ in "?" }.joined(separator: ","))) AND state = 'pending'
                    """,
                arguments: StatementArguments([error, now.epochSeconds] as [any DatabaseValueConvertible] + seqs))
        }
    }

    /// Applies one pulled page and moves the cursor in the same transaction, so an interrupted pull
    /// resumes exactly where it stopped and a replayed page changes nothing.
    public func applyPulledPage(_ changes: [WireChange], nextCursor: Int64, now: LocalTime) throws {
        try write { db in
            for change in changes {
                let known = try Bool.fetchOne(
                    db, sql: "SELECT 1 FROM central_updates WHERE change = ?", arguments: [change.change]) ?? false
                if known { continue }
                try db.execute(
                    sql: """
                        INSERT INTO central_updates (change, kind, case_code, seq, outcome, status, reason, actor,
                            occurred_at, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        change.change, change.kind.rawValue, change.caseCode, change.seq, change.outcome?.rawValue,
                        change.status, change.reason, change.actor, change.occurredAt, now.epochSeconds,
                    ])
                switch change.kind {
                case .eventResult:
                    if let seq = change.seq, let outcome = change.outcome {
                        try Self.recordOutcome(db, seq: seq, outcome: outcome, reason: change.reason, now: now)
                    }
                case .statusUpdate:
                    if let status = change.status.flatMap(CaseStatus.init(rawValue:)),
                        let current = try Self.fetchCase(db, code: change.caseCode)
                    {
                        let at = LocalTime(iso8601: change.occurredAt) ?? now
                        try Self.project(db, current, to: status, at: at, calendar: try calendar(db))
                    }
                }
            }
            try db.execute(
                sql: "UPDATE sync_config SET pull_cursor = MAX(pull_cursor, ?) WHERE id = 1", arguments: [nextCursor])
        }
    }

    /// The highest wire number through which every item sent already has its answer from the central
    /// system, so a pull need not send those results again.
    public func answeredThrough() throws -> Int64 {
        try read { db in
            try Int64.fetchOne(
                db,
                sql: """
                    SELECT IFNULL((SELECT MIN(wire_seq) - 1 FROM outbox WHERE state = 'pending' AND wire_seq IS NOT NULL),
                                  (SELECT IFNULL(MAX(wire_seq), 0) FROM outbox))
                    """) ?? 0
        }
    }

    public func markSynced(now: LocalTime) throws {
        try write { db in
            try db.execute(sql: "UPDATE sync_config SET last_sync_at = ? WHERE id = 1", arguments: [now.epochSeconds])
        }
    }

    /// `seq` is the wire number the answer is about.
    static func recordOutcome(_ db: Database, seq: Int64, outcome: PushOutcome, reason: String?, now: LocalTime) throws {
        let state: SyncState =
            switch outcome {
            case .applied, .duplicate: .synced
            case .rejected: .rejected
            case .conflict: .conflict
            }
        try db.execute(
            sql: """
                UPDATE outbox SET state = ?, last_error = ?, updated_at = ?
                WHERE wire_seq = ? AND state = 'pending'
                """,
            arguments: [state.rawValue, reason, now.epochSeconds, seq])
    }

    /// The provincial updates of a case, oldest first, for `case show`.
    public func centralUpdates(ofCase code: String) throws -> [CentralUpdate] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM central_updates WHERE case_code = ? AND kind = 'status_update' ORDER BY change
                    """, arguments: [code]
            ).map {
                CentralUpdate(
                    change: $0["change"], status: $0["status"], reason: $0["reason"], actor: $0["actor"],
                    occurredAt: $0["occurred_at"])
            }
        }
    }
}

/// A processing update the province made to a case, as the device received it.
public struct CentralUpdate: Sendable, Hashable, Codable {
    enum CodingKeys: String, CodingKey {
        case change, status, reason, actor
        case occurredAt = "occurred_at"
    }

    public let change: Int64
    public let status: String?
    public let reason: String?
    public let actor: String?
    public let occurredAt: String
}
