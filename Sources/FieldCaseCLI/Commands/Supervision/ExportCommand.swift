import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase export`: every dossier of a period, for a spreadsheet or another system.
struct ExportCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "export",
            abstract: localized("Export dossiers as CSV or JSON.", "Xuất hồ sơ ra CSV hoặc JSON."),
            discussion: localized(
                """
                One row per dossier with every field; CSV is UTF-8 with a byte-order mark so spreadsheets show \
                Vietnamese correctly, with headers in the UI language. Documents are one NAME:ORIGINALS:COPIES per \
                line of their cell. The export holds personal data: it needs an officer, is written only readable \
                by this account, and goes to the audit trail.
                """,
                """
                Mỗi hồ sơ một dòng với đầy đủ các trường; tệp CSV mã hoá UTF-8 có BOM để bảng tính hiển thị đúng \
                tiếng Việt, tiêu đề cột theo ngôn ngữ giao diện. Giấy tờ ghi mỗi loại một dòng NAME:ORIGINALS:COPIES \
                trong ô. Tệp xuất chứa dữ liệu cá nhân: cần cán bộ xác thực, chỉ tài khoản máy này đọc được tệp, và \
                việc xuất được ghi vào nhật ký kiểm tra.
                """))
    }

    enum FileFormat: String, ExpressibleByArgument, CaseIterable {
        case csv, json
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Option(help: ArgumentHelp(localized("csv or json.", "csv hoặc json."))) var format: FileFormat
    @Option(
        help: ArgumentHelp(
            localized("Dossiers received on or after this date.", "Hồ sơ tiếp nhận từ ngày này trở đi."),
            valueName: "YYYY-MM-DD"))
    var from: LocalDate?
    @Option(
        help: ArgumentHelp(
            localized("Dossiers received on or before this date.", "Hồ sơ tiếp nhận đến hết ngày này."),
            valueName: "YYYY-MM-DD"))
    var to: LocalDate?
    @Option(
        help: ArgumentHelp(
            localized("File to write (default: standard output).", "Tệp cần ghi ra (mặc định: đầu ra chuẩn).")),
        completion: .file())
    var out: String?

    func validate() throws {
        if let from, let to, to < from {
            throw ValidationError(localized("--to \(to) is before --from \(from)", "--to \(to) sớm hơn --from \(from)"))
        }
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
