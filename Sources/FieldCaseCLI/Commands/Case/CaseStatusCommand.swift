import ArgumentParser
import FieldCaseCore

/// `fieldcase case status`: moves a dossier along its lifecycle.
struct CaseStatusCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Move a dossier to a new status.",
        discussion:
            "Statuses: \(CaseStatus.allCases.map(\.rawValue).joined(separator: ", ")). Refusing and stopping need --reason."
    )

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Dossier code.") var code: String
    @Argument(help: "New status (name or national code).") var newStatus: CaseStatus
    @Option(help: "Why; required to refuse or stop.") var reason: String?

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
