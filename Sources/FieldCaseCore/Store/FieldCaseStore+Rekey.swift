import Crypto
import FieldCaseWire
import Foundation
import GRDB

/// A re-key: a new data key seals the home again, so what a retired key opens (an old recovery key, a disabled
/// officer's PIN, either with an earlier backup) stops at the day it was retired. The acting supervisor's PIN
/// wraps the new key, a new recovery key is printed, and every other enabled officer gets a one-time PIN: their
/// PINs wrapped the old key and nobody else knows them.
extension FieldCaseStore {
    /// Renews the recovery key with a new data key (the old recovery key opens nothing written from now on);
    /// supervisors only, confirming with their PIN.
    public func renewRecoveryKey(by actor: Officer, pin: String, now: LocalTime) throws -> HomeProtection {
        try actor.require(.manageOfficers)
        return try rekey(by: actor, pin: pin, now: now, reason: "recovery key renewed") { db in
            try Self.audit(db, AuditAction.recoveryRenewed, by: actor, now: now)
        }
    }

    /// Disables an officer with a new data key (their PIN, on any copy of the home, opens nothing written from
    /// now on); supervisors only, confirming with their PIN. The last enabled supervisor stays.
    public func disableOfficer(named name: String, by actor: Officer, pin: String, now: LocalTime) throws
        -> HomeProtection?
    {
        try actor.require(.manageOfficers)
        let officer = try read { db in try Self.findOfficer(db, named: name) }
        guard !officer.disabled else { return nil }
        return try rekey(by: actor, pin: pin, now: now, reason: "officer disabled: \(officer.name)") { db in
            try Self.setDisabled(db, officer, true, by: actor, now: now)
        }
    }

