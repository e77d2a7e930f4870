import ArgumentParser

/// `fieldcase case …`: record and follow dossiers.
struct CaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case",
        abstract: "Record and follow dossiers.",
        subcommands: [
            CaseAddCommand.self, CaseListCommand.self, CaseShowCommand.self, CaseFindCommand.self,
            CaseStatusCommand.self, CaseReceiptCommand.self,
        ]
    )
}
