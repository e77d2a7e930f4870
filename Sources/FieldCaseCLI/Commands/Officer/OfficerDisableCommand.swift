import ArgumentParser
import FieldCaseCore

/// `fieldcase officer disable`: an officer who left can no longer act; their past work keeps their name.
struct OfficerDisableCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an officer (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Name of the officer (quotes not needed).") var words: [String]

    func run(in session: inout Session) async throws {
        try OfficerSwitch.set(words.officerName, enabled: false, actor: actor, in: &session)
        session.say(.officerDisabled(words.officerName))
    }
}

/// `fieldcase officer enable`: undoes `disable`.
struct OfficerEnableCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Enable a disabled officer again (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Name of the officer (quotes not needed).") var words: [String]

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
