import ArgumentParser
import FieldCaseCore

/// `fieldcase status`: the early-warning dashboard — what is late, what is about to be, and whether
/// the desk's work is reaching the province.
struct StatusCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "status",
            abstract: localized(
                "Early warning: overdue and due-soon dossiers, outbox and sync health.",
                "Cảnh báo sớm: hồ sơ quá hạn và sắp đến hạn, hàng đợi gửi đi và tình trạng đồng bộ."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions

    /// How many dossiers of each watch list the text view shows; JSON has them all.
    static let listed = 20

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let dashboard = try store.dashboard(now: now)
        let catalog = try store.catalog()
        let (year, number, _) = now.date.components
        // The first day of the month it is: always a date.
        let month = LocalDate(year: year, month: number, day: 1) ?? now.date
        let start = ServiceIndicators.window(month: month, now: now).start
        let indicators = ServiceIndicators(
            month: month, histories: try store.caseHistories(receivedBefore: now, changedSince: start),
            calendar: catalog.calendar, now: now)
        try store.recordAccess(AuditAction.dashboard, by: officer, now: now)
        let pages = try store.pageBacklog(on: now.date)
        if output.json {
            return try printJSON(
                DashboardJSON(
                    dashboard,
                    indicators: IndicatorsPrintout.JSON(
                        indicators, scope: "commune " + profile.communeCode, survey: catalog.survey),
                    pages: pages, now: now))
        }
        let language = session.language
        print(DashboardText.summary(dashboard, now: now, in: language))
        session.say(.device(try store.enrollment()?.deviceID))
        let counts = CaseStatus.allCases.compactMap { status in dashboard.counts[status].map { (status, $0) } }
        session.say(.dossierCounts(counts, discarded: dashboard.discarded))
        session.say(.monthIndicators(onTime: indicators.onTime, satisfied: indicators.satisfied))
        if pages.pages > 0 || pages.dailyBudget != nil { session.say(.pageBacklog(pages)) }
        for (overdue, watches) in [(true, dashboard.overdue), (false, dashboard.dueSoon)] where !watches.isEmpty {
            session.say(.watchTitle(overdue: overdue, count: watches.count))
            var table = Table(headers: DeskText.Heading.watches.words(in: language))
            table.rows = watches.prefix(Self.listed).map {
                [
                    $0.code, $0.procedureCode, $0.status.label(in: language), Format.shortTime($0.due),
                    DeskText.workingDays($0.workingDaysLate).text(in: language),
                ]
            }
            print(table.render())
            if watches.count > Self.listed { session.say(.moreInJSON(watches.count - Self.listed)) }
        }
        let listed = (dashboard.overdue.prefix(Self.listed) + dashboard.dueSoon.prefix(Self.listed)).map(
            \.procedureCode)
        if !listed.isEmpty { print("\n" + catalog.legend(of: listed, in: language)) }
        for warning in dashboard.warnings { session.say(.warning(warning)) }
    }
}
