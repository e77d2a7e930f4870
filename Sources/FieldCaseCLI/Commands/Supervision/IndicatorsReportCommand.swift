import ArgumentParser
import FieldCaseCore

/// `fieldcase report indicators`: the commune's Decision 766 measures for a month, as the province computes them
/// from the same dossiers (`fieldcase-central report indicators`).
struct IndicatorsReportCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "indicators",
            abstract: localized(
                "The month's service indicators (Decision 766).", "Chỉ số phục vụ của tháng (Quyết định 766)."),
            discussion: localized(
                """
                on time: of the dossiers resolved in the month, those resolved by their due date (supplement pauses \
                counted) and asked for more papers at most once; rated and satisfied: of the results handed over in \
                the month, those the citizen rated, and of those, satisfied or very satisfied. Discarded dossiers are \
                left out.
                """,
                """
                đúng hạn: trong số hồ sơ giải quyết xong trong tháng, số hồ sơ xong trước hạn trả (đã tính thời gian \
                tạm dừng) và bị yêu cầu bổ sung nhiều nhất một lần; có đánh giá và hài lòng: trong số kết quả đã trả \
                trong tháng, số được người dân đánh giá, và trong đó số hài lòng hoặc rất hài lòng. Không tính các hồ \
                sơ đã loại bỏ.
                """))
    }

    enum FileFormat: String, ExpressibleByArgument, CaseIterable {
        case txt, json
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var period: ReportOptions
    @Option(help: ArgumentHelp(localized("txt or json.", "txt hoặc json."))) var format: FileFormat = .txt

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try session.home.refuseInside(period.out)
        let catalog = try store.catalog()
        let indicators = ServiceIndicators(
            month: period.month.firstDay,
            histories: try store.caseHistories(
                receivedBefore: now,
                changedSince: ServiceIndicators.window(month: period.month.firstDay, now: now).start),
            calendar: catalog.calendar,
            now: now)
        let label = period.month.label
        let text =
            switch format {
            case .json:
                try prettyJSON(
                    IndicatorsPrintout.JSON(indicators, scope: "commune " + profile.communeCode, survey: catalog.survey)
                ) + "\n"
            case .txt:
                IndicatorsPrintout.text(
                    indicators,
                    title: DeskText.indicatorsTitle(
                        scope: catalog.communes.first { $0.code == profile.communeCode }?.name ?? profile.communeCode,
                        month: label, asOf: Format.shortTime(indicators.asOf)
                    ).text(in: session.language), survey: catalog.survey, language: session.language)
            }
        try store.recordAccess(
            AuditAction.reported, by: officer, now: now,
            details: ["indicators": label, "format": format.rawValue, "to": period.out ?? "standard output"])
        try ReportFile.write(text, to: period.out)
    }
}
