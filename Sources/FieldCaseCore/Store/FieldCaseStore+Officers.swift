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
        let pin = try PINRule.validatedNew(pin)
        return try write { db in
            let officer = try Self.insertOfficer(db, name: name, role: role, now: now)
            // The wrap names its holder, so it is made once the officer has an id, in the same transaction.
            let wrap = try KeyWrap.wrapping(key, pin: pin, officerID: officer.id)
            try db.execute(sql: "UPDATE officers SET key_wrap = ? WHERE id = ?", arguments: [wrap.text, officer.id])
            try Self.audit(
                db, AuditAction.officerAdded, by: actor, now: now, subject: name, after: ["role": role.rawValue])
            return officer
        }
    }

    /// Disables or re-enables an officer; supervisors only, and the last enabled supervisor stays. Disabling
    /// removes the officer's key wrap: their PIN no longer opens the data, even on a copy of the home taken
    /// later. Re-enabled, they get a PIN from a supervisor (`officer pin NAME`).
    public func setOfficer(named name: String, enabled: Bool, by actor: Officer, now: LocalTime) throws {
        try actor.require(.manageOfficers)
        try write { db in
            let officer = try Self.findOfficer(db, named: name)
            guard officer.disabled == enabled else { return }
            if !enabled, officer.role == .supervisor {
                let others =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM officers WHERE role = 'supervisor' AND disabled = 0 AND id != ?",
                        arguments: [officer.id]) ?? 0
                if others == 0 { throw StoreError.lastSupervisor(officer.name) }
            }
            try db.execute(
                sql: "UPDATE officers SET disabled = ?, key_wrap = CASE WHEN ? THEN key_wrap END WHERE id = ?",
                arguments: [!enabled, enabled, officer.id])
            try Self.audit(
                db, enabled ? AuditAction.officerEnabled : AuditAction.officerDisabled, by: actor, now: now,
                subject: officer.name, before: ["disabled": String(officer.disabled)],
                after: ["disabled": String(!enabled)])
        }
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

    static func findOfficer(_ db: Database, named name: String) throws -> Officer {
        let wanted = VietnameseText.folded(name)
        let all = try Row.fetchAll(db, sql: "SELECT id, name, role, disabled FROM officers").map(Self.officer)
        guard let officer = all.first(where: { VietnameseText.folded($0.name) == wanted }) else {
            throw StoreError.unknownOfficer(name)
        }
        return officer
    }
}
