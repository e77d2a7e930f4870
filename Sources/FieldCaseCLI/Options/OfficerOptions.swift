import ArgumentParser
import FieldCaseCore

/// `--as`: the officer acting, when it is not the one signed in, `$FIELDCASE_OFFICER` or the device's only
/// officer. `Session.authenticate` checks their PIN.
public struct OfficerOptions: ParsableArguments {
    @Option(
        name: .customLong("as"),
        help: ArgumentHelp(
            localized(
                "Officer acting (default: $FIELDCASE_OFFICER, or the only officer).",
                "Cán bộ thực hiện (mặc định: $FIELDCASE_OFFICER, hoặc cán bộ duy nhất của máy).")),
        completion: CompletionValues.officers.kind)
    public var name: String?

    public init() {}
}

extension [String] {
    /// An officer's name typed without quotes (`officer pin Vàng A Sử`), as `login` takes it.
    var officerName: String { joined(separator: " ") }
}
