import Foundation
import FieldCaseRows
import GRDB

/// How many wrong PINs lock an officer out, and for how long (on the boot clock, `BootClock`).
public enum PINPolicy {
    public static let attempts = 5
    public static let lockSeconds = 5 * 60
}

/// What only a supervisor may do; the refusal names it.
public enum SupervisorAction: String, Sendable {
    case manageOfficers = "manage officers"
    case reviewQueue = "review the queue"
    case changePolicy = "change the sync policy"
    case enroll = "enroll this device with a central system"
    case restore = "restore this device from a backup"
    case exportBundle = "carry the outbox in a bundle"
    case changeUnitCode = "change the desk's unit code"
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
    /// Adds an officer with their PIN, which wraps the data key the signed-in supervisor opened; supervisors only.
    public func addOfficer(name rawName: String, role: OfficerRole, pin: String, by actor: Officer, now: LocalTime)
        throws -> Officer
    {
        try actor.require(.manageOfficers)
        let name = try TextRules.personName(rawName, field: .officer)
        let key = try requireKey()
        let pin = try PINRule.validatedNew(pin, minimum: try pinLength())
        return try write { db in
            let officer = try Self.insertOfficer(db, name: name, role: role, now: now)
            // The wrap names its holder, so it is made once the officer has an id, in the same transaction.
            let wrap = try KeyWrap.wrapping(key, pin: pin, officer: officer, cost: kdfCost)
            try db.execute(sql: "UPDATE officers SET key_wrap = ? WHERE id = ?", arguments: [wrap.text, officer.id])
            try Self.audit(
                db, AuditAction.officerAdded, by: actor, now: now, subject: name, after: ["role": role.rawValue])
            return officer
        }
    }

    /// Enables a disabled officer again; supervisors only. They get a PIN from a supervisor (`officer pin NAME`).
    /// (Disabling re-keys the home: `disableOfficer`.)
    public func enableOfficer(named name: String, by actor: Officer, now: LocalTime) throws {
        try actor.require(.manageOfficers)
        try write { db in
            let officer = try Self.findOfficer(db, named: name)
            guard officer.disabled else { return }
            try Self.setDisabled(db, officer, false, by: actor, now: now)
        }
    }

    /// Disables or enables an officer in the caller's transaction; the last enabled supervisor stays. Disabling
    /// removes the officer's key wrap: their PIN no longer opens the data, even on a copy of the home taken later.
    static func setDisabled(_ db: Database, _ officer: Officer, _ disabled: Bool, by actor: Officer, now: LocalTime)
        throws
    {
        if disabled, officer.role == .supervisor {
            let others =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM officers WHERE role = 'supervisor' AND disabled = 0 AND id != ?",
                    arguments: [officer.id]) ?? 0
            if others == 0 { throw StoreError.lastSupervisor(officer.name) }
        }
        try db.execute(
            sql: "UPDATE officers SET disabled = ?, key_wrap = CASE WHEN ? THEN NULL ELSE key_wrap END WHERE id = ?",
            arguments: [disabled, disabled, officer.id])
        try audit(
            db, disabled ? AuditAction.officerDisabled : AuditAction.officerEnabled, by: actor, now: now,
            subject: officer.name, before: ["disabled": String(officer.disabled)], after: ["disabled": String(disabled)]
        )
    }

    /// Every officer with PIN and lock state, for `officer list`.
    public func officerStatuses() throws -> [OfficerStatus] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM officers ORDER BY name").map { row in
                let officer = try Self.officer(row)
                let read = row.reading("officers", key: String(officer.id))
                return OfficerStatus(
                    officer: officer,
                    hasPIN: try read("key_wrap", as: String?.self) != nil || read("pin_hash", as: Data?.self) != nil,
                    lockedUntil: try read.timeIfAny("locked_until"), createdAt: try read.time("created_at"))
            }
        }
    }

    /// The officer of that name, enabled or not: the audit trail names officers who have left.
    public func officer(named name: String) throws -> Officer {
        try read { db in try Self.findOfficer(db, named: name) }
    }

    /// The role the trail gave the officer of that name when they were added: a plain `sqlite3` UPDATE of the
    /// table does not change it without breaking the chain. nil for an officer from before the trail.
    static func trailRole(_ db: Database, named name: String) throws -> OfficerRole? {
        let after = try String.fetchOne(
            db, sql: "SELECT after FROM audit_log WHERE action = ? AND subject = ? ORDER BY id DESC LIMIT 1",
            arguments: [AuditAction.officerAdded, name])
        let fields = after.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) }
        return fields?["role"].flatMap(OfficerRole.init(rawValue:))
    }

    /// Refuses an officer whose role in the table is not the one the trail recorded (their key wrap, which
    /// binds the role, would not open either: this says why).
    static func checkRoleInTrail(_ db: Database, _ officer: Officer) throws {
        if let role = try trailRole(db, named: officer.name), role != officer.role {
            throw StoreError.officerRecordAltered(officer.name)
        }
    }

    /// Officers whose role or disabled state differs from what the trail recorded, for `audit --verify`.
    static func officerProblems(_ db: Database) throws -> [String] {
        let disabled = try Row.fetchAll(
            db,
            sql: """
                SELECT subject, action FROM audit_log WHERE action IN (?, ?) AND id IN
                    (SELECT MAX(id) FROM audit_log WHERE action IN (?, ?) GROUP BY subject)
                """,
            arguments: [
                AuditAction.officerDisabled, AuditAction.officerEnabled, AuditAction.officerDisabled,
                AuditAction.officerEnabled,
            ]
        ).reduce(into: [String: Bool]()) { disabled, row in
            let read = row.reading("audit_log", key: "an officer's latest disable or enable")
            disabled[try read("subject", as: String.self)] =
                try read("action", as: String.self) == AuditAction.officerDisabled
        }
        return try Row.fetchAll(db, sql: "SELECT id, name, role, disabled FROM officers ORDER BY id").map(Self.officer)
            .compactMap { officer in
                // An officer from before the trail has nothing to compare with.
                guard let role = try trailRole(db, named: officer.name) else { return nil }
                if role != officer.role {
                    return "officer \(officer.name) is \(officer.role.rawValue) but was added as \(role.rawValue)"
                }
                if officer.disabled != (disabled[officer.name] ?? false) {
                    let state = officer.disabled ? "disabled" : "enabled"
                    return "officer \(officer.name) is \(state), which the trail does not say"
                }
                return nil
            }
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
