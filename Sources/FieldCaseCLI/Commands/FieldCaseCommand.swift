import ArgumentParser

/// `fieldcase`: the root of the command tree shared by scripts and the shell.
public struct FieldCaseCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldcase",
        abstract: "Record commune one-stop dossiers offline and sync them when the link returns.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, CaseCommand.self, CatalogCommand.self, QueueCommand.self, EnrollCommand.self,
            SyncCommand.self, OfficerCommand.self, PolicyCommand.self, AuditCommand.self, StatusCommand.self,
            ExportCommand.self, ReportCommand.self,
        ]
    )

    public init() {}
}
