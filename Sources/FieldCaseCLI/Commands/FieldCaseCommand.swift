import FieldCaseCommandLine
import ArgumentParser
import FieldCaseCore
import FieldCaseWire

/// `fieldcase`: the root of the command tree shared by scripts and the shell.
public struct FieldCaseCommand: AsyncParsableCommand {
    public static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "fieldcase",
            abstract: localized(
                "Record commune one-stop dossiers offline and sync them when the link returns.",
                "Tiếp nhận hồ sơ tại bộ phận một cửa cấp xã khi mất mạng và đồng bộ khi có mạng trở lại."),
            version: Build.version,
            subcommands: [
                InitCommand.self, CaseCommand.self, CatalogCommand.self, QueueCommand.self, EnrollCommand.self,
                SyncCommand.self, OfficerCommand.self, PolicyCommand.self, UnitCodeCommand.self, AuditCommand.self,
                StatusCommand.self,
                ExportCommand.self, ReportCommand.self, BackupCommand.self, RestoreCommand.self, BundleCommand.self,
                CompleteCommand.self,
            ]
        )
    }

    public init() {}
}