    /// The names of the officers disabled on this desk, for a restore to disable again.
    public func disabledOfficerNames() throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT name FROM officers WHERE disabled = 1") }
    }

    /// The re-key a restore owes, made at a supervisor's sign-in with their PIN at hand; a refusal for anyone
    /// else. Nil when none is owed.
    func rekeyOwedAfterRestore(by actor: Officer, pin: String, now: LocalTime) throws -> HomeProtection? {
        guard
            let owed = try read({ db in
                try String.fetchOne(db, sql: "SELECT rekey_after_restore FROM keyring WHERE id = 1")
            })
        else { return nil }
        guard actor.role == .supervisor else { throw StoreError.restoreNotFinished }
        let disabled = (try? JSONDecoder().decode([String].self, from: Data(owed.utf8))) ?? []
        // An officer the desk had disabled, enabled again by the backup, never makes the re-key.
        if disabled.contains(where: { VietnameseText.folded($0) == VietnameseText.folded(actor.name) }) {
            throw StoreError.officerDisabled(actor.name)
        }
        return try rekey(by: actor, pin: pin, now: now, reason: "restored from a backup") { db in
            for name in disabled {
                guard let officer = try? Self.findOfficer(db, named: name), !officer.disabled, officer.id != actor.id
                else { continue }
                try Self.setDisabled(db, officer, true, by: actor, now: now)
            }
            try db.execute(sql: "UPDATE keyring SET rekey_after_restore = NULL WHERE id = 1")
        }
    }

    /// Re-seals everything under a new key in one transaction (a kill leaves the home as it was), after `change`.
    private func rekey(
        by actor: Officer, pin: String, now: LocalTime, reason: String, change: (Database) throws -> Void
    ) throws -> HomeProtection {
        let old = try requireKey()
        try confirm(actor, pin: pin)
        let new = DataKey(key: SymmetricKey(size: .bits256), retired: old.lineage.map { SymmetricKey(data: $0) })
        let recovery = RecoveryKey.generate()
        let protection: HomeProtection = try write { db in
            try Self.checkKey(db, old)
            // From here on the new key is the one sealing checks accept.
            try db.execute(sql: "UPDATE keyring SET key_id = ? WHERE id = 1", arguments: [new.id])
            try change(db)
            let others = try Self.enabledOfficers(db).filter { $0.id != actor.id }
            try ([actor] + others).forEach { try Self.checkRoleInTrail(db, $0) }
            try Self.reseal(db, from: old, to: new)
            try db.execute(
                sql: "UPDATE keyring SET recovery_wrap = ?, retired = ?, purged = 0 WHERE id = 1",
                arguments: [
                    try KeyWrap.wrapping(new, recovery: recovery).text,
                    try new.seal(Data(try jsonText(old.lineage).utf8), context: "retired keys"),
                ])
            try db.execute(
                sql: "UPDATE officers SET key_wrap = ?, must_change_pin = 0 WHERE id = ?",
                arguments: [try KeyWrap.wrapping(new, pin: pin, officer: actor, cost: kdfCost).text, actor.id])
            let length = try Self.pinLength(db)
            let oneTime = others.map { OneTimePIN(officerName: $0.name, pin: PINRule.oneTime(length: length)) }
            for (other, given) in zip(others, oneTime) {
                try db.execute(
                    sql: "UPDATE officers SET key_wrap = ?, must_change_pin = 1 WHERE id = ?",
                    arguments: [
                        try KeyWrap.wrapping(new, pin: given.pin, officer: other, cost: kdfCost).text, other.id,
                    ])
            }
            try db.execute(sql: "UPDATE officers SET key_wrap = NULL WHERE disabled = 1")
            try Self.audit(
                db, AuditAction.rekeyed, by: actor, now: now, subject: reason,
                after: ["one_time_pins": String(oneTime.count)])
            return HomeProtection(recoveryKey: recovery, oneTimePINs: oneTime)
        }
        let signedIn = SignedInOfficer(officer: actor, key: new, mustChangePIN: false)
        use(signedIn)
        // The pages that held values under the old key go at `finishRekey`, once the supervisor has the new
        // recovery key and the one-time PINs in front of them (a kill during the purge loses nothing then).
        return HomeProtection(
            recoveryKey: protection.recoveryKey, oneTimePINs: protection.oneTimePINs, signedIn: signedIn)
    }

    /// Rewrites the file without the pages that held values under the retired key; a failure (a reader in the
    /// way) leaves it to the next sign-in.
    public func finishRekey() {
        try? purgeClearPages()
    }

    /// The acting officer's PIN, checked against their wrap: it wraps the new key.
    private func confirm(_ actor: Officer, pin: String) throws {
        let text = try read { db in
            try String.fetchOne(db, sql: "SELECT key_wrap FROM officers WHERE id = ?", arguments: [actor.id])
        }
        guard let wrap = KeyWrap.parse(text), try wrap.unwrap(pin: pin, officer: actor) != nil else {
            throw StoreError.wrongPIN(actor.name, attemptsLeft: 0)
        }
    }

    private static func enabledOfficers(_ db: Database) throws -> [Officer] {
        try Row.fetchAll(db, sql: "SELECT id, name, role, disabled FROM officers WHERE disabled = 0 ORDER BY id")
            .map(officer)
    }

    /// Every value sealed under the data key, sealed again under `new`: dossiers (with their search tokens),
    /// events (their append-only trigger lifted for this one rewrite), drafts; and the inbox key replaced, what
    /// was sealed to it sealed to the new one.
    static func reseal(_ db: Database, from old: DataKey, to new: DataKey) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM cases WHERE sealed IS NOT NULL") {
            let id = try row.stored("id", table: "cases", key: "unknown", as: String.self)
            let opened = try old.openJSON(
                SealedCase.self, from: try row.stored("sealed", table: "cases", key: id), context: "case:\(id)")
            try sealCase(
                db, id: id, applicant: opened.applicant, summary: opened.summary,
                documents: try opened.documents ?? clearDocuments(row), key: new)
        }
        try db.execute(sql: "DROP TRIGGER case_events_append_only_update")
        for row in try Row.fetchAll(db, sql: "SELECT seq, event_id, sealed FROM case_events WHERE sealed IS NOT NULL") {
            let seq = try row.stored("seq", table: "case_events", key: "unknown", as: Int64.self)
            let read = row.reading("case_events", key: String(seq))
            let context = "event:\(try read("event_id", as: String.self))"
            try db.execute(
                sql: "UPDATE case_events SET sealed = ? WHERE seq = ?",
                arguments: [try new.seal(try old.open(try read("sealed"), context: context), context: context), seq])
        }
        try db.execute(sql: Schema.caseEventsAppendOnly)
        try resealPages(db, from: old, to: new)
        for row in try Row.fetchAll(db, sql: "SELECT id, sealed FROM drafts WHERE sealed IS NOT NULL") {
            let id = try row.stored("id", table: "drafts", key: "unknown", as: Int64.self)
            let context = "draft:\(id)"
            let sealed: Data = try row.stored("sealed", table: "drafts", key: String(id))
            try db.execute(
                sql: "UPDATE drafts SET sealed = ? WHERE id = ?",
                arguments: [try new.seal(try old.open(sealed, context: context), context: context), id])
        }
        try resealInbox(db, from: old, to: new)
        // Payloads sealed under it keep their encapsulation; the next sealing makes a key under the new data key.
        try forgetOutboxKey(db)
    }

    /// A new inbox key: the central system's words kept sealed to the old one are sealed to it.
    private static func resealInbox(_ db: Database, from old: DataKey, to new: DataKey) throws {
        guard let sealed = try Data.fetchOne(db, sql: "SELECT inbox_private FROM keyring WHERE id = 1") else { return }
        let previous = try Curve25519.KeyAgreement.PrivateKey(
            rawRepresentation: try old.open(sealed, context: "inbox key"))
        let inbox = Curve25519.KeyAgreement.PrivateKey()
        try db.execute(
            sql: "UPDATE keyring SET inbox_key = ?, inbox_private = ? WHERE id = 1",
            arguments: [
                inbox.publicKey.rawRepresentation, try new.seal(inbox.rawRepresentation, context: "inbox key"),
            ])
        func again(_ text: String) throws -> String {
            guard text.hasPrefix(inboxPrefix) else { return text }
            let plain = try OutboxSeal.open(
                String(text.dropFirst(inboxPrefix.count)), eventID: inboxContext, with: previous)
            return try inboxSealed(db, String(decoding: plain, as: UTF8.self)) ?? text
        }
        try rewriteReasons(db, where: "reason GLOB 'inbox:*'", again)
        for row in try Row.fetchAll(db, sql: "SELECT seq, last_error FROM outbox WHERE last_error GLOB 'inbox:*'") {
            let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
            try db.execute(
                sql: "UPDATE outbox SET last_error = ? WHERE seq = ?",
                arguments: [try again(try row.stored("last_error", table: "outbox", key: String(seq))), seq])
        }
    }

    /// Refuses to seal under a key a re-key retired (a shell that signed in before it), in the caller's
    /// transaction; a home from before key ids records the key its first sealing uses.
    static func checkKey(_ db: Database, _ key: DataKey) throws {
        guard let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT key_id FROM keyring WHERE id = 1")) else {
            return
        }
        guard let current = try row.stored("key_id", table: "keyring", key: "1", as: String?.self) else {
            try db.execute(sql: "UPDATE keyring SET key_id = ? WHERE id = 1", arguments: [key.id])
            return
        }
        if current != key.id { throw StoreError.dataKeyReplaced }
    }

    /// Whether `key` is the home's current data key (a shell's sign-in from before a re-key is not).
    public func isCurrent(_ signedIn: SignedInOfficer) throws -> Bool {
        let current = try read { db in try String.fetchOne(db, sql: "SELECT key_id FROM keyring WHERE id = 1") }
        return current == nil || current == signedIn.key.id
    }

    /// The data key with the keys it replaced, as a sign-in opens it.
    func withRetiredKeys(_ key: DataKey) throws -> DataKey {
        let sealed = try read { db in try Data.fetchOne(db, sql: "SELECT retired FROM keyring WHERE id = 1") }
        guard let sealed else { return key }
        let raw = try JSONDecoder().decode([Data].self, from: try key.open(sealed, context: "retired keys"))
        return DataKey(key: key.key, retired: raw.map { SymmetricKey(data: $0) })
    }
}
