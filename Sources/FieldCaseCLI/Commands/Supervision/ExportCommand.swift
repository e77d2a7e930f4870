import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase export`: every dossier of a period, for a spreadsheet or another system.
struct ExportCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export dossiers as CSV or JSON.",
        discussion: """
            One row per dossier with every field; CSV is UTF-8 with a byte-order mark so spreadsheets show \
            Vietnamese correctly, with headers in the UI language. Documents are one NAME:ORIGINALS:COPIES per \
            line of their cell. The export holds personal data: it needs an officer, is written only readable \
            by this account, and goes to the audit trail.
            """)

    enum FileFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Option(help: "csv or json.") var format: FileFormat
    @Option(help: ArgumentHelp("Dossiers received on or after this date.", valueName: "YYYY-MM-DD")) var from:
        LocalDate?
    @Option(help: ArgumentHelp("Dossiers received on or before this date.", valueName: "YYYY-MM-DD")) var to: LocalDate?
    @Option(help: "File to write (default: standard output).") var out: String?

    func validate() throws {
        if let from, let to, to < from { throw ValidationError("--to \(to) is before --from \(from)") }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try session.home.refuseInside(out)
        let calendar = try store.catalog().calendar
        var filter = CaseFilter()
        filter.receivedFrom = from.map { LocalTime(date: $0, secondOfDay: 0) }
        filter.receivedBefore = to.map { LocalTime(date: $0.adding(days: 1), secondOfDay: 0) }
        let records = try store.cases(filter).reversed()
        let text: String
        switch format {
        case .json:
            text = try prettyJSON(records.map { try CaseJSON($0, calendar: calendar, now: now) }) + "\n"
        case .csv:
            text =
                CSV.byteOrderMark + CSV.line(CaseColumns.headers(in: session.language))
                + records.map { CSV.line(CaseColumns.cells($0, calendar: calendar, now: now, in: session.language)) }
                .joined()
        }
        // On record before the data leaves: a failed write leaves an entry too, never an unrecorded export.
        try store.recordExport(
            format: format.rawValue, cases: records.count, destination: out ?? "standard output", by: officer, now: now)
        try ReportFile.write(text, to: out)
        if let out {
            StandardStreams.error(DeskText.exported(records.count, to: out).text(in: session.language) + "\n")
        }
    }
}
