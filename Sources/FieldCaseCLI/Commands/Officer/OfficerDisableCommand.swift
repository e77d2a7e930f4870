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
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        let protection = try store.disableOfficer(
            named: words.officerName, by: supervisor, pin: try session.currentPIN(of: supervisor), now: now)
        session.say(.officerDisabled(words.officerName))
        if let protection { session.showRekeyed(protection, store: store) }
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
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        try store.enableOfficer(named: words.officerName, by: try session.authenticate(actor, in: store), now: now)
        session.say(.officerEnabled(words.officerName))
    }
}
