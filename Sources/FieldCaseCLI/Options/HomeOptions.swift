import ArgumentParser
import FieldCaseCore

/// `--home`: a command works on another folder than its session's (the shell's, or `$FIELDCASE_HOME`).
public struct HomeOptions: ParsableArguments {
    @Option(
        name: .customLong("home"),
        help: ArgumentHelp(
            localized(
                "Folder holding this device's data (default: $FIELDCASE_HOME or ~/.local/share/fieldcase).",
                "Thư mục chứa dữ liệu của máy này (mặc định: $FIELDCASE_HOME hoặc ~/.local/share/fieldcase).")),
        completion: .directory)
    public var path: String?

    public init() {}
}

struct OutputOptions: ParsableArguments {
    @Flag(
        name: .long,
        help: ArgumentHelp(
            localized(
                "Print JSON (same keys whatever the language).",
                "In ra JSON (tên các trường giống nhau với mọi ngôn ngữ).")))
    var json = false
}
