import ArgumentParser
import FieldCaseCore

/// `fieldcase officer disable`: an officer who left can no longer act; their past work keeps their name.
struct OfficerDisableCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "disable",
            abstract: localized(
                "Disable an officer (supervisors only).", "Khoá tài khoản một cán bộ (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized("Name of the officer (quotes not needed).", "Họ tên cán bộ (không cần dấu ngoặc kép).")),
        completion: CompletionValues.officers.kind)
    var words: [String]

    func run(in session: inout Session) async throws {
        try OfficerSwitch.set(words.officerName, enabled: false, actor: actor, in: &session)
        session.say(.officerDisabled(words.officerName))
    }
}

/// `fieldcase officer enable`: undoes `disable`.
struct OfficerEnableCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "enable",
            abstract: localized(
                "Enable a disabled officer again (supervisors only).",
                "Mở lại tài khoản của cán bộ đã bị khoá (chỉ giám sát viên)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(
            localized("Name of the officer (quotes not needed).", "Họ tên cán bộ (không cần dấu ngoặc kép).")),
        completion: CompletionValues.officers.kind)
    var words: [String]

    func run(in session: inout Session) async throws {
        try OfficerSwitch.set(words.officerName, enabled: true, actor: actor, in: &session)
        session.say(.officerEnabled(words.officerName))
    }
}

enum OfficerSwitch {
    static func set(_ name: String, enabled: Bool, actor: OfficerOptions, in session: inout Session) throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        try store.setOfficer(named: name, enabled: enabled, by: try session.authenticate(actor, in: store), now: now)
    }
}
