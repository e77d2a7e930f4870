import ArgumentParser
import FieldCaseCore

/// `fieldcase officer …`: who may work on this device, and their PINs.
struct OfficerCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "officer",
            abstract: localized(
                "Manage the officers of this desk and their PINs.",
                "Quản lý cán bộ của bộ phận một cửa này và mã PIN của họ."),
            discussion: localized(
                "Only supervisors add, disable or enable officers, or reset another officer's PIN.",
                "Chỉ giám sát viên được thêm cán bộ, khoá hoặc mở lại tài khoản cán bộ, hoặc đặt lại mã PIN của "
                    + "cán bộ khác."),
            subcommands: [
                OfficerAddCommand.self, OfficerListCommand.self, OfficerDisableCommand.self, OfficerEnableCommand.self,
                OfficerPINCommand.self, OfficerRecoverCommand.self, OfficerRecoveryKeyCommand.self,
            ]
        )
    }
}
