import Foundation
import GRDB

/// One line of the audit trail: who did what, on which device, when, and what it changed.
///
/// `before` and `after` are small JSON objects (status, state, role, …); they never hold a PIN.
public struct AuditEntry: Sendable, Hashable {
    public let id: Int64
    public let at: LocalTime
    public let deviceID: String
    /// nil for what the device did on its own (a sync).
    public let officerName: String?
    public let action: String
    public let caseCode: String?
    public let subject: String?
    public let before: String?
    public let after: String?
    public let reason: String?
}

/// Which entries `audit` shows.
public struct AuditFilter: Sendable {
    public var caseCode: String?
    public var officer: Officer?
    public var since: LocalTime?

    public init(caseCode: String? = nil, officer: Officer? = nil, since: LocalTime? = nil) {
        self.caseCode = caseCode
        self.officer = officer
        self.since = since
    }
}

/// The actions the audit trail records besides case events, which keep their event kind.
public enum AuditAction {
    public static let deviceInitialized = "device.initialized"
    public static let officerAdded = "officer.added"
    public static let officerDisabled = "officer.disabled"
    public static let officerEnabled = "officer.enabled"
    public static let pinChanged = "officer.pin_changed"
    public static let pinFailed = "officer.pin_failed"
    public static let officerLocked = "officer.locked"
    public static let held = "queue.held"
    public static let released = "queue.released"
    public static let retried = "queue.retried"
    public static let discarded = "queue.discarded"
    public static let policyChanged = "policy.changed"
    public static let exported = "cases.exported"
}

extension FieldCaseStore {
    /// Appends to the audit trail in the caller's transaction, so the entry exists exactly when the change does.
    static func audit(
        _ db: Database, _ action: String, by officer: Officer?, now: LocalTime, caseCode: String? = nil,
        subject: String? = nil, before: [String: String]? = nil, after: [String: String]? = nil, reason: String? = nil
    ) throws {
        try db.execute(
            sql: """
                INSERT INTO audit_log (at, device_id, officer_id, action, case_code, subject, before, after, reason)
                VALUES (?, (SELECT device_id FROM profile WHERE id = 1), ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                now.epochSeconds, officer?.id, action, caseCode, subject, try before.map(jsonText),
                try after.map(jsonText), reason,
            ])
    }

    /// An export takes citizens' personal data off the device: who, how many and where goes on record.
    public func recordExport(format: String, cases: Int, destination: String, by officer: Officer, now: LocalTime) throws {
        try write { db in
            try Self.audit(
                db, AuditAction.exported, by: officer, now: now, subject: destination,
                after: ["format": format, "cases": String(cases)])
        }
    }

    /// The trail, oldest first.
    public func auditTrail(_ filter: AuditFilter = AuditFilter()) throws -> [AuditEntry] {
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let code = filter.caseCode {
            conditions.append("a.case_code = ?")
            arguments += [code]
        }
        if let officer = filter.officer {
            conditions.append("a.officer_id = ?")
            arguments += [officer.id]
        }
        if let since = filter.since {
            conditions.append("a.at >= ?")
            arguments += [since.epochSeconds]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT a.*, o.name AS officer_name FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id
                    \(whereClause) ORDER BY a.id
                    """,
                arguments: arguments
            ).map { row in
                AuditEntry(
                    id: row["id"], at: LocalTime(epochSeconds: row["at"]), deviceID: row["device_id"],
                    officerName: row["officer_name"], action: row["action"], caseCode: row["case_code"],
                    subject: row["subject"], before: row["before"], after: row["after"], reason: row["reason"])
            }
        }
    }
}
