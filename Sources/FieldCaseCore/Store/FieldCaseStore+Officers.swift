import Foundation
import GRDB

/// How many wrong PINs lock an officer out, and for how long.
public enum PINPolicy {
    public static let attempts = 5
    public static let lockSeconds = 5 * 60
}

/// What only a supervisor may do; the refusal names it.
public enum SupervisorAction: String, Sendable {
    case manageOfficers = "manage officers"
    case reviewQueue = "review the queue"
    case changePolicy = "change the sync policy"
}

extension Officer {
    /// Refuses the action unless this officer is a supervisor.
    public func require(_ action: SupervisorAction) throws {
        guard role == .supervisor else { throw StoreError.supervisorsOnly(name, action) }
    }
}

/// An officer as `officer list` shows it.
public struct OfficerStatus: Sendable, Hashable {
    public let officer: Officer
    public let hasPIN: Bool
    public let lockedUntil: LocalTime?
    public let createdAt: LocalTime
}

extension FieldCaseStore {
    /// Adds an officer; supervisors only.
    public func addOfficer(name rawName: String, role: OfficerRole, pin: PINHash?, by actor: Officer, now: LocalTime)
        throws -> Officer
    {
        try actor.require(.manageOfficers)
        let name = try TextRules.personName(rawName, field: .officer)
        return try write { db in
            let officer = try Self.insertOfficer(db, name: name, role: role, pin: pin, now: now)
            try Self.audit(
                db, AuditAction.officerAdded, by: actor, now: now, subject: name,
                after: ["role": role.rawValue, "pin": pin == nil ? "none" : "set"])
            return officer
        }
    }

    /// Disables or re-enables an officer; supervisors only, and the last enabled supervisor stays.
    public func setOfficer(named name: String, enabled: Bool, by actor: Officer, now: LocalTime) throws {
        try actor.require(.manageOfficers)
        try write { db in
            let officer = try Self.findOfficer(db, named: name)
            guard officer.disabled == enabled else { return }
            if !enabled, officer.role == .supervisor {
                let others = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM officers WHERE role = 'supervisor' AND disabled = 0 AND id != ?",
                    arguments: [officer.id]) ?? 0
                if others == 0 { throw StoreError.lastSupervisor(officer.name) }
            }
            try db.execute(
                sql: "UPDATE officers SET disabled = ? WHERE id = ?", arguments: [!enabled, officer.id])
            try Self.audit(
                db, enabled ? AuditAction.officerEnabled : AuditAction.officerDisabled, by: actor, now: now,
                subject: officer.name, before: ["disabled": String(officer.disabled)], after: ["disabled": String(!enabled)])
        }
    }

    /// Every officer with PIN and lock state, for `officer list`.
    public func officerStatuses() throws -> [OfficerStatus] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM officers ORDER BY name").map { row in
                OfficerStatus(
                    officer: try Self.officer(row), hasPIN: (row["pin_hash"] as Data?) != nil,
                    lockedUntil: (row["locked_until"] as Int64?).map(LocalTime.init(epochSeconds:)),
                    createdAt: LocalTime(epochSeconds: row["created_at"]))
            }
        }
    }

    /// Sets `officer`'s PIN. An officer changes their own; a supervisor may reset anyone's, which also lifts a lock.
    public func setPIN(_ pin: PINHash, of officer: Officer, by actor: Officer, now: LocalTime) throws {
        if actor.id != officer.id { try actor.require(.manageOfficers) }
        try write { db in
            try db.execute(
                sql: """
                    UPDATE officers SET pin_hash = ?, pin_salt = ?, pin_rounds = ?, failed_pins = 0, locked_until = NULL
                    WHERE id = ?
                    """,
                arguments: [pin.hash, pin.salt, pin.rounds, officer.id])
            try Self.audit(db, AuditAction.pinChanged, by: actor, now: now, subject: officer.name)
        }
    }

    /// Whether the officer needs a PIN to act on this device.
    public func hasPIN(_ officer: Officer) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT pin_hash IS NOT NULL FROM officers WHERE id = ?", arguments: [officer.id])
                ?? false
        }
    }

    /// Checks an officer's PIN. Five wrong PINs in a row lock the officer for five minutes; while locked,
    /// even the right PIN is refused. Failures and locks go to the audit trail (never the PIN itself).
    public func authenticate(_ officer: Officer, pin: String, now: LocalTime) throws {
        let stored = try read { db in
            try Row.fetchOne(
                db, sql: "SELECT pin_hash, pin_salt, pin_rounds, locked_until FROM officers WHERE id = ?",
                arguments: [officer.id])
        }
        guard let stored, let hash = stored["pin_hash"] as Data?, let salt = stored["pin_salt"] as Data?,
            let rounds = stored["pin_rounds"] as Int?
        else { return }
        if let until = (stored["locked_until"] as Int64?).map(LocalTime.init(epochSeconds:)), until > now {
            throw StoreError.officerLocked(officer.name, until: until)
        }
        let matches = PINHash(hash: hash, salt: salt, rounds: rounds).matches(pin: pin)
        let failure: StoreError? = try write { db in
            if matches {
                try db.execute(
                    sql: "UPDATE officers SET failed_pins = 0, locked_until = NULL WHERE id = ? AND failed_pins > 0",
                    arguments: [officer.id])
                return nil
            }
            let failed = (try Int.fetchOne(
                db, sql: "UPDATE officers SET failed_pins = failed_pins + 1 WHERE id = ? RETURNING failed_pins",
                arguments: [officer.id]) ?? 0)
            try Self.audit(db, AuditAction.pinFailed, by: officer, now: now, subject: officer.name)
            guard failed >= PINPolicy.attempts else {
                return StoreError.wrongPIN(officer.name, attemptsLeft: PINPolicy.attempts - failed)
            }
            let until = now.adding(seconds: PINPolicy.lockSeconds)
            try db.execute(
                sql: "UPDATE officers SET failed_pins = 0, locked_until = ? WHERE id = ?",
                arguments: [until.epochSeconds, officer.id])
            try Self.audit(
                db, AuditAction.officerLocked, by: officer, now: now, subject: officer.name,
                after: ["locked_until": until.iso8601])
            return StoreError.officerLocked(officer.name, until: until)
        }
        if let failure { throw failure }
    }

    /// The officer of that name, enabled or not: the audit trail names officers who have left.
    public func officer(named name: String) throws -> Officer {
        try read { db in try Self.findOfficer(db, named: name) }
    }

    static func findOfficer(_ db: Database, named name: String) throws -> Officer {
        let wanted = VietnameseText.folded(name)
        let all = try Row.fetchAll(db, sql: "SELECT id, name, role, disabled FROM officers").map(Self.officer)
        guard let officer = all.first(where: { VietnameseText.folded($0.name) == wanted }) else {
            throw StoreError.unknownOfficer(name)
        }
        return officer
    }
}
