import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

extension FieldCaseStore {
    /// Saves a new identity: its token, where its seq series continues, and the dossier numbers the central
    /// system already holds for this terminal, so neither a wire number nor a dossier code is used twice.
    public func saveEnrollment(
        centralURL: String, answer: EnrollResponse, terminal: Int, by supervisor: Officer, now: LocalTime,
        centralCA: String? = nil
    ) throws {
        try supervisor.require(.enroll)
        let sealingKey = answer.sealingKey.flatMap { Data(base64Encoded: $0) }
        try write { db in
            guard let profile = try Self.fetchProfile(db) else { throw StoreError.notInitialized }
            let before = try Row.fetchOne(
                db, sql: "SELECT central_url, central_device_id FROM sync_config WHERE id = 1")
            try Self.audit(
                db, AuditAction.enrolled, by: supervisor, now: now,
                before: try before.map { row in
                    let read = row.reading("sync_config", key: "1")
                    return ["central": try read("central_url"), "device": try read("central_device_id")]
                },
                after: ["central": centralURL, "device": answer.deviceID, "terminal": String(terminal)])
            // The token is kept sealed to this machine; the clear column stays empty.
            try db.execute(
                sql: """
                    INSERT INTO sync_config
                        (id, central_url, central_device_id, device_token, token_sealed, enrolled_at, central_epoch,
                         central_ca, sealing_key)
                    VALUES (1, ?, ?, '', ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET central_url = excluded.central_url,
                        central_device_id = excluded.central_device_id, device_token = '',
                        token_sealed = excluded.token_sealed, enrolled_at = excluded.enrolled_at, diverged = NULL,
                        central_ca = excluded.central_ca, sealing_key = excluded.sealing_key,
                        bundle_keys_sealed = NULL, reply_key = NULL, outbox_key_encapsulation = NULL,
                        outbox_key_sealed = NULL
                    """,
                arguments: [
                    centralURL, answer.deviceID, try DeviceSecret.seal(answer.deviceToken, salt: profile.deviceID),
                    now.epochSeconds, answer.epoch, centralCA, sealingKey,
                ])
            // Items sealed to another central system's key must be sealed again to this one's.
            try db.execute(sql: "UPDATE outbox SET sealed = NULL WHERE state IN ('pending', 'held')")
            let known = try String.fetchOne(db, sql: "SELECT central_epoch FROM sync_config WHERE id = 1")
            if known != answer.epoch { try Self.beginNewHistory(db, epoch: answer.epoch) }
            // Items already in the outbox may be on the central system: nothing leaves before it is asked.
            try db.execute(
                sql: "UPDATE sync_config SET reconcile_needed = EXISTS (SELECT 1 FROM outbox) WHERE id = 1")
            try db.execute(sql: "UPDATE profile SET terminal = ? WHERE id = 1", arguments: [terminal])
            try db.execute(sql: "UPDATE wire_counter SET last = ? WHERE id = 1", arguments: [answer.lastSeq])
            for number in answer.dossierNumbers where LocalDate(iso: number.date) != nil {
                try db.execute(
                    sql: """
                        INSERT INTO code_sequences (date, last) VALUES (?, ?)
                        ON CONFLICT (date) DO UPDATE SET last = MAX(last, excluded.last)
                        """, arguments: [number.date, number.last])
            }
        }
    }

    /// Every item, held and discarded ones too (a twin laptop, or this desk before its home was restored, may
    /// have sent them): what reconciliation asks the central system about.
    public func reconcileEventIDs() throws -> [String] {
        try read { db in
            try String.fetchAll(
                db, sql: "SELECT e.event_id FROM outbox ob JOIN case_events e ON e.seq = ob.seq ORDER BY ob.seq")
        }
    }

