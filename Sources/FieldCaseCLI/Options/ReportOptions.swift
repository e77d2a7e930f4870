import ArgumentParser
import FieldCaseCore

/// The month a report covers and where it goes: the same for every `report` subcommand.
struct ReportOptions: ParsableArguments {
    @Option(help: ArgumentHelp(localized("The month.", "Tháng báo cáo."), valueName: "YYYY-MM")) var month: Month
    @Option(
        help: ArgumentHelp(
            localized("File to write (default: standard output).", "Tệp cần ghi ra (mặc định: đầu ra chuẩn).")),
        completion: .file())
    var out: String?
}
