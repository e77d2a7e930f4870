import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

/// The device's enrollment with the central system.
public struct Enrollment: Sendable, Hashable {
    public let centralURL: String
    public let deviceID: String
    public let token: String
    public let pullCursor: Int64
    public let lastSyncAt: LocalTime?
    /// The gateway history the desk last spoke with.
    public let epoch: String?
    /// Why the gateway refused this desk's numbering, until the device enrolls again.
    public let diverged: String?
    /// A new identity has not yet asked the central system which of the outbox's items it holds.
    public let reconcileNeeded: Bool
    /// The PEM certificate of the CA the province signs the central system's certificate with, if private.
    public let centralCA: String?
    /// Whether the desk has the central system's key to seal its outbox to.
    public let hasSealingKey: Bool

    public init(
        centralURL: String, deviceID: String, token: String, pullCursor: Int64, lastSyncAt: LocalTime?,
        epoch: String? = nil, diverged: String? = nil, reconcileNeeded: Bool = false, centralCA: String? = nil,
        hasSealingKey: Bool = false
    ) {
        self.hasSealingKey = hasSealingKey
        self.centralCA = centralCA
        self.centralURL = centralURL
        self.deviceID = deviceID
        self.token = token
        self.pullCursor = pullCursor
        self.lastSyncAt = lastSyncAt
        self.epoch = epoch
        self.diverged = diverged
        self.reconcileNeeded = reconcileNeeded
    }
}

extension Enrollment {
    /// The same enrollment reaching the gateway through another address (a proxy in the bench and the tests).
    public func via(_ url: String) -> Enrollment {
        Enrollment(centralURL: url, deviceID: deviceID, token: token, pullCursor: pullCursor, lastSyncAt: lastSyncAt)
    }
}

extension FieldCaseStore {
    /// The enrollment, its token opened with this machine's key (a token still in clear, from an earlier
    /// release, is sealed first).
    public func enrollment() throws -> Enrollment? {
        try sealClearToken()
        return try read { db in
            try Row.fetchOne(
                db,
                sql:
                    "SELECT s.*, p.device_id AS local_device FROM sync_config s JOIN profile p ON p.id = 1 WHERE s.id = 1"
            ).map { row in
                let read = row.reading("sync_config", key: "1")
                guard let sealed = try read("token_sealed", as: Data?.self),
                    let token = DeviceSecret.open(sealed, salt: try read("local_device"))
                else { throw StoreError.deviceTokenUnreadable }
                return Enrollment(
                    centralURL: try read("central_url"), deviceID: try read("central_device_id"), token: token,
                    pullCursor: try read("pull_cursor"), lastSyncAt: try read.timeIfAny("last_sync_at"),
                    epoch: try read("central_epoch"), diverged: try read("diverged"),
                    reconcileNeeded: try read("reconcile_needed"), centralCA: try read("central_ca"),
                    hasSealingKey: try read("sealing_key", as: Data?.self) != nil)
            }
        }
    }

