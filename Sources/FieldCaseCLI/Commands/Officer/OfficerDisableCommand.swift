import ArgumentParser
import FieldCaseCore

/// `fieldcase officer disable`: an officer who left can no longer act; their past work keeps their name.
struct OfficerDisableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an officer (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Name of the officer.") var name: String

    func run() throws {
        try OfficerSwitch.set(name, enabled: false, home: home, actor: actor)
        print("Disabled \(name).")
    }
}

/// `fieldcase officer enable`: undoes `disable`.
struct OfficerEnableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enable", abstract: "Enable a disabled officer again (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Name of the officer.") var name: String

    func run() throws {
        try OfficerSwitch.set(name, enabled: true, home: home, actor: actor)
        print("Enabled \(name).")
    }
}

enum OfficerSwitch {
    static func set(_ name: String, enabled: Bool, home: HomeOptions, actor: OfficerOptions) throws {
        let now = try Clock.now()
        let (store, _) = try home.openInitialized()
        try store.setOfficer(named: name, enabled: enabled, by: try actor.authenticate(in: store, now: now), now: now)
    }
}
