import ArgumentParser

/// `fieldcase officer …`: who may work on this device, and their PINs.
struct OfficerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "officer",
        abstract: "Manage the officers of this desk and their PINs.",
        discussion: "Only supervisors add, disable or enable officers, or reset another officer's PIN.",
        subcommands: [
            OfficerAddCommand.self, OfficerListCommand.self, OfficerDisableCommand.self, OfficerEnableCommand.self,
            OfficerPINCommand.self, OfficerRecoverCommand.self, OfficerRecoveryKeyCommand.self,
        ]
    )
}
