import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase report …`: the periodic reports a commune sends up.
struct ReportCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "report", abstract: localized("Periodic reports.", "Báo cáo định kỳ."),
            subcommands: [MonthlyReportCommand.self, IndicatorsReportCommand.self])
    }
}

/// `fieldcase report monthly`: per procedure, what came in, what was resolved early, on time or late,
/// and what is still open and overdue — the shape of the provinces' one-stop reports.
struct MonthlyReportCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "monthly",
            abstract: localized("Monthly report per procedure.", "Báo cáo tháng theo từng thủ tục."),
            discussion: localized(
                """
                carried over: open at the start of the month; received: in the month; early / on time / late: resolved \
                in the month, against the due date with supplement pauses; ended: refused, withdrawn or stopped in the \
                month; open and overdue: at the end of the month (now, for the month in progress). Discarded dossiers \
                are left out.
                """,
                """
                kỳ trước chuyển qua: đang giải quyết vào đầu tháng; tiếp nhận: trong tháng; trước hạn / đúng hạn / \
                trễ hạn: giải quyết xong trong tháng, so với hạn trả đã tính thời gian tạm dừng để bổ sung hồ sơ; \
                dừng/trả lại: bị từ chối, rút hoặc dừng giải quyết trong tháng; đang giải quyết và quá hạn: tại cuối \
                tháng (tức hiện tại, với tháng đang diễn ra). Không tính các hồ sơ đã loại bỏ.
                """))
    }

    enum FileFormat: String, ExpressibleByArgument, CaseIterable {
        case txt, csv, json
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var period: ReportOptions
    @Option(help: ArgumentHelp(localized("txt, csv or json.", "txt, csv hoặc json."))) var format: FileFormat = .txt

    struct JSON: Encodable {
        struct Row: Encodable {
            let procedure_code: String
            /// The catalog's Vietnamese name (JSON is the same in both languages); null for the total.
            let procedure_name: String?
            let carried_over, received, resolved_early, resolved_on_time, resolved_late, ended, still_open, overdue: Int

            init(_ row: MonthlyReport.Row, name: String?) {
                procedure_code = row.procedureCode
                procedure_name = name
                carried_over = row.carriedOver
                received = row.received
                resolved_early = row.resolvedEarly
                resolved_on_time = row.resolvedOnTime
                resolved_late = row.resolvedLate
                ended = row.ended
                still_open = row.stillOpen
                overdue = row.overdue
            }
        }

        let month: String
        let as_of: LocalTime
        let procedures: [Row]
        let total: Row
    }

    static let english = [
        "Procedure", "Procedure name", "Carried over", "Received", "Early", "On time", "Late", "Ended", "Open",
        "Overdue",
    ]
    static let vietnamese = [
        "Thủ tục", "Tên thủ tục", "Kỳ trước chuyển qua", "Tiếp nhận", "Trước hạn", "Đúng hạn", "Trễ hạn",
        "Dừng/trả lại",
        "Đang giải quyết",
        "Đang quá hạn",
    ]

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try session.home.refuseInside(period.out)
        let catalog = try store.catalog()
        let calendar = catalog.calendar
        let report = MonthlyReport(
            month: period.month.firstDay, histories: try store.caseHistories(receivedBefore: now), calendar: calendar,
            now: now
        )
        let label = period.month.label
        let text: String
        switch format {
        case .json:
            text =
                try prettyJSON(
                    JSON(
                        month: label, as_of: report.asOf,
                        procedures: report.rows.map { JSON.Row($0, name: catalog.procedure($0.procedureCode)?.nameVI) },
                        total: JSON.Row(report.total, name: nil)))
                + "\n"
        case .csv:
            let headers = session.language == .vietnamese ? Self.vietnamese : Self.english
            let total = session.text("Total", "Tổng")
            let lines = (report.rows + [report.total]).map { row in
                let name = catalog.procedure(row.procedureCode)?.name(in: session.language) ?? ""
                var cells = Self.cells(row, total: total)
                cells.insert(name, at: 1)
                return CSV.line(cells)
            }
            text = CSV.byteOrderMark + CSV.line(headers) + lines.joined()
        case .txt:
            var table = Table(headers: DeskText.Heading.monthly.words(in: session.language))
            table.rows = (report.rows + [report.total]).map {
                Self.cells($0, total: DeskText.total.text(in: session.language))
            }
            // The codes keep the table within 80 columns; their names follow it, one line each.
            let legend = catalog.legend(of: report.rows.map(\.procedureCode), in: session.language)
            text =
                DeskText.monthlyTitle(month: label, asOf: Format.shortTime(report.asOf)).text(in: session.language)
                + "\n" + table.render() + "\n" + (legend.isEmpty ? "" : "\n" + legend + "\n")
        }
        try store.recordAccess(
            AuditAction.reported, by: officer, now: now,
            details: ["month": label, "format": format.rawValue, "to": period.out ?? "standard output"])
        try ReportFile.write(text, to: period.out)
    }

    static func cells(_ row: MonthlyReport.Row, total: String) -> [String] {
        [row.procedureCode == MonthlyReport.totalCode ? total : row.procedureCode]
            + [
                row.carriedOver, row.received, row.resolvedEarly, row.resolvedOnTime, row.resolvedLate, row.ended,
                row.stillOpen,
                row.overdue,
            ].map(String.init)
    }
}