    /// The codes of the desk's dossiers: reconciliation asks how the central system holds them.
    public func reconcileCaseCodes() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT code FROM cases ORDER BY code") }
    }

    /// Takes the central system's word on every item: those it holds get the outcome it gave them (held and
    /// discarded ones too: they are on the central system already), under the code it holds them by; the
    /// others go out again (held ones once released), renumbered after `lastSeq`, and a dossier whose code
    /// another case holds there or that is not this terminal's gets the next free code of its day (the audit
    /// trail keeps the old one). Dossiers the central system holds take its status if it is newer. A new
    /// epoch also sends the pull cursor back to the start.
    public func applyReconciliation(
        held: [ReconcileResponse.Held], cases: [ReconcileResponse.HeldCase], lastSeq: Int64, epoch: String,
        newHistory: Bool, now: LocalTime
    ) throws {
        try write { db in
            guard let profile = try Self.fetchProfile(db) else { throw StoreError.notInitialized }
            let known = try String.fetchOne(db, sql: "SELECT central_epoch FROM sync_config WHERE id = 1")
            if newHistory || known != epoch { try Self.beginNewHistory(db, epoch: epoch) }
            // A retried item may be held twice; the answers come oldest first, this identity's own last, and the
            // last counts.
            let answers = Dictionary(held.map { ($0.eventID, $0) }, uniquingKeysWith: { _, newest in newest })
            let ownIDs = Dictionary(
                try Row.fetchAll(db, sql: "SELECT code, id FROM cases").map { row in
                    let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
                    return (code, try row.stored("id", table: "cases", key: code, as: String.self))
                },
                uniquingKeysWith: { first, _ in first })
            let takenCodes = Set(cases.filter { ownIDs[$0.code] != $0.caseID }.map(\.code))
            let items = try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.seq, ob.state, e.event_id, e.kind, e.case_id FROM outbox ob
                    JOIN case_events e ON e.seq = ob.seq ORDER BY ob.seq
                    """
            ).map(ReconciledItem.init)
            try db.execute(sql: "UPDATE outbox SET wire_seq = NULL WHERE wire_seq IS NOT NULL")
            try db.execute(sql: "UPDATE wire_counter SET last = ? WHERE id = 1", arguments: [lastSeq])
            for item in items {
                if let answer = answers[item.eventID] {
                    try take(answer, for: item, db: db, now: now)
                } else {
                    try Self.queueAgain(item, profile: profile, takenCodes: takenCodes, db: db, now: now)
                }
            }
            for held in cases {
                guard let caseID = ownIDs[held.code], caseID == held.caseID,
                    let status = CaseStatus(rawValue: held.status),
                    try String.fetchOne(db, sql: "SELECT code FROM cases WHERE id = ?", arguments: [caseID])
                        == held.code
                else { continue }
                try applyCentralStatus(
                    db, code: held.code, status: status, clock: held.clock, change: held.change, at: now)
            }
            try db.execute(sql: "UPDATE sync_config SET diverged = NULL, reconcile_needed = 0 WHERE id = 1")
        }
    }

    /// An item the central system holds: its answer, its dossier's central code and status.
    func take(_ answer: ReconcileResponse.Held, for item: ReconciledItem, db: Database, now: LocalTime) throws {
        let seq = item.seq
        let caseID = item.caseID
        try db.execute(
            sql: "UPDATE outbox SET state = ?, last_error = ?, updated_at = ? WHERE seq = ?",
            arguments: [
                SyncState(answer.outcome).rawValue, try Self.inboxSealed(db, answer.reason), now.epochSeconds, seq,
            ])
        if item.state == .discarded {
            try Self.undoDiscard(db, item: seq, caseID: caseID, outcome: answer.outcome, now: now)
        }
        guard var code = try String.fetchOne(db, sql: "SELECT code FROM cases WHERE id = ?", arguments: [caseID]) else {
            return
        }
        let freeHere =
            try String.fetchOne(db, sql: "SELECT 1 FROM cases WHERE code = ?", arguments: [answer.caseCode]) == nil
        if item.kind == CaseEventKind.created, answer.outcome == .applied, answer.caseCode != code, freeHere {
            try Self.recode(
                db, caseID: caseID, from: code, to: answer.caseCode, now: now,
                reason: "the central system holds the dossier under this code")
            code = answer.caseCode
        }
        if let change = answer.change, let status = answer.status.flatMap(CaseStatus.init(rawValue:)),
            answer.caseCode == code
        {
            try applyCentralStatus(db, code: code, status: status, clock: answer.clock, change: change, at: now)
        }
    }

    /// An item the central system lacks goes out again (a held one once released; a discarded one never left),
    /// with a new code for its dossier where the old one is taken there or is not this terminal's.
    static func queueAgain(
        _ item: ReconciledItem, profile: Profile, takenCodes: Set<String>, db: Database, now: LocalTime
    ) throws {
        if item.state == .discarded { return }
        if item.state != .held {
            try db.execute(
                sql: "UPDATE outbox SET state = 'pending', last_error = NULL, updated_at = ? WHERE seq = ?",
                arguments: [now.epochSeconds, item.seq])
        }
        let caseID = item.caseID
        guard item.kind == CaseEventKind.created,
            let code = try String.fetchOne(db, sql: "SELECT code FROM cases WHERE id = ?", arguments: [caseID])
        else { return }
        let parsed = DossierCode(parsing: code)
        guard takenCodes.contains(code) || parsed?.terminal != profile.terminal || parsed?.unitCode != profile.unitCode
        else { return }
        let date = parsed?.date ?? now.date
        var fresh = try allocateCode(db, profile: profile, date: date).description
        while takenCodes.contains(fresh) { fresh = try allocateCode(db, profile: profile, date: date).description }
        try recode(
            db, caseID: caseID, from: code, to: fresh, now: now,
            reason: "the code was already used on the central system or belongs to another terminal")
    }

    /// A supervisor discarded an item the central system turns out to hold (sent before this home was
    /// restored, or by a twin laptop): the item takes the central outcome, an applied creation brings its
    /// dossier back, and the audit trail says so.
    static func undoDiscard(_ db: Database, item: Int64, caseID: String, outcome: PushOutcome, now: LocalTime) throws {
        let kind = try String.fetchOne(db, sql: "SELECT kind FROM case_events WHERE seq = ?", arguments: [item])
        if kind == CaseEventKind.created, outcome == .applied {
            try db.execute(
                sql: "UPDATE cases SET discarded_at = NULL, updated_at = ? WHERE id = ?",
                arguments: [now.epochSeconds, caseID])
        }
        let code = try String.fetchOne(db, sql: "SELECT code FROM cases WHERE id = ?", arguments: [caseID])
        try audit(
            db, "queue.undiscarded", by: nil, now: now, caseCode: code, subject: "item \(item)",
            before: ["state": SyncState.discarded.rawValue], after: ["state": SyncState(outcome).rawValue],
            reason: "the central system already held this event")
    }

    /// Gives a dossier a new code; its events keep the old one in their payload and the audit trail says why.
    static func recode(
        _ db: Database, caseID: String, from old: String, to new: String, now: LocalTime, reason: String
    ) throws {
        try db.execute(
            sql: "UPDATE cases SET code = ?, updated_at = ? WHERE id = ?", arguments: [new, now.epochSeconds, caseID])
        try audit(
            db, "case.recoded", by: nil, now: now, caseCode: new, before: ["code": old], after: ["code": new],
            reason: reason)
    }

    /// Remembers the gateway's epoch the first time the desk hears one.
    public func rememberEpoch(_ epoch: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE sync_config SET central_epoch = ? WHERE id = 1 AND central_epoch IS NULL",
                arguments: [epoch])
        }
    }
}

/// An outbox item as reconciliation reads it, its columns typed once.
struct ReconciledItem {
    let seq: Int64
    let state: SyncState
    let eventID: String
    let kind: String
    let caseID: String

    init(_ row: Row) throws(CorruptRow) {
        seq = try row.stored("seq", table: "outbox", key: "unknown")
        let read = row.reading("outbox", key: String(seq))
        state = try read("state")
        eventID = try read("event_id")
        kind = try read("kind")
        caseID = try read("case_id")
    }
}
