import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

/// An officer whose PIN opened the data key in this process.
public struct SignedInOfficer: Sendable {
    public let officer: Officer
    public let key: DataKey
    /// A one-time PIN from a supervisor, or a PIN shorter than today's rule: a new one is chosen now.
    public let mustChangePIN: Bool
}

/// What protecting a home created, shown once to the supervisor who signed in.
public struct HomeProtection: Sendable {
    public let recoveryKey: RecoveryKey
    /// The other officers' one-time PINs: each chooses their own at their next sign-in.
    public let oneTimePINs: [OneTimePIN]
    /// After a re-key: the acting officer's sign-in under the new key, for a session to go on with.
    public var signedIn: SignedInOfficer?
}

public struct OneTimePIN: Sendable, Hashable {
    public let officerName: String
    public let pin: String
}

extension FieldCaseStore {
    /// The data key this store seals and opens with, once an officer signed in (or the shell's session
    /// handed it over).
    var dataKey: DataKey? { session.withLock { $0 } }

    /// Lets this store read and write personal data with a key a sign-in opened earlier in the process.
    public func use(_ signedIn: SignedInOfficer) {
        session.withLock { $0 = signedIn.key }
    }

    /// Drops the key from this process (a sign-in refused after the PIN opened it).
    func forget() {
        session.withLock { $0 = nil }
    }

    /// Whether the home's personal data is sealed (from `init`, or since a supervisor's first sign-in).
    public func isProtected() throws -> Bool {
        try read { db in try Self.isProtected(db) }
    }

    static func isProtected(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM keyring WHERE id = 1") ?? false
    }

