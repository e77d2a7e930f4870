import Foundation
import FieldCaseWire
import GRDB

extension FieldCaseStore {
    /// Records a new dossier: allocates its code, stores the case, its `case.created` event and
    /// the outbox row in one transaction, which also removes the draft it came from, if any.
    public func addCase(
        _ new: NewCase, by officer: Officer, now: LocalTime, completingDraft draftID: Int64? = nil
    ) throws -> CaseRecord {
        let key = try requireKey()
        return try write { db in
            if let draftID { try db.execute(sql: "DELETE FROM drafts WHERE id = ?", arguments: [draftID]) }
            guard let profile = try Self.fetchProfile(db) else { throw StoreError.notInitialized }
            let calendar = try calendar(db)
            let due = try calendar.dueTime(receivedAt: new.receivedAt, processing: new.procedure.processing)
            let code = try Self.allocateCode(db, profile: profile, date: new.receivedAt.date)
            let eventID = UUID().uuidString.lowercased()
            let id = WireEvent.caseID(createdBy: eventID)
            let applicant = new.applicant
            try db.execute(
                sql: """
                    INSERT INTO cases (id, code, procedure_code, channel, applicant_name, id_type, id_number,
                        date_of_birth, gender, documents, fee, paid, received_at, due_at, status, officer_id, updated_at)
                    VALUES (?, ?, ?, ?, '', ?, '', '', '', '[]', ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, code.description, new.procedure.code, new.channel.rawValue, applicant.idType.rawValue,
                    new.fee.amount, new.fee.paid, new.receivedAt.epochSeconds,
                    due.epochSeconds, CaseStatus.received.rawValue, officer.id, now.epochSeconds,
                ])
            try Self.sealCase(
                db, id: id, applicant: applicant, summary: new.summary, documents: new.documents, key: key)
            let payload = CaseCreatedPayload(
                code: code.description, procedureCode: new.procedure.code, channel: new.channel, applicant: applicant,
                receivedAt: new.receivedAt, dueAt: due, documents: new.documents, fee: new.fee, summary: new.summary)
            // The dossier's id follows from its creating event's: the wire carries one UUID for both.
            let seq = try appendEvent(
                db, eventID: eventID, caseID: id, kind: CaseEventKind.created, payload: try jsonText(payload),
                officer: officer, now: now)
            try Self.audit(
                db, CaseEventKind.created, by: officer, now: now, caseCode: code.description, subject: "event \(seq)",
                after: ["status": CaseStatus.received.rawValue, "procedure": new.procedure.code])
            return try recorded(db, code: code.description)
        }
    }

    /// Moves a case along its lifecycle, keeping the clock paused while papers are awaited.
    public func changeStatus(
        code: String, to next: CaseStatus, reason rawReason: String?, handover: ResultHandover? = nil,
        satisfaction: Satisfaction? = nil, by officer: Officer, now: LocalTime
    ) throws -> CaseRecord {
        let reason = try TextRules.freeText(rawReason, field: .reason, maxLength: TextRules.maxReasonLength)
        if handover != nil, next != .returned { throw DomainError.invalidField(.collector, .onlyWith(.returned)) }
        if satisfaction != nil, next != .returned {
            throw DomainError.invalidField(.satisfaction, .onlyWith(.returned))
        }
        return try write { db in
            guard let current = try fetchCase(db, code: code) else { throw DomainError.unknownCase(code) }
            if current.discardedAt != nil { throw StoreError.caseDiscarded(code) }
            try current.status.checkTransition(to: next, reason: reason)
            try Self.project(db, current.state, to: next, at: now, calendar: try calendar(db))
            let payload = StatusChangedPayload(
                from: current.status, to: next, reason: reason, handover: handover, satisfaction: satisfaction)
            let seq = try appendEvent(
                db, caseID: current.id, kind: CaseEventKind.statusChanged, payload: try jsonText(payload),
                officer: officer, now: now)
            try Self.audit(
                db, CaseEventKind.statusChanged, by: officer, now: now, caseCode: code, subject: "event \(seq)",
                before: ["status": current.status.rawValue], after: ["status": next.rawValue],
                reason: try Self.sealedNote(reason, dataKey))
            return try recorded(db, code: code)
        }
    }

    /// The case just written in this transaction.
    private func recorded(_ db: Database, code: String) throws -> CaseRecord {
        // The row was inserted or updated a statement ago, in the same transaction: it is there.
        guard let record = try fetchCase(db, code: code) else { throw DomainError.unknownCase(code) }
        return record
    }

    /// Moves the stored case to `next`, keeping the clock paused while papers are awaited. Local changes
    /// and the province's updates both go through here.
    static func project(
        _ db: Database, _ current: CaseState, to next: CaseStatus, at now: LocalTime, calendar: WorkCalendar
    )
        throws
    {
        let clock = current.clock.moved(to: next, at: now, calendar: calendar)
        try db.execute(
            sql: """
                UPDATE cases SET status = ?, due_at = ?, paused_since = ?, finished_at = ?, updated_at = ?
                WHERE id = ?
                """,
            arguments: [
                next.rawValue, clock.dueAt.epochSeconds, clock.pausedSince?.epochSeconds,
                clock.finishedAt?.epochSeconds,
                now.epochSeconds, current.id,
            ])
    }

    /// Appends an event with the next device sequence number and queues it, in the caller's transaction.
    /// The payload is sealed under the data key, and for the central system when the desk knows its key.
    ///
    /// The item is held, not pending, when its dossier already has held items (its events must arrive in
    /// order) or when it creates a dossier while supervisors review before sync.
    @discardableResult
    func appendEvent(
        _ db: Database, eventID: String = UUID().uuidString.lowercased(), caseID: String, kind: String,
        payload: String, officer: Officer, now: LocalTime
    ) throws -> Int64 {
        let key = try requireKey()
        try Self.checkKey(db, key)
        let held =
            try Self.hasHeldItems(db, caseID: caseID)
            || (kind == CaseEventKind.created && Self.reviewsBeforeSync(db))
        // MAX over the primary key is one index step, never NULL after IFNULL.
        let seq = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) + 1 FROM case_events") ?? 1
        try db.execute(
            sql: """
                INSERT INTO case_events (seq, event_id, case_id, kind, payload, sealed, officer_id, occurred_at)
                VALUES (?, ?, ?, ?, '', ?, ?, ?)
                """,
            arguments: [
                seq, eventID, caseID, kind, try key.seal(Data(payload.utf8), context: "event:\(eventID)"), officer.id,
                now.epochSeconds,
            ])
        try db.execute(
            sql: "INSERT INTO outbox (seq, state, enqueued_at, updated_at) VALUES (?, ?, ?, ?)",
            arguments: [seq, (held ? SyncState.held : .pending).rawValue, now.epochSeconds, now.epochSeconds])
        if let publicKey = try Data.fetchOne(db, sql: "SELECT sealing_key FROM sync_config WHERE id = 1") {
            try Self.sealForCentral(
                db, seq: seq, eventID: eventID, kind: kind, payload: payload, to: publicKey, dataKey: key)
        }
        return seq
    }

    /// The code the next dossier received on `date` would get, for the guided entry's summary.
    public func nextCode(on date: LocalDate) throws -> String {
        try read { db in
            guard let profile = try Self.fetchProfile(db) else { throw StoreError.notInitialized }
            let last =
                try Int.fetchOne(
                    db, sql: "SELECT last FROM code_sequences WHERE date = ?", arguments: [date.description]) ?? 0
            return try DossierCode(
                unitCode: profile.unitCode, date: date, terminal: profile.terminal, sequence: last + 1
            )
            .description
        }
    }

    /// Takes the next number of the day; the 1000th dossier of a day fails instead of getting a wrong code.
    static func allocateCode(_ db: Database, profile: Profile, date: LocalDate) throws -> DossierCode {
        // An upsert with RETURNING returns its row, or throws.
        guard
            let next = try Int.fetchOne(
                db,
                sql: """
                    INSERT INTO code_sequences (date, last) VALUES (?, 1)
                    ON CONFLICT (date) DO UPDATE SET last = last + 1
                    RETURNING last
                    """,
                arguments: [date.description])
        else { throw CorruptRow(table: "code_sequences", key: date.description, column: "last") }
        return try DossierCode(unitCode: profile.unitCode, date: date, terminal: profile.terminal, sequence: next)
    }
}
