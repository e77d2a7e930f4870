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

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let record = try store.changeStatus(
            code: code, to: newStatus, reason: reason, by: try session.authenticate(officer, in: store), now: now)
        if output.json {
            try printJSON(CaseJSON(record, calendar: try store.catalog().calendar, now: now))
        } else {
            session.say(.statusChanged(code: record.code, status: record.status))
        }
    }
}
