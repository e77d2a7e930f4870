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
                    db, sql: "SELECT case_id, kind, occurred_at FROM case_events WHERE seq = ?", arguments: [item]),
                (first["kind"] as String) == CaseEventKind.created
            else { throw StoreError.nothingToReview(code, expected: .rejected) }
            let caseID: String = first["case_id"]
            let shift = Int(time.epochSeconds - (first["occurred_at"] as Int64))
            let refused = try Row.fetchAll(
                db,
                sql: """
                    SELECT e.* FROM case_events e JOIN outbox ob ON ob.seq = e.seq
                    WHERE e.case_id = ? AND e.seq >= ? AND ob.state = 'rejected' ORDER BY e.seq
                    """, arguments: [caseID, item])
            let current = try Self.redateCase(db, caseID: caseID, code: code, by: shift, now: now)
            var sent: [Int64] = []
            for row in refused {
                guard
                    let recorder = try Row.fetchOne(
                        db, sql: "SELECT id, name, role, disabled FROM officers WHERE id = ?",
                        arguments: [row["officer_id"] as Int64])
                else { throw StoreError.sealedDataDamaged("officer of item \(row["seq"] as Int64)") }
                let officer = try Self.officer(recorder)
                var payload = try Self.eventPayload(row, key: key)
                if (row["kind"] as String) == CaseEventKind.created {
                    payload = try jsonText(try Self.redated(payload, to: current))
                }
                let occurred = LocalTime(epochSeconds: row["occurred_at"]).adding(seconds: shift)
                sent.append(
                    try appendEvent(
                        db, caseID: caseID, kind: row["kind"], payload: payload, officer: officer, now: occurred))
            }
            let replaced = refused.map { $0["seq"] as Int64 }
            try db.execute(
                sql: """
                    UPDATE outbox SET state = 'discarded', updated_at = ?
                    WHERE seq IN (\(replaced.map { _ in "?" }.joined(separator: ",")))
                    """,
                arguments: StatementArguments([now.epochSeconds] + replaced))
            try Self.audit(
                db, AuditAction.redated, by: actor, now: now, caseCode: current.code,
                subject: "items \(replaced.map(String.init).joined(separator: ", "))",
                before: ["occurred_at": LocalTime(epochSeconds: first["occurred_at"]).iso8601],
                after: ["occurred_at": time.iso8601, "items": sent.map(String.init).joined(separator: ", ")])
            return ReviewResult(caseCode: current.code, items: sent)
        }
    }

    /// The dossier's received time, due date and clock moved by `shift` seconds, recoded to its real day.
    private static func redateCase(_ db: Database, caseID: String, code: String, by shift: Int, now: LocalTime) throws
        -> (code: String, receivedAt: LocalTime, dueAt: LocalTime)
    {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT procedure_code, received_at FROM cases WHERE id = ?", arguments: [caseID]),
            let profile = try fetchProfile(db)
        else { throw DomainError.unknownCase(code) }
        let catalog = try fetchCatalog(db)
        let received = LocalTime(epochSeconds: row["received_at"]).adding(seconds: shift)
        guard let procedure = catalog.procedure(row["procedure_code"]) else { throw DomainError.unknownCase(code) }
        let due = try catalog.calendar.dueTime(receivedAt: received, processing: procedure.processing)
        try db.execute(
            sql: """
                UPDATE cases SET received_at = ?, due_at = ?, paused_since = paused_since + ?,
                    finished_at = finished_at + ?, updated_at = ?
                WHERE id = ?
                """, arguments: [received.epochSeconds, due.epochSeconds, shift, shift, now.epochSeconds, caseID])
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
