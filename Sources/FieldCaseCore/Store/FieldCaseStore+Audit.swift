import FieldCaseWire
import Foundation
import FieldCaseRows
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
    public static let unitCodeChanged = "device.unit_code_changed"
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
    public static let protected = "device.protected"
    public static let recovered = "officer.recovered"
    public static let recoveryRenewed = "device.recovery_key_renewed"
    /// A new data key sealed the home again (a renewed recovery key, a disabled officer).
    public static let rekeyed = "device.rekeyed"
    /// A dossier refused for the desk's clock, sent again with its times put right.
    public static let redated = "queue.redated"
    public static let enrolled = "device.enrolled"
    public static let viewed = "case.viewed"
    public static let receiptPrinted = "case.receipt_printed"
    /// A paper of the one-stop process other than the receipt (`case form`).
    public static let formPrinted = "case.form_printed"
    public static let listed = "cases.listed"
    public static let searched = "cases.searched"
    public static let reported = "report.viewed"
    public static let dashboard = "status.viewed"
    public static let auditRead = "audit.viewed"
    public static let backedUp = "device.backed_up"
    public static let restored = "device.restored"
    public static let bundleExported = "bundle.exported"
    public static let bundleAnswered = "bundle.reply_imported"
}

extension FieldCaseStore {
    /// Appends to the audit trail in the caller's transaction, so the entry exists exactly when the change does.
    static func audit(
        _ db: Database, _ action: String, by officer: Officer?, now: LocalTime, caseCode: String? = nil,
        subject: String? = nil, before: [String: String]? = nil, after: [String: String]? = nil, reason: String? = nil
    ) throws {
        let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")?
            .reading("audit_log", key: "the last entry")
        var entry = WireAuditEntry(
            id: (try last?("id", as: Int64.self) ?? 0) + 1, at: now.epochSeconds, officer: officer?.name,
            action: action,
            caseCode: caseCode, subject: subject, before: try before.map(jsonText), after: try after.map(jsonText),
            reason: reason, hash: "")
        entry.hash = entry.expectedHash(after: try last?("hash", as: String.self) ?? "")
        try db.execute(
            sql: """
                INSERT INTO audit_log (id, at, device_id, officer_id, action, case_code, subject, before, after, reason, hash)
                VALUES (?, ?, (SELECT device_id FROM profile WHERE id = 1), ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.id, entry.at, officer?.id, action, caseCode, subject, entry.before, entry.after, reason,
                entry.hash,
            ])
    }

    /// Records that an officer saw citizens' data: a dossier, a list, a search (its words never: only how
    /// many), a report. Reading is an access under Decree 13/2023 like any change.
    public func recordAccess(
        _ action: String, by officer: Officer, now: LocalTime, caseCode: String? = nil, details: [String: String]? = nil
    ) throws {
        try write { db in try Self.audit(db, action, by: officer, now: now, caseCode: caseCode, after: details) }
    }

    /// An export takes citizens' personal data off the device: who, how many and where goes on record.
    public func recordExport(format: String, cases: Int, destination: String, by officer: Officer, now: LocalTime)
        throws
    {
        try write { db in
            try Self.audit(
                db, AuditAction.exported, by: officer, now: now, subject: destination,
                after: ["format": format, "cases": String(cases)])
        }
    }

    /// Free text an officer typed (a reason, a file name) may name a citizen: the trail keeps it sealed under
    /// the data key, so neither a copied home nor the central copy reads it, and the chain covers the sealed
    /// form. Text the device writes itself (no key at hand) stays as it is.
    static func sealedNote(_ text: String?, _ key: DataKey?) throws -> String? {
        guard let text, let key else { return text }
        return sealedPrefix + (try key.seal(Data(text.utf8), context: "audit note")).base64EncodedString()
    }

    static let sealedPrefix = "sealed:"

    /// A note as a signed-in officer reads it; "(sealed)" without the key.
    func openedNote(_ text: String?) -> String? {
        guard let text, text.hasPrefix(Self.sealedPrefix) else { return text }
        guard let key = dataKey, let bytes = Data(base64Encoded: String(text.dropFirst(Self.sealedPrefix.count))),
            let plain = try? key.openKept(bytes, context: "audit note")
        else { return "(sealed)" }
        return String(decoding: plain, as: UTF8.self)
    }

    /// The trail, oldest first.
    public func auditTrail(_ filter: AuditFilter = AuditFilter()) throws -> [AuditEntry] {
        var conditions: [SQL] = []
        if let code = filter.caseCode { conditions.append("a.case_code = \(code)") }
        if let officer = filter.officer { conditions.append("a.officer_id = \(officer.id)") }
        if let since = filter.since { conditions.append("a.at >= \(since.epochSeconds)") }
        let request = SQLRequest<Row>(
            literal: """
                SELECT a.*, o.name AS officer_name FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id
                WHERE \(conditions.joined(operator: .and)) ORDER BY a.id
                """)
        return try read { db in
            try Row.fetchAll(db, request).map { row in
                let id = try row.stored("id", table: "audit_log", key: "unknown", as: Int64.self)
                let read = row.reading("audit_log", key: String(id))
                return AuditEntry(
                    id: id, at: try read.time("at"), deviceID: try read("device_id"),
                    officerName: try read("officer_name"), action: try read("action"), caseCode: try read("case_code"),
                    subject: openedNote(try read("subject")), before: try read("before"), after: try read("after"),
                    reason: openedNote(try read("reason")))
            }
        }
    }
}

extension FieldCaseStore {
    /// The trail as the chain covers it, oldest first, from entry `after + 1`.
    static func chainedEntries(_ db: Database, after: Int64 = 0, limit: Int = .max) throws -> [WireAuditEntry] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT a.*, o.name AS officer_name FROM audit_log a LEFT JOIN officers o ON o.id = a.officer_id
                WHERE a.id > ? ORDER BY a.id LIMIT ?
                """, arguments: [after, limit]
        ).map { row in
            let id = try row.stored("id", table: "audit_log", key: "unknown", as: Int64.self)
            let read = row.reading("audit_log", key: String(id))
            return WireAuditEntry(
                id: id, at: try read("at"), officer: try read("officer_name"), action: try read("action"),
                caseCode: try read("case_code"), subject: try read("subject"), before: try read("before"),
                after: try read("after"), reason: try read("reason"),
                // Entries from before the chain have none; verifying the chain says so.
                hash: try read("hash", as: String?.self) ?? "")
        }
    }