    private func sealClearToken() throws {
        let clear = try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT s.device_token, p.device_id FROM sync_config s JOIN profile p ON p.id = 1
                    WHERE s.id = 1 AND s.device_token != ''
                    """)
        }
        guard let clear else { return }
        try write { db in
            try db.execute(
                sql: "UPDATE sync_config SET token_sealed = ?, device_token = '' WHERE id = 1",
                arguments: [
                    try DeviceSecret.seal(
                        try clear.stored("device_token", table: "sync_config", key: "1"),
                        salt: try clear.stored("device_id", table: "profile", key: "1"))
                ])
        }
    }

    /// Keeps the central system's sealing key (base64 of its 32 bytes) asked for by a desk enrolled before
    /// sealing existed, and seals what waits if an officer is signed in.
    public func saveSealingKey(_ base64: String) throws {
        guard let key = Data(base64Encoded: base64), key.count == 32 else { throw StoreError.sealing }
        try write { db in
            try db.execute(sql: "UPDATE sync_config SET sealing_key = ? WHERE id = 1", arguments: [key])
            try Self.forgetOutboxKey(db)
        }
        try sealOutstanding()
    }

    /// Items that wait for an officer's sign-in to be sealed for the central system before they can leave.
    public func itemsWaitingForSealing() throws -> Int {
        try read { db in
            try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                    WHERE ob.state = 'pending' AND ob.sealed IS NULL AND e.sealed IS NOT NULL
                    """) ?? 0
        }
    }

    /// The next pending outbox items, as they go on the wire.
    ///
    /// An item gets its wire number when it first leaves: the next of a gap-free series the gateway
    /// counts on. Items already numbered (sent, answer lost) go again first, under the same number,
    /// so a replay is a duplicate there; held items are never numbered and never sent.
    public func pendingEvents(limit: Int) throws -> [WireEvent] {
        let key = dataKey
        return try write { db in
            // An item leaves sealed to the central system, or in clear from a home not sealed yet; one whose
            // payload only the data key opens waits (with all after it) for an officer's sign-in.
            let sendable = key == nil ? "(ob.sealed IS NOT NULL OR e.sealed IS NULL)" : "1"
            let candidates = """
                SELECT ob.seq, \(sendable) AS sendable FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                WHERE ob.state = 'pending'
                """
            // Items already numbered first, in their order; then new ones, numbered as they are taken.
            let numbered = try Row.fetchAll(
                db, sql: "\(candidates) AND ob.wire_seq IS NOT NULL ORDER BY ob.wire_seq LIMIT ?", arguments: [limit])
            // The items up to the first one that may not be sent yet.
            func leading(_ rows: [Row]) throws -> [Int64] {
                var seqs: [Int64] = []
                for row in rows {
                    let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
                    guard try row.stored("sendable", table: "outbox", key: String(seq), as: Bool.self) else { break }
                    seqs.append(seq)
                }
                return seqs
            }
            var items = try leading(numbered)
            if items.count == numbered.count {
                let fresh = try leading(
                    try Row.fetchAll(
                        db, sql: "\(candidates) AND ob.wire_seq IS NULL ORDER BY ob.seq LIMIT ?",
                        arguments: [limit - items.count]))
                for seq in fresh {
                    guard
                        let next = try Int64.fetchOne(
                            db, sql: "UPDATE wire_counter SET last = last + 1 WHERE id = 1 RETURNING last")
                    else { throw StoreError.unreadable(path: path, detail: "wire_counter has no row") }
                    try db.execute(sql: "UPDATE outbox SET wire_seq = ? WHERE seq = ?", arguments: [next, seq])
                }
                items += fresh
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.wire_seq, ob.sealed AS for_central, e.event_id, e.case_id, c.code, e.kind, e.occurred_at,
                        e.payload, e.sealed, o.name AS officer
                    FROM outbox ob
                    JOIN case_events e ON e.seq = ob.seq
                    JOIN cases c ON c.id = e.case_id
                    JOIN officers o ON o.id = e.officer_id
                    WHERE ob.seq IN (\(items.map(String.init).joined(separator: ",")))
                    ORDER BY ob.wire_seq
                    """
            ).map { row in try Self.wireEvent(row, key: key) }
        }
    }

    /// An outbox row as it goes on the wire: sealed as stored, or its payload in clear with the dossier's
    /// current code (a dossier given a new code when its device enrolled again goes out under that code; the
    /// gateway does the same for a sealed payload from the event's `case_code`).
    static func wireEvent(_ row: Row, key: DataKey?) throws -> WireEvent {
        let eventID = try row.stored("event_id", table: "case_events", key: "unknown", as: String.self)
        let read = row.reading("case_events", key: eventID)
        let code: String = try read("code")
        let kind: String = try read("kind")
        var payload = JSONValue.null
        let sealed: String? = try read("for_central")
        if sealed == nil {
            do {
                payload = try JSONDecoder().decode(JSONValue.self, from: Data(try eventPayload(row, key: key).utf8))
            } catch {
                throw StoreError.sealedDataDamaged("event:\(eventID)")
            }
            if kind == CaseEventKind.created, case .object(var fields) = payload {
                fields["code"] = .string(code)
                payload = .object(fields)
            }
        }
        return WireEvent(
            seq: try read("wire_seq"), eventID: eventID, caseID: try read("case_id"), caseCode: code, kind: kind,
            occurredAt: try read.time("occurred_at").iso8601, officer: try read("officer"), payload: payload,
            sealed: sealed)
    }

    /// The number the desk stores for a central change: above every number of an earlier gateway history.
    static func localChange(_ db: Database, _ central: Int64) throws -> Int64 {
        let offset = try Int64.fetchOne(db, sql: "SELECT change_offset FROM sync_config WHERE id = 1") ?? 0
        let (local, overflow) = central.addingReportingOverflow(offset)
        guard !overflow else { throw StoreError.implausibleAnswer("change number \(central)") }
        try plausible(central, "change number")
        try plausible(local, "change number", shown: central)
        return local
    }

    /// A gateway's change numbers and cursors count rows: a negative one, or one near the end of Int64, is a
    /// broken or hostile answer, refused before any sum can overflow or a cursor stop every later pull.
    static func plausible(_ number: Int64, _ what: String, shown: Int64? = nil) throws {
        guard number >= 0, number < Int64.max / 4 else {
            throw StoreError.implausibleAnswer("\(what) \(shown ?? number)")
        }
    }

    /// A gateway restored from a backup numbers its changes anew: the desk's stored numbers go on above the
    /// old ones, and the pull starts over from the new history's beginning.
    static func beginNewHistory(_ db: Database, epoch: String) throws {
        try db.execute(
            sql: """
                UPDATE sync_config SET central_epoch = ?, pull_cursor = 0,
                    change_offset = MAX(change_offset,
                        IFNULL((SELECT MAX(change) FROM central_updates), 0),
                        IFNULL((SELECT MAX(central_change) FROM cases), 0))
                WHERE id = 1
                """, arguments: [epoch])
        // A restored gateway may lack pages it held: each is asked about again (sealed again at the next
        // sign-in), and sent only if it is missing there.
        try db.execute(sql: "UPDATE pages SET stored_centrally = 0 WHERE stored_centrally = 1")
    }

    /// Records what the central system said about pushed events: nothing is dropped, a rejection keeps its reason.
    /// A duplicate counts as its original outcome; a divergence leaves the item pending and stops the
    /// device's sync until it enrolls again. Each answer's central status is applied if it is newer.
    /// Records the answers in order; a divergence ends them: nothing after it may mark an item synced.
    public func recordPushResults(_ results: [PushResult], now: LocalTime) throws {
        try write { db in
            for result in results {
                if result.outcome == .diverged {
                    try Self.recordDivergence(db, seq: result.seq, reason: result.reason ?? "diverged", now: now)
                    return
                }
                try Self.recordOutcome(
                    db, seq: result.seq, outcome: result.effectiveOutcome, reason: result.reason, now: now)
                if let change = result.change, let status = result.status.flatMap(CaseStatus.init(rawValue:)),
                    let code = try Self.caseCode(db, wireSeq: result.seq)
                {
                    try applyCentralStatus(
                        db, code: code, status: status, clock: result.clock, change: change, at: now)
                }
            }
        }
    }

    static func recordDivergence(_ db: Database, seq: Int64, reason: String, now: LocalTime) throws {
        try db.execute(
            sql: "UPDATE outbox SET last_error = ?, updated_at = ? WHERE wire_seq = ? AND state = 'pending'",
            arguments: [try inboxSealed(db, reason), now.epochSeconds, seq])
        try db.execute(sql: "UPDATE sync_config SET diverged = ? WHERE id = 1", arguments: [reason])
    }

    static func caseCode(_ db: Database, wireSeq: Int64) throws -> String? {
        // Once per pushed event: the statement is prepared once per connection.
        try String.fetchOne(
            db.cachedStatement(
                sql: """
                    SELECT c.code FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id
                    WHERE ob.wire_seq = ?
                    """), arguments: [wireSeq])
    }

    /// Takes the central status of a dossier as of the central `change` when it is newer than what the desk holds.
    /// The desk's own status follows it once none of the dossier's items waits to leave (their answers
    /// will bring the status after them); the central system decides a dossier's status. Its due date and pause
    /// too: with the central `clock` the desk shows the gateway's due date, computed with the gateway's catalog,
    /// calendar and times, not one of its own (an older catalog, its sync time after a conflict).
    func applyCentralStatus(
        _ db: Database, code: String, status: CaseStatus, clock wire: WireClock?, change central: Int64,
        at time: LocalTime
    ) throws {
        let change = try Self.localChange(db, central)
        guard let current = try Self.fetchCaseState(db, code: code),
            let known = try Int64.fetchOne(
                db.cachedStatement(sql: "SELECT central_change FROM cases WHERE id = ?"), arguments: [current.id]),
            change > known
        else { return }
        try db.cachedStatement(
            sql: "UPDATE cases SET central_change = ?, central_status = ?, central_clock = ? WHERE id = ?"
        ).execute(
            arguments: [change, status.rawValue, try wire.map { try jsonText($0) }, current.id])
        let waiting = try Self.items(db, caseID: current.id, where: "ob.state IN ('pending', 'held')")
        guard waiting.isEmpty else { return }
        if current.status != status {
            try Self.project(db, current, to: status, at: time, calendar: try calendar(db))
        }
        try Self.takeCentralClock(db, caseID: current.id)
    }

    /// Whether the desk's dossier under `code` is another case than the one the central system holds there.
    static func heldByAnother(_ db: Database, code: String, centralCaseID: String?) throws -> Bool {
        guard let centralCaseID,
            let own = try String.fetchOne(
                db.cachedStatement(sql: "SELECT id FROM cases WHERE code = ?"), arguments: [code])
        else { return false }
        return own != centralCaseID
    }

    /// Sets the dossier's clock to the central one kept with its central status, when the gateway sent one that
    /// fits the status (a pause only while papers are awaited, a due date in this century): a damaged answer
    /// leaves the desk's own.
    static func takeCentralClock(_ db: Database, caseID: String) throws {
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT central_clock, status FROM cases WHERE id = ?"), arguments: [caseID]),
            let text = try? row.stored("central_clock", table: "cases", key: caseID, as: String.self),
            let status = try? row.stored("status", table: "cases", key: caseID, as: CaseStatus.self),
            let wire = try? JSONDecoder().decode(WireClock.self, from: Data(text.utf8)),
            let clock = CaseClock(wire), (clock.pausedSince != nil) == status.pausesClock,
            (2000...2199).contains(clock.dueAt.date.year)
        else { return }
        try db.cachedStatement(sql: "UPDATE cases SET due_at = ?, paused_since = ?, finished_at = ? WHERE id = ?")
            .execute(
                arguments: [
                    clock.dueAt.epochSeconds, clock.pausedSince?.epochSeconds, clock.finishedAt?.epochSeconds, caseID,
                ])
    }

    /// Counts a failed attempt on the items that were in flight (by wire number), so `queue` can show it. The
    /// error is the desk's own words about the link, kept in clear for `queue` without a sign-in.
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
                let local = try Self.localChange(db, change.change)
                let known =
                    try Bool.fetchOne(db, sql: "SELECT 1 FROM central_updates WHERE change = ?", arguments: [local])
                    ?? false
                if known { continue }
                // A provincial update of another dossier under a code this desk also holds (a code taken twice):
                // not this dossier's news.
                let another = try Self.heldByAnother(db, code: change.caseCode, centralCaseID: change.caseID)
                if change.kind == .statusUpdate, another { continue }
                try db.execute(
                    sql: """
                        INSERT INTO central_updates (change, kind, case_code, seq, outcome, status, reason, actor,
                            occurred_at, received_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        local, change.kind.rawValue, change.caseCode, change.seq, change.outcome?.rawValue,
                        change.status, try Self.inboxSealed(db, change.reason), change.actor, change.occurredAt,
                        now.epochSeconds,
                    ])
                if change.kind == .eventResult, let seq = change.seq, let outcome = change.outcome {
                    try Self.recordOutcome(db, seq: seq, outcome: outcome, reason: change.reason, now: now)
                }
                if let status = change.status.flatMap(CaseStatus.init(rawValue:)) {
                    let at = change.kind == .statusUpdate ? LocalTime(iso8601: change.occurredAt) ?? now : now
                    try applyCentralStatus(
                        db, code: change.caseCode, status: status, clock: change.clock, change: change.change, at: at)
                }
            }
            try Self.plausible(nextCursor, "cursor")
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

    /// The event the central system answered last (the highest wire number among answered items; after a
    /// reconciliation, which clears wire numbers, the newest answered item): a gateway that no longer holds it
    /// went back in time, however many seqs it says it holds.
    public func lastAnsweredEvent() throws -> String? {
        try read { db in
            try String.fetchOne(
                db,
                sql: """
                    SELECT e.event_id FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                    WHERE ob.state IN ('synced', 'rejected', 'conflict')
                    ORDER BY ob.wire_seq IS NULL, ob.wire_seq DESC, ob.seq DESC LIMIT 1
                    """)
        }
    }

    public func markSynced(now: LocalTime) throws {
        try write { db in
            try db.execute(sql: "UPDATE sync_config SET last_sync_at = ? WHERE id = 1", arguments: [now.epochSeconds])
        }
    }

    /// `seq` is the wire number the answer is about.
    static func recordOutcome(_ db: Database, seq: Int64, outcome: PushOutcome, reason: String?, now: LocalTime) throws
    {
        guard outcome != .diverged else { return }
        try db.cachedStatement(
            sql: """
                UPDATE outbox SET state = ?, last_error = ?, updated_at = ?
                WHERE wire_seq = ? AND state = 'pending'
                """
        ).execute(
            arguments: [SyncState(outcome).rawValue, try inboxSealed(db, reason), now.epochSeconds, seq])
    }

    /// The provincial updates of a case, oldest first, for `case show`.
    public func centralUpdates(ofCase code: String) throws -> [CentralUpdate] {
        try read { db in
            let opened = try inboxOpener(db)
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM central_updates WHERE case_code = ? AND kind = 'status_update' ORDER BY change
                    """, arguments: [code]
            ).map { row in
                let change = try row.stored("change", table: "central_updates", key: "unknown", as: Int64.self)
                let read = row.reading("central_updates", key: String(change))
                return CentralUpdate(
                    change: change, status: try read("status"), reason: opened(try read("reason")),
                    actor: try read("actor"),
                    occurredAt: try read("occurred_at"))
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

extension SyncState {
    /// The state an answered item takes: a duplicate's original outcome counts, never "duplicate" itself.
    init(_ outcome: PushOutcome) {
        switch outcome {
        case .applied, .duplicate: self = .synced
        case .rejected: self = .rejected
        case .conflict: self = .conflict
        case .diverged: self = .pending
        }
    }
}
