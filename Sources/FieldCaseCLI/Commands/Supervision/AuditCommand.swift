import ArgumentParser
import FieldCaseCore
import FieldCaseWire
import Foundation

/// `fieldcase audit`: every action taken on this device, by whom, when, and what it changed.
struct AuditCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "audit",
            abstract: localized(
                "Show the audit trail (append-only).", "Xem nhật ký kiểm tra (chỉ ghi thêm, không sửa hay xoá)."),
            discussion: localized(
                """
                Every case change, officer and PIN change, queue review, policy change, export, report, search and \
                dossier viewed, oldest first. Each entry is chained to the one before by a hash; --verify checks the \
                chain, the triggers that keep it append-only, and that the entries the central system received are \
                still here (exit 65 naming the first broken entry).
                """,
                """
                Mọi thay đổi hồ sơ, thay đổi cán bộ và mã PIN, lần duyệt hàng đợi, thay đổi chính sách, lần xuất, \
                báo cáo, tìm kiếm và lần xem hồ sơ, cũ nhất trước. Mỗi mục được nối với mục trước bằng mã băm; \
                --verify kiểm tra chuỗi này, các bộ kích hoạt giữ cho nhật ký chỉ được ghi thêm, và các mục hệ thống \
                trung tâm đã nhận vẫn còn ở đây (mã thoát 65, nêu mục hỏng đầu tiên).
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Option(
        name: .customLong("case"), help: ArgumentHelp(localized("Only this dossier.", "Chỉ hồ sơ này.")),
        completion: CompletionValues.codes.kind)
    var caseCode: String?
    @Option(
        help: ArgumentHelp(localized("Only what this officer did.", "Chỉ các thao tác của cán bộ này.")),
        completion: CompletionValues.officers.kind)
    var officer: String?
    @Option(help: ArgumentHelp(localized("From this date on.", "Từ ngày này trở đi."), valueName: "YYYY-MM-DD"))
    var since: LocalDate?
    @Flag(
        help: ArgumentHelp(
            localized(
                "Check that the trail is intact instead of showing it.",
                "Kiểm tra xem nhật ký còn nguyên vẹn không, thay vì hiển thị.")))
    var verify = false

    struct JSON: Encodable {
        let id: Int64
        let at: LocalTime
        let device_id: String
        let officer: String?
        let action: String
        let case_code: String?
        let subject: String?
        let before: JSONValue?
        let after: JSONValue?
        let reason: String?

        init(_ entry: AuditEntry) {
            id = entry.id
            at = entry.at
            device_id = entry.deviceID
            officer = entry.officerName
            action = entry.action
            case_code = entry.caseCode
            subject = entry.subject
            before = entry.before.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
            after = entry.after.flatMap { try? JSONDecoder().decode(JSONValue.self, from: Data($0.utf8)) }
            reason = entry.reason
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let reader = try session.authenticate(actor, in: store)
        if verify { return try verifyTrail(store, in: session) }
        let filter = AuditFilter(
            caseCode: caseCode, officer: try officer.map { try store.officer(named: $0) },
            since: since.map { LocalTime(date: $0, secondOfDay: 0) })
        let entries = try store.auditTrail(filter)
        try store.recordAccess(
            AuditAction.auditRead, by: reader, now: now, caseCode: caseCode,
            details: ["entries": String(entries.count)])
        if output.json { return try printJSON(entries.map(JSON.init)) }
        guard !entries.isEmpty else { return session.say(.noAuditEntries) }
        // No column gives way: an audit line is read in full, even if the terminal wraps it.
        var table = Table(headers: DeskText.Heading.audit.words(in: session.language))
        let language = session.language
        table.rows = entries.map { entry in
            // A case event's subject is `event N`.
            let subject =
                language == .vietnamese
                ? entry.subject?.replacingOccurrences(of: "event ", with: "sự kiện ") : entry.subject
            let change = [subject, Self.change(entry, in: language), entry.reason.map { "“\($0)”" }]
                .compactMap { $0 }.joined(separator: " ")
            return [
                Format.shortTime(entry.at), entry.officerName ?? DeskText.deviceActor.text(in: session.language),
                DeskText.auditAction(entry.action).text(in: language), entry.caseCode ?? "", change,
            ]
        }
        Pager.show(table.render(), environment: session.environment)
    }

    /// `status: received → processing`, from the before and after objects.
    static func change(_ entry: AuditEntry, in language: Language) -> String? {
        func fields(_ text: String?) -> [String: String] {
            text.flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
        }
        let before = fields(entry.before)
        let after = fields(entry.after)
        let keys = Set(before.keys).union(after.keys).sorted()
        guard !keys.isEmpty else { return nil }
        return keys.map { key in
            let name = DeskText.auditField(key).text(in: language)
            let values = [before[key], after[key]].compactMap { $0 }.map { Self.value($0, of: key, in: language) }
            return values.isEmpty ? name : "\(name): " + values.joined(separator: " → ")
        }.joined(separator: ", ")
    }

    /// A status or a role reads as the desk says it; other values as they were recorded.
    static func value(_ value: String, of key: String, in language: Language) -> String {
        switch key {
        case "status":
            CaseStatus(rawValue: value)?.label(in: language)
                ?? (value == "any" && language == .vietnamese ? "tất cả" : value)
        case "role": OfficerRole(rawValue: value)?.label(in: language) ?? value
        case "to" where value == "standard output": language == .vietnamese ? "màn hình" : value
        default: value
        }
    }

    func verifyTrail(_ store: FieldCaseStore, in session: Session) throws {
        let result = try store.verifyAudit()
        if output.json {
            try printJSON([
                "intact": JSONValue.bool(result.intact), "entries": .number(Double(result.entries)),
                "problems": .array(result.problems.map(JSONValue.string)),
            ])
        } else if result.intact {
            session.say(.auditIntact(result.entries))
        }
        guard result.intact else {
            throw CommandFailure(
                session.text("the audit trail was tampered with: ", "nhật ký kiểm tra đã bị sửa: ")
                    + result.problems.joined(separator: "; "),
                exitCode: Exit.dataError)
        }
    }
}
