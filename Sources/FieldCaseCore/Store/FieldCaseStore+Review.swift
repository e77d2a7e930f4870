import Foundation
import FieldCaseRows
import GRDB

/// What a queue review command did, for its one-line answer.
public struct ReviewResult: Sendable, Hashable {
    public let caseCode: String
    public let items: [Int64]
}

extension FieldCaseStore {
    // MARK: Policy

    static let reviewBeforeSyncKey = "review_before_sync"

    /// Whether new dossiers wait for a supervisor's release before they leave the device.
    public func reviewsBeforeSync() throws -> Bool {
        try read { db in try Self.reviewsBeforeSync(db) }
    }

    static func reviewsBeforeSync(_ db: Database) throws -> Bool {
        try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [reviewBeforeSyncKey])
            == "on"
    }

    /// Turns review-before-sync on or off; supervisors only. Items already queued keep their state.
    public func setReviewBeforeSync(_ on: Bool, by actor: Officer, now: LocalTime) throws {
        try actor.require(.changePolicy)
        try write { db in
            let before = try Self.reviewsBeforeSync(db)
            guard before != on else { return }
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [Self.reviewBeforeSyncKey, on ? "on" : "off"])
            try Self.audit(
                db, AuditAction.policyChanged, by: actor, now: now, subject: "review-before-sync",
                before: ["review_before_sync": before ? "on" : "off"], after: ["review_before_sync": on ? "on" : "off"])
        }
    }

    static let pinLengthKey = "pin_length"

    /// The fewest digits a new PIN may have (6 unless a supervisor raised it): on a desk without a TPM a PIN's
    /// length is what a stolen disk's owner must search through.
    public func pinLength() throws -> Int {
        try read { db in try Self.pinLength(db) }
    }

    static func pinLength(_ db: Database) throws -> Int {
        let stored = try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [pinLengthKey])
        return min(max(stored.flatMap { Int($0) } ?? PINRule.newLength.lowerBound, PINRule.newLength.lowerBound), 12)
    }

    /// Sets the fewest digits of a new PIN; supervisors only. Officers whose PIN is shorter choose a new one at
    /// their next sign-in.
    public func setPINLength(_ length: Int, by actor: Officer, now: LocalTime) throws {
        try actor.require(.changePolicy)
        guard PINRule.newLength.contains(length) else {
            throw DomainError.invalidField(.pin, .pinFormat(minimum: min(max(length, 6), 12)))
        }
        try write { db in
            let before = try Self.pinLength(db)
            guard before != length else { return }
            try db.execute(
                sql:
                    "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                arguments: [Self.pinLengthKey, String(length)])
            try Self.audit(
                db, AuditAction.policyChanged, by: actor, now: now, subject: "pin-length",
                before: ["pin_length": String(before)], after: ["pin_length": String(length)])
        }
    }

    // MARK: Review

    /// Holds a dossier's unsent items (named by one of its items or its code); supervisors only.
    ///
    /// Holding works per dossier so that its events still reach the central system in order. Items already
    /// sent and waiting for their answer cannot be held: the gateway may have applied them.
    public func hold(_ target: String, reason rawReason: String?, by actor: Officer, now: LocalTime) throws
        -> ReviewResult
    {
        try actor.require(.reviewQueue)
        let reason = try TextRules.freeText(rawReason, field: .reason, maxLength: TextRules.maxReasonLength)
        return try write { db in
            let (caseID, code) = try Self.reviewTarget(db, target)
            let items = try Self.items(db, caseID: caseID, where: "ob.state = 'pending' AND ob.wire_seq IS NULL")
            guard !items.isEmpty else {
                if let sent = try Self.items(db, caseID: caseID, where: "ob.state = 'pending'").first {
                    throw StoreError.alreadySent(item: sent)
                }
                throw StoreError.nothingToReview(code, expected: .pending)
            }
            try Self.move(db, items, to: .held, now: now)
            try Self.audit(
                db, AuditAction.held, by: actor, now: now, caseCode: code, subject: Self.describe(items),
                before: ["state": SyncState.pending.rawValue], after: ["state": SyncState.held.rawValue],
                reason: try Self.sealedNote(reason, dataKey)
            )
            return ReviewResult(caseCode: code, items: items)
        }
    }

    /// Lets a held dossier's items go out on the next sync; supervisors only.
    public func release(_ target: String, by actor: Officer, now: LocalTime) throws -> ReviewResult {
        try actor.require(.reviewQueue)
        return try write { db in
            let (caseID, code) = try Self.reviewTarget(db, target)
            let items = try Self.items(db, caseID: caseID, where: "ob.state = 'held'")
            guard !items.isEmpty else { throw StoreError.nothingToReview(code, expected: .held) }
            try Self.move(db, items, to: .pending, now: now)
            try Self.audit(
                db, AuditAction.released, by: actor, now: now, caseCode: code, subject: Self.describe(items),
                before: ["state": SyncState.held.rawValue], after: ["state": SyncState.pending.rawValue])
            return ReviewResult(caseCode: code, items: items)
        }
    }

    /// Sends a rejected or conflicting item again, as a new transmission the gateway judges afresh
    /// (typically after the dossier was corrected by a later event); supervisors only.
    public func retry(item: Int64, by actor: Officer, now: LocalTime) throws -> ReviewResult {
        try actor.require(.reviewQueue)
        return try write { db in
            let (state, code) = try Self.item(db, item)
            guard state == .rejected || state == .conflict else {
                throw StoreError.wrongItemState(item: item, state: state, expected: [.rejected, .conflict])
            }
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'pending', wire_seq = NULL, attempts = 0, updated_at = ? WHERE seq = ?
                    """,
                arguments: [now.epochSeconds, item])
            try Self.audit(
                db, AuditAction.retried, by: actor, now: now, caseCode: code, subject: "item \(item)",
                before: ["state": state.rawValue], after: ["state": SyncState.pending.rawValue])
            return ReviewResult(caseCode: code, items: [item])
        }
    }

    /// Takes an item out of the queue for good, with a reason; supervisors only. Nothing is deleted:
    /// the item stays, marked discarded. Discarding the item that creates a dossier discards the
    /// dossier's other unsent items too and marks the dossier discarded.
    public func discard(item: Int64, reason rawReason: String?, by actor: Officer, now: LocalTime) throws
        -> ReviewResult
    {
        try actor.require(.reviewQueue)
        guard let reason = try TextRules.freeText(rawReason, field: .reason, maxLength: TextRules.maxReasonLength),
            !reason.allSatisfy(\.isWhitespace)
        else { throw DomainError.invalidField(.reason, .notEmpty) }
        return try write { db in
            let (state, code) = try Self.item(db, item)
            let inFlight =
                try Int64.fetchOne(db, sql: "SELECT wire_seq FROM outbox WHERE seq = ?", arguments: [item]) != nil
            guard [.pending, .held, .rejected, .conflict].contains(state), !(state == .pending && inFlight) else {
                if state == .pending { throw StoreError.alreadySent(item: item) }
                throw StoreError.wrongItemState(
                    item: item, state: state, expected: [.pending, .held, .rejected, .conflict])
            }
            var items = [item]
            let kind = try String.fetchOne(db, sql: "SELECT kind FROM case_events WHERE seq = ?", arguments: [item])
            if kind == CaseEventKind.created {
                guard
                    let caseID = try String.fetchOne(
                        db, sql: "SELECT case_id FROM case_events WHERE seq = ?", arguments: [item])
                else { throw StoreError.unknownQueueItem(String(item)) }
                items += try Self.items(
                    db, caseID: caseID,
                    where: "ob.seq > \(item) AND (ob.state IN ('held', 'rejected', 'conflict') "
                        + "OR (ob.state = 'pending' AND ob.wire_seq IS NULL))")
                try db.execute(
                    sql: "UPDATE cases SET discarded_at = ?, updated_at = ? WHERE id = ?",
                    arguments: [now.epochSeconds, now.epochSeconds, caseID])
            }
            try Self.move(db, items, to: .discarded, now: now)
            if kind == CaseEventKind.statusChanged, state == .pending || state == .held {
                try undoDiscardedMove(db, item: item, now: now)
            }
            try Self.audit(
                db, AuditAction.discarded, by: actor, now: now, caseCode: code, subject: Self.describe(items),
                before: ["state": state.rawValue], after: ["state": SyncState.discarded.rawValue],
                reason: try Self.sealedNote(reason, dataKey))
            return ReviewResult(caseCode: code, items: items)
        }
    }

    /// A discarded move never reaches the central system, so unless a later move of the dossier still stands,
    /// the dossier shows the central status again if the desk knows it (the province may have moved it since),
    /// else the status it was moved from. (An answered move already shows the central status.)
    func undoDiscardedMove(_ db: Database, item: Int64, now: LocalTime) throws {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT e.case_id, e.event_id, e.payload, e.sealed, c.code, c.central_status,
                        (SELECT json_extract(a.before, '$.status') FROM audit_log a
                         WHERE a.subject = 'event ' || e.seq AND a.action = 'case.status_changed') AS audited_from
                    FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.seq = ?
                    """, arguments: [item])
        else { return }
        // The trail names the status moved from; the sealed payload needs a signed-in officer to open.
        let audited = try row.stored("audited_from", table: "audit_log", key: "of event \(item)", as: String?.self)
        guard
            let from = try audited.map({
                try CaseStatus.stored($0, table: "audit_log", column: "before", key: "of event \(item)")
            })
                ?? (try? JSONDecoder().decode(
                    StatusChangedPayload.self, from: Data(try Self.eventPayload(row, key: dataKey).utf8)))?.from
        else { return }
        let read = row.reading("cases", key: "of event \(item)")
        let laterMoves = try Self.items(
            db, caseID: try read("case_id"), where: "ob.seq > \(item) AND ob.state IN ('pending', 'held')")
        let central = try read("central_status", as: String?.self).map {
            try CaseStatus.stored($0, table: "cases", column: "central_status", key: "of event \(item)")
        }
        let target = central ?? from
        guard laterMoves.isEmpty, let current = try Self.fetchCaseState(db, code: try read("code")),
            current.status != target
        else { return }
        try Self.project(db, current, to: target, at: now, calendar: try calendar(db))
        // Back at the central status: the central clock, not one counted from the discard.
        if central != nil { try Self.takeCentralClock(db, caseID: try read("case_id")) }
    }

    /// A review names a dossier by its code or by the number of one of its items.
    static func reviewTarget(_ db: Database, _ target: String) throws -> (caseID: String, code: String) {
        let sql =
            Int64(target) != nil
            ? "SELECT c.id, c.code FROM case_events e JOIN cases c ON c.id = e.case_id WHERE e.seq = ?"
            : "SELECT id, code FROM cases WHERE code = ?"
        guard
            let row = try Row.fetchOne(
                db, sql: sql, arguments: [Int64(target) ?? target as any DatabaseValueConvertible])
        else { throw StoreError.unknownQueueItem(target) }
        let read = row.reading("cases", key: target)
        return (try read("id"), try read("code"))
    }

    static func item(_ db: Database, _ seq: Int64) throws -> (SyncState, String) {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT ob.state, c.code FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                    JOIN cases c ON c.id = e.case_id WHERE ob.seq = ?
                    """, arguments: [seq])
        else { throw StoreError.unknownQueueItem(String(seq)) }
        return (
            try row.stored("state", table: "outbox", key: String(seq)),
            try row.stored("code", table: "cases", key: "of item \(seq)")
        )
    }

    static func items(_ db: Database, caseID: String, where condition: String) throws -> [Int64] {
        try Int64.fetchAll(
            db,
            sql: """
                SELECT ob.seq FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                WHERE e.case_id = ? AND \(condition) ORDER BY ob.seq
                """, arguments: [caseID])
    }

    static func hasHeldItems(_ db: Database, caseID: String) throws -> Bool {
        try !items(db, caseID: caseID, where: "ob.state = 'held'").isEmpty
    }

    static func move(_ db: Database, _ items: [Int64], to state: SyncState, now: LocalTime) throws {
        try db.execute(
            sql:
                "UPDATE outbox SET state = ?, updated_at = ? WHERE seq IN (\(items.map(String.init).joined(separator: ",")))",
            arguments: [state.rawValue, now.epochSeconds])
    }

    static func describe(_ items: [Int64]) -> String {
        (items.count == 1 ? "item " : "items ") + items.map(String.init).joined(separator: ", ")
    }
}
