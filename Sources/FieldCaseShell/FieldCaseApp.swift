import ArgumentParser
import FieldCaseCLI

/// The `fieldcase` executable: the scripted command tree plus `shell`, which runs when no command is given.
public struct FieldCaseApp: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "fieldcase",
            abstract: FieldCaseCommand.configuration.abstract,
            version: FieldCaseCommand.configuration.version,
            subcommands: [ShellCommand.self] + FieldCaseCommand.configuration.subcommands,
            defaultSubcommand: ShellCommand.self
        )
    }

    public init() {}
}
