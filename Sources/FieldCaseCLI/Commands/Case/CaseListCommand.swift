import ArgumentParser
import FieldCaseCore

extension CaseStatus: ExpressibleByArgument {
    public init?(argument: String) { self.init(statusArgument: argument) }
    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}

/// `fieldcase case list`: the desk's dossiers, newest first, with where each stands against its due date.
struct CaseListCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "list",
            abstract: localized("List dossiers, newest first.", "Liệt kê hồ sơ, mới nhất trước."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @OptionGroup var listing: ListingOptions
    @Option(help: ArgumentHelp(localized("Only dossiers in this status.", "Chỉ các hồ sơ ở trạng thái này.")))
    var status: CaseStatus?
    @Flag(
        help: ArgumentHelp(
            localized("Only open dossiers past their due time.", "Chỉ các hồ sơ đang giải quyết đã quá hạn.")))
    var overdue = false
    @Flag(
        help: ArgumentHelp(
            localized(
                "Only open dossiers with at most one working day left.",
                "Chỉ các hồ sơ đang giải quyết sắp đến hạn (còn không quá một ngày làm việc).")))
    var dueSoon = false

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
        try CaseListing(records: records, calendar: calendar, now: now).print(output, page: listing, in: session)
    }
}

/// Prints cases as a table or a JSON array; `list` and `find` share it. A cut list says on standard error how
/// many it left out, so the JSON on standard output stays the array scripts read.
struct CaseListing {
    let records: [CaseRecord]
    let calendar: WorkCalendar
    let now: LocalTime

    func print(_ output: OutputOptions, page listing: ListingOptions, in session: Session) throws {
        let (shown, more) = listing.page(records)
        defer {
            if more > 0 { StandardStreams.error(DeskText.more(more).text(in: session.language) + "\n") }
        }
        if output.json {
            return try printJSON(shown.map { try CaseJSON($0, calendar: calendar, now: now) })
        }
        guard !shown.isEmpty else {
            return session.say(
                records.isEmpty ? .noDossiers : .nothingAfter(offset: listing.offset, total: records.count))
        }
        let language = session.language
        var table = Table(headers: DeskText.Heading.cases.words(in: language), flexibleColumn: 1)
        table.rows = shown.map { record in
            [
                record.code, record.applicant.name,
                record.discardedAt == nil ? record.status.label(in: language) : DeskText.discarded.text(in: language),
                Format.shortTime(record.effectiveDue(calendar: calendar, now: now)),
                record.timeliness(calendar: calendar, now: now)?.label(in: language) ?? "-",
            ]
        }
        Pager.show(table.render(), environment: session.environment)
    }
}
