import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseGateway

/// `fieldcase-central report …`: the province's reports across communes.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports across communes.",
        subcommands: [OverdueReportCommand.self, IndicatorsReportCommand.self])
}

/// `fieldcase-central report overdue`: early warning across communes, worst first.
struct OverdueReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "overdue", abstract: "Open dossiers overdue or due soon, worst commune first.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let repository = try await database.open()
        let cases = try await repository.host.run("report.overdue") {
            try await repository.cases(communes: nil, status: nil)
        }
        let report = OverdueReport(cases: cases, now: .now(), calendar: repository.rules.catalog.calendar)
        if output.json { return try printJSON(report.rows) }
        operatorPrint(
            Table(
                headers: ["COMMUNE", "OVERDUE", "DUE SOON", "OPEN"],
                rows: report.rows.map { [$0.commune_code, String($0.overdue), String($0.due_soon), String($0.open)] }
            ))
    }
}

/// `fieldcase-central report indicators`: a commune's or a province's Decision 766 measures for a month, counted
/// by the same code as the desk's `report indicators`, from what the desks synced.
struct IndicatorsReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indicators", abstract: "A month's service indicators (Decision 766) of communes or a province.",
        discussion: """
            Counted from the dossiers the desks synced, as `fieldcase report indicators` counts them on a desk: \
            on time (resolved by the due date and asked for papers at most once), supplement requests, the \
            citizens' ratings at the handover, and digitisation (only pages the gateway holds count). See the \
            README for each definition.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pages: PagesOption
    @OptionGroup var output: JSONOption
    @OptionGroup var scope: CommuneScopeOptions
    @Option(help: ArgumentHelp("The month.", valueName: "YYYY-MM")) var month: Month

    func run() async throws {
        let repository = try await database.open()
        // Counted on the catalog the desks are served (a province's holidays, communes and survey), as `serve` does.
        let catalog = try await repository.servedCatalog().map { try Catalog(json: $0) } ?? repository.rules.catalog
        let communes = try scope.communes(in: catalog)
        let vault = try await pages.requireServedVault(beside: database, of: repository)
        let histories = try await repository.host.run("report.indicators", detail: scope.label) {
            try await repository.caseHistories(communes: communes, calendar: catalog, pagesHeld: vault.holds)
        }
        let indicators = ServiceIndicators(
            month: month.firstDay, histories: histories, calendar: catalog.calendar, now: .now())
        if output.json {
            return try printJSON(IndicatorsPrintout.JSON(indicators, scope: scope.label, survey: catalog.survey))
        }
        // The criteria's names come from the catalog: printed through `TerminalText.safe`, line breaks kept.
        print(
            TerminalText.safe(
                IndicatorsPrintout.text(
                    indicators,
                    title: "Service indicators (Decision 766/QĐ-TTg), \(scope.label), \(month.label), as of "
                        + indicators.asOf.iso8601, survey: catalog.survey, language: .english), lines: true),
            terminator: "")
    }
}
