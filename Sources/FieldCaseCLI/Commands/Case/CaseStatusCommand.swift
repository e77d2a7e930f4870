import ArgumentParser
import FieldCaseCore

/// `fieldcase case status`: moves a dossier along its lifecycle.
struct CaseStatusCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "status",
            abstract: localized("Move a dossier to a new status.", "Chuyển hồ sơ sang trạng thái mới."),
            discussion: localized(
                "Statuses: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). "
                    + "Refusing and stopping need --reason.",
                "Các trạng thái: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). "
                    + "Từ chối và dừng giải quyết phải có --reason.")
        )
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @Argument(
        help: ArgumentHelp(
            localized("New status (name or national code).", "Trạng thái mới (tên hoặc mã trạng thái quốc gia).")))
    var newStatus: CaseStatus
    @Option(
        help: ArgumentHelp(
            localized("Why; required to refuse or stop.", "Lý do; bắt buộc khi từ chối hoặc dừng giải quyết.")))
    var reason: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Who collected the result (with returned).", "Người nhận kết quả (khi chuyển sang returned).")))
    var collectedBy: String?
    @Option(
        help: ArgumentHelp(
            localized("The ID number the collector showed.", "Số giấy tờ tùy thân người nhận xuất trình.")))
    var collectorId: String?
    @Option(
        help: ArgumentHelp(localized("Its type: cccd, passport or other.", "Loại giấy tờ: cccd, passport hoặc other.")))
    var collectorIdType: Applicant.IDType = .cccd
    @Flag(
        help: ArgumentHelp(
            localized(
                "The collector came for the applicant, with an authorisation.",
                "Người nhận là người được ủy quyền.")))
    var proxy = false

    func validate() throws {
        if (collectedBy == nil) != (collectorId == nil) {
            throw ValidationError(
                localized(
                    "--collected-by and --collector-id go together", "--collected-by và --collector-id đi cùng nhau"))
        }
        if proxy, collectedBy == nil {
            throw ValidationError(localized("--proxy goes with --collected-by", "--proxy đi cùng --collected-by"))
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let handover = try collectedBy.map {
            try ResultHandover(
                collectedBy: $0, idType: collectorIdType, idNumber: collectorId ?? "", proxy: proxy)
        }
        let record = try store.changeStatus(
            code: code, to: newStatus, reason: reason, handover: handover,
            by: try session.authenticate(officer, in: store), now: now)
        if output.json {
            try printJSON(CaseJSON(record, calendar: try store.catalog().calendar, now: now))
        } else {
            session.say(.statusChanged(code: record.code, status: record.status))
        }
    }
}
