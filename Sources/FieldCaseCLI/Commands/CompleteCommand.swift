import ArgumentParser
import FieldCaseCore

/// `fieldcase complete KIND [PREFIX]` (hidden): one value per line, for the completion scripts.
struct CompleteCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "complete",
            abstract: localized("Values for the completion scripts.", "Giá trị cho các tệp gợi ý hoàn thành lệnh."),
            shouldDisplay: false)
    }

    @OptionGroup var home: HomeOptions
    @Argument var kind: CompletionValues
    @Argument var prefix = ""

    func run(in session: inout Session) async throws {
        for value in kind.candidates(prefix: prefix, home: session.home) { print(value) }
    }
}
