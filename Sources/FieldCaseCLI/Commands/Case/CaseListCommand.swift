import ArgumentParser
import FieldCaseCore

extension CaseStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(statusArgument: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `fieldcase case list`: the desk's dossiers, newest first, with where each stands against its due date.
struct CaseListCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List dossiers, newest first.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Only dossiers in this status.") var status: CaseStatus?
    @Flag(help: "Only open dossiers past their due time.") var overdue = false
    @Flag(help: "Only open dossiers with at most one working day left.") var dueSoon = false

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let calendar = try store.catalog().calendar
        let wanted: Set<Timeliness> = Set((overdue ? [.overdue] : []) + (dueSoon ? [.dueSoon] : []))
        let records = try store.cases(CaseFilter(status: status, openOnly: !wanted.isEmpty)).filter { record in
            wanted.isEmpty || record.timeliness(calendar: calendar, now: now).map(wanted.contains) == true
        }
        try store.recordAccess(
            AuditAction.listed, by: officer, now: now,
            details: ["dossiers": String(records.count), "status": status?.rawValue ?? "any"])
        try CaseListing(records: records, calendar: calendar, now: now).print(json: output.json)
    }
}

/// Prints cases as a table or a JSON array; `list` and `find` share it.
struct CaseListing {
    let records: [CaseRecord]
    let calendar: WorkCalendar
    let now: LocalTime

    func print(json: Bool) throws {
        if json {
            try printJSON(records.map { try CaseJSON($0, calendar: calendar, now: now) })
            return
        }
        guard !records.isEmpty else {
            Swift.print("No dossiers.")
            return
        }
        var table = Table(headers: ["CODE", "APPLICANT", "STATUS", "DUE", "TIMELINESS"], flexibleColumn: 1)
        table.rows = records.map { record in
            let due = record.effectiveDue(calendar: calendar, now: now)
            return [
                record.code, record.applicant.name, record.discardedAt == nil ? record.status.rawValue : "discarded",
                Format.shortTime(due),
                record.timeliness(calendar: calendar, now: now)?.rawValue ?? "-",
            ]
        }
        Swift.print(table.render())
    }
}
