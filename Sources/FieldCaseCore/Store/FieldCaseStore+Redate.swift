import FieldCaseRows
import Foundation
import GRDB

extension FieldCaseStore {
    /// Sends again, dated right, a dossier the central system refused for the desk's clock (a dead clock battery
    /// set it to 2000, or someone set it a year ahead). The clock is put right first; then a supervisor says when
    /// the refused creation really happened. Its events are append-only and the refused ones stay as they were:
    /// every refused item of the dossier from there on is sent again as a new item, its times moved by the
    /// clock's error, and the refused ones are discarded with a reason naming their successors. The dossier's
    /// received time and due date move with it; a dossier whose day changed gets the next code of its real day.
    public func redate(item: Int64, at time: LocalTime, by actor: Officer, now: LocalTime) throws -> ReviewResult {
        try actor.require(.reviewQueue)
        guard time <= now else { throw DomainError.invalidField(.receivedAt, .notInFuture) }
        // The central system takes no dossier received before 2020 (`CentralRules.earliest`).
        guard time.date.year >= 2020 else { throw DomainError.invalidField(.receivedAt, .notBefore(year: 2020)) }
        let key = try requireKey()
        return try write { db in
            let (state, code) = try Self.item(db, item)
            guard state == .rejected else {
                throw StoreError.wrongItemState(item: item, state: state, expected: [.rejected])
            }
            guard
                let first = try Row.fetchOne(
                    db, sql: "SELECT case_id, kind, occurred_at FROM case_events WHERE seq = ?", arguments: [item]
                ).map({ $0.reading("case_events", key: String(item)) }),
                try first("kind", as: String.self) == CaseEventKind.created
            else { throw StoreError.nothingToReview(code, expected: .rejected) }
            let caseID: String = try first("case_id")
            try Self.requireClockRefusal(db, item: item, opener: try inboxOpener(db))
            let firstOccurred = try first.time("occurred_at")
            let shift = Int(time.epochSeconds - firstOccurred.epochSeconds)
            // Everything of the dossier from the refused creation on that has not reached the central system:
            // refused items, and those still waiting (sent before the new creation they would be refused too).
            let followers = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.*, ob.state, ob.wire_seq FROM case_events e JOIN outbox ob ON ob.seq = e.seq
                    WHERE e.case_id = ? AND e.seq >= ? AND ob.state IN ('rejected', 'pending', 'held') ORDER BY e.seq
                    """, arguments: [caseID, item])
            let replaced = try followers.map {
                try $0.stored("seq", table: "outbox", key: "of \(code)", as: Int64.self)
            }
            for (row, seq) in zip(followers, replaced) {
                let read = row.reading("outbox", key: String(seq))
                if try read("wire_seq", as: Int64?.self) != nil, try read("state", as: SyncState.self) == .pending {
                    throw StoreError.alreadySent(item: seq)
                }
            }
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'discarded', updated_at = ?
                    WHERE seq IN (\(replaced.map { _ in "?" }.joined(separator: ",")))
                    """,
                arguments: StatementArguments([now.epochSeconds] + replaced))
            let current = try Self.redateCase(db, caseID: caseID, code: code, receivedAt: time, by: shift, now: now)
            var sent: [Int64] = []
            var earliest = time
            for (row, seq) in zip(followers, replaced) {
                let read = row.reading("case_events", key: String(seq))
                guard
                    let recorder = try Row.fetchOne(
                        db, sql: "SELECT id, name, role, disabled FROM officers WHERE id = ?",
                        arguments: [try read("officer_id", as: Int64.self)])
                else { throw StoreError.sealedDataDamaged("officer of item \(seq)") }
                let officer = try Self.officer(recorder)
                var payload = try Self.eventPayload(row, key: key)
                let kind: String = try read("kind")
                if kind == CaseEventKind.created {
                    payload = try jsonText(try Self.redated(payload, to: current))
                }
                // Only what the wrong clock dated moves; each item stays after the one before and never ahead.
                let recorded = try read.time("occurred_at")
                let moved = Self.wronglyDated(recorded, now: now) ? recorded.adding(seconds: shift) : recorded
                let occurred = min(max(moved, earliest), now)
                earliest = occurred
                let copy = try appendEvent(
                    db, caseID: caseID, kind: kind, payload: payload, officer: officer, now: occurred)
                // A page's tie to the dossier moves with the event that attached it.
                try db.execute(
                    sql: """
                        INSERT INTO case_pages (seq, case_id, sha256, stage, component)
                        SELECT ?, case_id, sha256, stage, component FROM case_pages WHERE seq = ?
                        """, arguments: [copy, seq])
                sent.append(copy)
            }
            try Self.audit(
                db, AuditAction.redated, by: actor, now: now, caseCode: current.code,
                subject: "items \(replaced.map(String.init).joined(separator: ", "))",
                before: ["occurred_at": firstOccurred.iso8601],
                after: ["occurred_at": time.iso8601, "items": sent.map(String.init).joined(separator: ", ")])
            return ReviewResult(caseCode: current.code, items: sent)
        }
    }

    /// A time the central system refuses: before any dossier could be received, or days ahead of the clock now
    /// put right.
    static func wronglyDated(_ time: LocalTime, now: LocalTime) -> Bool {
        time < plausibleSince || time > now.adding(seconds: 48 * 3600)
    }

    /// The central system's earliest plausible time (`CentralRules.earliest`); a literal `LocalTime` reads.
    static let plausibleSince = LocalTime(iso8601: "2020-01-01T00:00:00+07:00")!

    /// Re-dating is for a creation the central system refused for the desk's time; any other refusal is put
    /// right in the dossier and sent again with `queue retry`.
    private static func requireClockRefusal(_ db: Database, item: Int64, opener: (String?) -> String?) throws {
        let said = opener(
            try String.fetchOne(db, sql: "SELECT last_error FROM outbox WHERE seq = ?", arguments: [item]))
        guard said?.contains("the desk's time") == true else { throw StoreError.notRefusedForClock(item: item) }
    }

    /// The dossier received at `received`, its due date computed again, a pause or finish the wrong clock dated
    /// moved by `shift` seconds, recoded to its real day.
    private static func redateCase(
        _ db: Database, caseID: String, code: String, receivedAt received: LocalTime, by shift: Int, now: LocalTime
    ) throws -> (code: String, receivedAt: LocalTime, dueAt: LocalTime) {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT procedure_code, received_at FROM cases WHERE id = ?", arguments: [caseID]),
            let profile = try fetchProfile(db)
        else { throw DomainError.unknownCase(code) }
        let catalog = try fetchCatalog(db)
        let procedureCode = try row.stored("procedure_code", table: "cases", key: code, as: String.self)
        guard let procedure = catalog.procedure(procedureCode) else {
            throw DomainError.unknownProcedure(procedureCode)
        }
        let due = try catalog.calendar.dueTime(receivedAt: received, processing: procedure.processing)
        try db.execute(
            sql: """
                UPDATE cases SET received_at = :received, due_at = :due,
                    paused_since = CASE WHEN paused_since < :earliest OR paused_since > :latest
                        THEN paused_since + :shift ELSE paused_since END,
                    finished_at = CASE WHEN finished_at < :earliest OR finished_at > :latest
                        THEN finished_at + :shift ELSE finished_at END,
                    updated_at = :now
                WHERE id = :id
                """,
            arguments: [
                "received": received.epochSeconds, "due": due.epochSeconds, "shift": shift,
                "earliest": plausibleSince.epochSeconds, "latest": now.adding(seconds: 48 * 3600).epochSeconds,
                "now": now.epochSeconds, "id": caseID,
            ])
        var current = code
        if DossierCode(parsing: code)?.date != received.date {
            current = try allocateCode(db, profile: profile, date: received.date).description
            try recode(
                db, caseID: caseID, from: code, to: current, now: now,
                reason: "the desk's clock was wrong: the dossier was received on \(received.date)")
        }
        return (current, received, due)
    }

    /// A creation's payload with the dossier's code, received time and due date as they are now.
    private static func redated(
        _ payload: String, to current: (code: String, receivedAt: LocalTime, dueAt: LocalTime)
    ) throws -> CaseCreatedPayload {
        var created = try JSONDecoder().decode(CaseCreatedPayload.self, from: Data(payload.utf8))
        created.code = current.code
        created.receivedAt = current.receivedAt
        created.dueAt = current.dueAt
        return created
    }
}
