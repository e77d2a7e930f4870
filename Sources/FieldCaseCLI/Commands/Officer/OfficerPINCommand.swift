import ArgumentParser
import FieldCaseCore

/// `fieldcase officer pin`: change one's own PIN, or (a supervisor) reset another officer's.
struct OfficerPINCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "pin", abstract: "Change your PIN, or reset another officer's (supervisors only).",
        discussion: """
            Your current PIN is checked first (FIELDCASE_PIN or a prompt). The new PIN is asked twice on a \
            terminal, or read from FIELDCASE_NEW_PIN. A reset also lifts a lock after wrong PINs; the officer chooses \
            their own PIN at their next sign-in.
            """)

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Officer whose PIN a supervisor resets (default: yourself; quotes not needed).")
    var words: [String] = []

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let acting = try session.authenticate(actor, in: store)
        let target = words.isEmpty ? acting : try store.resolveOfficer(named: words.officerName)
        if target.id != acting.id { try acting.require(.manageOfficers) }
        try store.setPIN(try NewPIN.read(nil, for: target.name, in: session), of: target, by: acting, now: now)
        session.say(.pinChanged(target.name))
    }
}