    /// Whether the officer has no PIN at all yet (a home from before PINs were required).
    public func needsFirstPIN(_ officer: Officer) throws -> Bool {
        try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT key_wrap IS NULL AND pin_hash IS NULL FROM officers WHERE id = ?",
                arguments: [officer.id]) ?? false
        }
    }

    /// Checks the PIN and opens the data key for this process. In a home from an earlier release, a
    /// supervisor's first sign-in seals it (the returned protection holds the recovery key to show once);
    /// other officers wait for that. A PIN-less supervisor of such a home gives their first PIN here.
    public func signIn(_ officer: Officer, pin: String, now: LocalTime) throws -> (SignedInOfficer, HomeProtection?) {
        if try !isProtected() {
            guard officer.role == .supervisor else { throw StoreError.homeNotProtected(officer.name) }
            return try protectHome(signingIn: officer, pin: pin, now: now)
        }
        let stored = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT key_wrap, must_change_pin FROM officers WHERE id = ?", arguments: [officer.id]
            )?.reading("officers", key: String(officer.id))
        }
        guard let wrap = KeyWrap.parse(try stored?("key_wrap", as: String?.self)) else {
            throw StoreError.noKeyYet(officer.name)
        }
        try read { db in try Self.checkRoleInTrail(db, officer) }
        try takeAttempt(officer, now: now)
        let tpm = TPMDevice.configured()
        let unwrapped: DataKey?
        do {
            unwrapped = try wrap.unwrap(pin: pin, officer: officer, tpm: tpm)
        } catch {
            // A TPM in lockout or gone is no answer about the PIN: the try is given back.
            try write { db in
                try db.execute(
                    sql: "UPDATE officers SET failed_pins = max(failed_pins - 1, 0) WHERE id = ?",
                    arguments: [officer.id])
            }
            throw error
        }
        try settleAttempt(officer, succeeded: unwrapped != nil, now: now)
        guard let opened = unwrapped else { throw StoreError.wrongPIN(officer.name, attemptsLeft: 0) }
        let key = try withRetiredKeys(opened)
        let shorterThanPolicy = pin.count < (try pinLength())
        let signedIn = SignedInOfficer(
            officer: officer, key: key,
            mustChangePIN: (try stored?("must_change_pin", as: Bool?.self)) == true || shorterThanPolicy)
        use(signedIn)
        // A restored home's key may be one a re-key retired: the first supervisor retires it again.
        do {
            if let owed = try rekeyOwedAfterRestore(by: officer, pin: pin, now: now) {
                return (owed.signedIn ?? signedIn, owed)
            }
        } catch {
            forget()
            throw error
        }
        // A wrap made at a test suite's cost is made again at the standard cost, now that the PIN is known; one
        // from before roles were bound binds the role the trail confirmed above; one made before this machine's
        // TPM was used is sealed by it now.
        if wrap.isWeak && !kdfCost.isWeak || wrap.isLegacy || (wrap.tpm == nil && tpm != nil) {
            let stronger = try KeyWrap.wrapping(key, pin: pin, officer: officer, cost: kdfCost, tpm: tpm)
            try write { db in
                // Only if nothing changed the wrap meanwhile (a new PIN, a disable).
                try db.execute(
                    sql: "UPDATE officers SET key_wrap = ? WHERE id = ? AND key_wrap = ?",
                    arguments: [stronger.text, officer.id, wrap.text])
            }
        }
        // A purge left unfinished (killed, or a reader in the way) is tried again; failing, it waits for the next.
        try? purgeClearPages()
        try sealOutstanding()
        // Like the purge: a sweep that fails (a trigger tampered with) waits for the next sign-in, never locks out.
        try? sealArrivedText()
        return (signedIn, nil)
    }

    /// Sets an officer's PIN under the signed-in key: one's own, or (a supervisor) anyone's, which also lifts a
    /// lock. A PIN a supervisor sets for someone else is theirs to replace at the next sign-in.
    public func setPIN(_ pin: String, of officer: Officer, by actor: Officer, now: LocalTime) throws {
        if actor.id != officer.id { try actor.require(.manageOfficers) }
        let pin = try PINRule.validatedNew(pin, minimum: try pinLength())
        // A new wrap binds the role: never one changed outside fieldcase.
        try read { db in try Self.checkRoleInTrail(db, officer) }
        let wrap = try KeyWrap.wrapping(try requireKey(), pin: pin, officer: officer, cost: kdfCost)
        try write { db in
            try db.execute(
                sql: """
                    UPDATE officers SET key_wrap = ?, must_change_pin = ?, pin_hash = NULL, pin_salt = NULL,
                        pin_rounds = NULL, failed_pins = 0, locked_until = NULL, lock_boot_id = NULL, lock_boot_at = NULL
                    WHERE id = ?
                    """, arguments: [wrap.text, actor.id != officer.id, officer.id])
            try Self.audit(db, AuditAction.pinChanged, by: actor, now: now, subject: officer.name)
        }
    }

    /// Opens the data key with the recovery key when every PIN is forgotten, and sets `officer`'s new PIN.
    public func recover(with recovery: RecoveryKey, officer: Officer, newPIN: String, now: LocalTime) throws
        -> SignedInOfficer
    {
        let row = try read { db in
            try Row.fetchOne(db, sql: "SELECT recovery_wrap, rekey_after_restore FROM keyring WHERE id = 1")?
                .reading("keyring", key: "1")
        }
        // A restored home's recovery wrap may be one a re-key retired: a supervisor's sign-in re-keys it first.
        if try row?("rekey_after_restore", as: String?.self) != nil { throw StoreError.restoreNotFinished }
        guard let wrap = KeyWrap.parse(try row?("recovery_wrap", as: String?.self)) else {
            throw StoreError.homeNotProtected(officer.name)
        }
        guard let opened = wrap.unwrap(recovery: recovery) else { throw StoreError.wrongRecoveryKey }
        let key = try withRetiredKeys(opened)
        let signedIn = SignedInOfficer(officer: officer, key: key, mustChangePIN: false)
        use(signedIn)
        try setPIN(newPIN, of: officer, by: officer, now: now)
        try write { db in
            try Self.audit(db, AuditAction.recovered, by: officer, now: now, subject: officer.name)
        }
        return signedIn
    }

    func requireKey() throws -> DataKey {
        guard let key = dataKey else { throw StoreError.signInRequired }
        return key
    }

    /// Creates the keyring of a new home in `init`'s transaction.
    func createKeyring(_ db: Database, for officer: Officer, pin: String, now: LocalTime) throws
        -> (DataKey, RecoveryKey)
    {
        let key = DataKey.generate()
        let recovery = RecoveryKey.generate()
        try db.execute(
            sql: "INSERT INTO keyring (id, recovery_wrap, purged, created_at, key_id) VALUES (1, ?, 1, ?, ?)",
            arguments: [try KeyWrap.wrapping(key, recovery: recovery).text, now.epochSeconds, key.id])
        try db.execute(
            sql: "UPDATE officers SET key_wrap = ? WHERE id = ?",
            arguments: [try KeyWrap.wrapping(key, pin: pin, officer: officer, cost: kdfCost).text, officer.id])
        try Self.ensureInboxKey(db, key: key)
        return (key, recovery)
    }

    /// Seals a home from an earlier release in one transaction (a kill leaves it as it was), then purges the
    /// clear pages SQLite kept. The supervisor's PIN (legacy 4-digit ones too, to be changed now) wraps the key;
    /// every other enabled officer gets a one-time PIN.
    private func protectHome(signingIn officer: Officer, pin: String, now: LocalTime) throws
        -> (SignedInOfficer, HomeProtection)
    {
        // A home that was sealed and lost its keyring was tampered with: sealing it "again" would hand a new key
        // (and the other officers' one-time PINs) to whoever deleted the old one.
        if try read(Self.wasProtected) { throw StoreError.sealedDataDamaged("keyring") }
        let legacy = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT pin_hash, pin_salt, pin_rounds FROM officers WHERE id = ?", arguments: [officer.id]
            )?.reading("officers", key: String(officer.id))
        }
        if let hash = try legacy?("pin_hash", as: Data?.self), let salt = try legacy?("pin_salt", as: Data?.self),
            let rounds = try legacy?("pin_rounds", as: Int?.self)
        {
            try takeAttempt(officer, now: now)
            let matches = PINHash(hash: hash, salt: salt, rounds: rounds).matches(pin: pin)
            try settleAttempt(officer, succeeded: matches, now: now)
            guard matches else { throw StoreError.wrongPIN(officer.name, attemptsLeft: 0) }
        } else {
            _ = try PINRule.validatedNew(pin)
        }
        let others = try officers().filter { !$0.disabled && $0.id != officer.id }
        try read { db in try ([officer] + others).forEach { try Self.checkRoleInTrail(db, $0) } }
        let oneTime = others.map { OneTimePIN(officerName: $0.name, pin: PINRule.oneTime()) }
        let protection: (DataKey, RecoveryKey) = try write { db in
            guard try !Self.isProtected(db) else { throw StoreError.homeNotProtected(officer.name) }
            let keys = try createKeyring(db, for: officer, pin: pin, now: now)
            try db.execute(sql: "UPDATE keyring SET purged = 0 WHERE id = 1")
            for (other, given) in zip(others, oneTime) {
                try db.execute(
                    sql: "UPDATE officers SET key_wrap = ?, must_change_pin = 1 WHERE id = ?",
                    arguments: [
                        try KeyWrap.wrapping(keys.0, pin: given.pin, officer: other, cost: kdfCost).text, other.id,
                    ])
            }
            try db.execute(sql: "UPDATE officers SET pin_hash = NULL, pin_salt = NULL, pin_rounds = NULL")
            try db.execute(
                sql: "UPDATE officers SET must_change_pin = 1 WHERE id = ? AND ? < 6",
                arguments: [officer.id, pin.count])
            try Self.sealPersonalData(db, with: keys.0)
            try Self.audit(
                db, AuditAction.protected, by: officer, now: now,
                after: ["one_time_pins": String(oneTime.count)])
            return keys
        }
        let signedIn = SignedInOfficer(officer: officer, key: protection.0, mustChangePIN: pin.count < 6)
        use(signedIn)
        try purgeClearPages()
        try sealOutstanding()
        try sealArrivedText()
        return (signedIn, HomeProtection(recoveryKey: protection.1, oneTimePINs: oneTime))
    }

    /// Whether the home was sealed once: set up sealed (the trail says so), sealed later, or holding sealed rows.
    static func wasProtected(_ db: Database) throws -> Bool {
        try Bool.fetchOne(
            db,
            sql: """
                SELECT EXISTS (SELECT 1 FROM audit_log WHERE action = ?)
                    OR EXISTS (SELECT 1 FROM audit_log WHERE action = ? AND json_extract(after, '$.sealed') = 'true')
                    OR EXISTS (SELECT 1 FROM cases WHERE sealed IS NOT NULL)
                    OR EXISTS (SELECT 1 FROM case_events WHERE sealed IS NOT NULL)
                """, arguments: [AuditAction.protected, AuditAction.deviceInitialized]) ?? false
    }

    /// Rewrites the file without the pages that held clear text, and empties the WAL that copied them.
    /// Idempotent: a kill before it finishes, or a reader that keeps the WAL from being emptied (a sync
    /// running), leaves `purged` at 0, and the next sign-in runs it again.
    func purgeClearPages() throws {
        let purged = try read { db in try Bool.fetchOne(db, sql: "SELECT purged FROM keyring WHERE id = 1") }
        guard purged == false else { return }
        try translatingErrors(path: path) {
            try writer.writeWithoutTransaction { db in
                func emptied() throws -> Bool {
                    // (busy, frames in the log, frames checkpointed): 0 busy means the WAL was truncated.
                    try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)").map {
                        try $0.stored("busy", table: "wal_checkpoint", key: "TRUNCATE", as: Int.self) == 0
                    } ?? false
                }
                guard try emptied() else { return }
                try db.execute(sql: "VACUUM")
                guard try emptied() else { return }
                try db.execute(sql: "UPDATE keyring SET purged = 1 WHERE id = 1")
                _ = try emptied()
            }
        }
    }

    /// Checks the lock and takes one of the five tries in one transaction, before the slow PIN check: tries
    /// made at the same time cannot get past five. The lock runs for `PINPolicy.lockSeconds` of the boot
    /// clock; after a reboot the period starts again.
    private func takeAttempt(_ officer: Officer, now: LocalTime) throws {
        let boot = BootClock.now()
        let remaining: Int64? = try write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT lock_boot_id, lock_boot_at FROM officers WHERE id = ?", arguments: [officer.id])
            else { throw StoreError.unknownOfficer(officer.name) }
            let read = row.reading("officers", key: String(officer.id))
            if let bootID = try read("lock_boot_id", as: String?.self),
                let at = try read("lock_boot_at", as: Int64?.self)
            {
                // Another boot (or time since boot gone back, when the boot id cannot be read): start again.
                if bootID != boot.bootID || boot.seconds < at {
                    try db.execute(
                        sql: "UPDATE officers SET lock_boot_id = ?, lock_boot_at = ? WHERE id = ?",
                        arguments: [boot.bootID, boot.seconds, officer.id])
                    return Int64(PINPolicy.lockSeconds)
                }
                let left = Int64(PINPolicy.lockSeconds) - (boot.seconds - at)
                if left > 0 { return left }
                try db.execute(
                    sql: """
                        UPDATE officers SET lock_boot_id = NULL, lock_boot_at = NULL, locked_until = NULL, failed_pins = 0
                        WHERE id = ?
                        """, arguments: [officer.id])
            }
            let taken =
                try Int.fetchOne(
                    db, sql: "UPDATE officers SET failed_pins = failed_pins + 1 WHERE id = ? RETURNING failed_pins",
                    arguments: [officer.id]) ?? 0
            guard taken > PINPolicy.attempts else { return nil }
            // The five tries are taken by others still running: this one locks.
            try Self.lock(db, officer, boot: boot, now: now)
            return Int64(PINPolicy.lockSeconds)
        }
        if let remaining { throw StoreError.officerLocked(officer.name, until: now.adding(seconds: Int(remaining))) }
    }

    /// Settles a try taken by `takeAttempt`: the right PIN clears the count, a wrong one stays counted (and is
    /// audited), and the fifth locks.
    private func settleAttempt(_ officer: Officer, succeeded: Bool, now: LocalTime) throws {
        let failure: StoreError? = try write { db in
            if succeeded {
                try db.execute(sql: "UPDATE officers SET failed_pins = 0 WHERE id = ?", arguments: [officer.id])
                return nil
            }
            try Self.audit(db, AuditAction.pinFailed, by: officer, now: now, subject: officer.name)
            let failed =
                try Int.fetchOne(db, sql: "SELECT failed_pins FROM officers WHERE id = ?", arguments: [officer.id]) ?? 0
            let locked =
                try Bool.fetchOne(
                    db, sql: "SELECT lock_boot_id IS NOT NULL FROM officers WHERE id = ?", arguments: [officer.id])
                ?? false
            guard failed >= PINPolicy.attempts || locked else {
                return StoreError.wrongPIN(officer.name, attemptsLeft: PINPolicy.attempts - failed)
            }
            if !locked { try Self.lock(db, officer, boot: BootClock.now(), now: now) }
            return StoreError.officerLocked(officer.name, until: now.adding(seconds: PINPolicy.lockSeconds))
        }
        if let failure { throw failure }
    }

    private static func lock(_ db: Database, _ officer: Officer, boot: BootClock, now: LocalTime) throws {
        let until = now.adding(seconds: PINPolicy.lockSeconds)
        try db.execute(
            sql:
                "UPDATE officers SET failed_pins = 0, locked_until = ?, lock_boot_id = ?, lock_boot_at = ? WHERE id = ?",
            arguments: [until.epochSeconds, boot.bootID, boot.seconds, officer.id])
        try audit(
            db, AuditAction.officerLocked, by: officer, now: now, subject: officer.name,
            after: ["lock_seconds": String(PINPolicy.lockSeconds)])
    }
}
