import ArgumentParser

/// `--home`: a command works on another folder than its session's (the shell's, or `$FIELDCASE_HOME`).
public struct HomeOptions: ParsableArguments {
    @Option(
        name: .customLong("home"),
        help: "Folder holding this device's data (default: $FIELDCASE_HOME or ~/.local/share/fieldcase).",
        completion: .directory)
    public var path: String?

    public init() {}
}

struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON (same keys whatever the language).")
    var json = false
}
