import ArgumentParser
import FieldCaseCore

/// `fieldcase case …`: record and follow dossiers.
struct CaseCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "case",
            abstract: localized("Record and follow dossiers.", "Tiếp nhận và theo dõi hồ sơ."),
            subcommands: [
                CaseAddCommand.self, CaseListCommand.self, CaseShowCommand.self, CaseFindCommand.self,
                CaseStatusCommand.self, CaseAttachCommand.self, CaseReceiptCommand.self, CaseFormCommand.self,
            ]
        )
    }
}