    /// Fills in the hashes of entries written before the trail was chained (migration v7 only).
    static func chainUnchainedAudit(_ db: Database) throws {
        var previous = ""
        for var entry in try chainedEntries(db) {
            entry.hash = entry.expectedHash(after: previous)
            try db.execute(sql: "UPDATE audit_log SET hash = ? WHERE id = ?", arguments: [entry.hash, entry.id])
            previous = entry.hash
        }
    }

    /// The triggers that keep the trail append-only and chained; dropping one is tampering.
    /// Each with its SQL as the migrations wrote it (whitespace aside): one that does nothing under the same
    /// name is tampering too.
    static let auditGuards = [
        "audit_log_append_only_update":
            "CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, "
            + "'audit_log is append-only'); END",
        "audit_log_append_only_delete":
            "CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, "
            + "'audit_log is append-only'); END",
        "audit_log_hash_required":
            "CREATE TRIGGER audit_log_hash_required BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL BEGIN SELECT "
            + "RAISE(ABORT, 'audit_log entries are chained'); END",
    ]

    static func guardProblems(_ db: Database) throws -> [String] {
        let present = Dictionary(
            try Row.fetchAll(
                db, sql: "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = 'audit_log'"
            )
            .map { row in
                let read = row.reading("sqlite_master", key: "a trigger of audit_log")
                return (
                    try read("name", as: String.self),
                    try read("sql", as: String.self).split(whereSeparator: \.isWhitespace).joined(separator: " ")
                )
            },
            uniquingKeysWith: { first, _ in first })
        let guards = auditGuards.keys.sorted().compactMap { name in
            guard let sql = present[name] else { return "trigger \(name) is missing" }
            return sql == auditGuards[name] ? nil : "trigger \(name) was changed"
        }
        // Any other trigger could drop or alter entries as they are written (RAISE(IGNORE)) unseen by the chain.
        let extra = present.keys.filter { auditGuards[$0] == nil }.sorted().map { "trigger \($0) was added" }
        return guards + extra
    }

    /// Checks the whole trail: its guards, its chain, and that it still holds every entry the central system
    /// has acknowledged. nil when intact, else what is wrong and where.
    public func verifyAudit() throws -> AuditVerification {
        try read { db in
            let entries = try Self.chainedEntries(db)
            let sent = try Int64.fetchOne(db, sql: "SELECT audit_sent FROM sync_config WHERE id = 1") ?? 0
            var problems = try Self.guardProblems(db) + Self.officerProblems(db)
            if let broken = AuditChain.firstBreak(in: entries) {
                problems.append(AuditVerification.describe(broken))
            }
            let last = entries.last?.id ?? 0
            if last < sent {
                problems.append("entries \(last + 1)-\(sent) were sent to the central system and are gone here")
            }
            return AuditVerification(entries: entries.count, problems: problems)
        }
    }

    /// Entries the central system has not acknowledged yet, oldest first.
    public func unsentAudit(limit: Int) throws -> [WireAuditEntry] {
        try read { db in
            let sent = try Int64.fetchOne(db, sql: "SELECT audit_sent FROM sync_config WHERE id = 1") ?? 0
            return try Self.chainedEntries(db, after: sent, limit: limit)
        }
    }

    /// Remembers the last entry the central system holds: usually further on, back after a restored gateway.
    public func setAuditSent(through id: Int64) throws {
        try write { db in
            // Never past what this desk holds: a gateway claiming more must not hide later entries from it.
            let held = try Int64.fetchOne(db, sql: "SELECT IFNULL(MAX(id), 0) FROM audit_log") ?? 0
            try db.execute(
                sql: "UPDATE sync_config SET audit_sent = ? WHERE id = 1", arguments: [min(max(0, id), held)])
        }
    }
}

/// What `audit --verify` found.
public struct AuditVerification: Sendable {
    public let entries: Int
    public let problems: [String]
    public var intact: Bool { problems.isEmpty }

    public static func describe(_ broken: (entry: WireAuditEntry, problem: AuditBreak)) -> String {
        switch broken.problem {
        case .missingBefore(let id) where id < broken.entry.id:
            "entries \(id)-\(broken.entry.id - 1) are missing before entry \(broken.entry.id)"
        case .missingBefore:
            "entry \(broken.entry.id) is out of order"
        case .altered:
            "entry \(broken.entry.id) was changed after it was written (its hash does not follow)"
        }
    }
}
