import ArgumentParser
import FieldCaseCommandLine
import FieldCaseCore
import Foundation

/// The argument parser's own words (help headings, usage errors) in the officer's language. The parser
/// writes English only and keeps its error types private, so its messages are read by their wording: a
/// test walks each kind, and one the table does not know stays as the parser wrote it.
public enum ParserText {
    static func localized(_ report: Report, in language: Language) -> Report {
        guard language == .vietnamese else { return report }
        let message = report.isHelp ? help(report.message) : error(report.message)
        return Report(message: message, exitCode: report.exitCode, isHelp: report.isHelp)
    }

    /// A help text the parser wrote, in `language`.
    public static func help(_ text: String, in language: Language) -> String {
        language == .vietnamese ? help(text) : text
    }

    /// Headings and the parser's standard lines of `--help`.
    static func help(_ text: String) -> String {
        var text = text
        for (english, vietnamese) in helpWords {
            text = text.replacingOccurrences(of: english, with: vietnamese)
        }
        return text.replacingOccurrences(
            of: #"See '([^']+) <subcommand>' for detailed help\."#, with: "Xem '$1 <lệnh con>' để biết chi tiết.",
            options: .regularExpression)
    }

    static let helpWords = [
        ("OVERVIEW:", "TỔNG QUAN:"), ("USAGE:", "CÁCH DÙNG:"), ("ARGUMENTS:", "THAM SỐ:"),
        ("OPTIONS:", "TÙY CHỌN:"), ("SUBCOMMANDS:", "LỆNH CON:"), ("Show the version.", "Xem phiên bản."),
        ("Show help information.", "Xem hướng dẫn."), ("(default:", "(mặc định:"), ("; default:", "; mặc định:"),
        // The default subcommand's mark, two letters longer: it takes one of the spaces after it.
        ("(default) ", "(mặc định)"), ("(default)", "(mặc định)"),
        ("(values:", "(giá trị:"), ("Show subcommand help information.", "Xem hướng dẫn của một lệnh con."),
    ]

    /// One usage error, in the forms the parser writes them.
    static func error(_ line: String) -> String {
        var line = line
        for (pattern, template) in errorForms {
            line = line.replacingOccurrences(of: pattern, with: template, options: .regularExpression)
        }
        // The parser lists long choices as "- a - b - c".
        if let choices = line.range(of: "một trong: ") {
            line.replaceSubrange(
                choices.upperBound..., with: line[choices.upperBound...].replacingOccurrences(of: " - ", with: ", "))
        }
        return line
    }

    static let errorForms = [
        (#"Unknown option '([^']*)'\. Did you mean '([^']*)'\?"#, "không có tùy chọn '$1'. Có phải là '$2'?"),
        (#"Unknown option '([^']*)'"#, "không có tùy chọn '$1'"),
        (#"The value '(.*)' is invalid for '([^']*)': "#, "giá trị '$1' không hợp lệ cho '$2': "),
        (#"The value '(.*)' is invalid for '([^']*)'"#, "giá trị '$1' không hợp lệ cho '$2'"),
        (#"\. Please provide one of the following: - (.*?)( \(see --help\))?$"#, "; hãy dùng một trong: $1$2"),
        (#"\. Please provide one of (.*)\."#, "; hãy dùng một trong: $1"),
        (#"' and '"#, "' hoặc '"), (#"', or '"#, "' hoặc '"), (#"' or '"#, "' hoặc '"),
        (
            #"The option '([^']*)' does not take any value, but '(.*)' was specified\."#,
            "tùy chọn '$1' không nhận giá trị, nhưng đã có '$2'."
        ),
        (
            #"Can't generate completion scripts for '([^']*)'\. Please use (.*)\."#,
            "không tạo được tệp gợi ý cho '$1'; hãy dùng $2."
        ),
        (#"Missing value for '([^']*)'"#, "thiếu giá trị cho '$1'"),
        (#"Missing expected argument '([^']*)'"#, "thiếu '$1'"),
        (#"Unexpected arguments? (.*?)( \(see --help\))?$"#, "thừa tham số $1$2"),
        (#"Unknown subcommand (.*)"#, "không có lệnh con $1"),
        (#"\(see --help\)$"#, "(xem --help)"),
    ]
}
