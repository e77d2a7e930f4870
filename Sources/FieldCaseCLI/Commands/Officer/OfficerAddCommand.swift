import ArgumentParser
import FieldCaseCore

extension OfficerRole: ExpressibleByArgument {}

/// `fieldcase officer add`: a supervisor adds an officer or another supervisor.
struct OfficerAddCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an officer (supervisors only).",
        discussion: """
            Every officer has a PIN (6-12 digits): without --pin it is asked twice on a terminal, or read from \
            FIELDCASE_NEW_PIN. It wraps the key citizens' data is sealed with, so the supervisor signs in first.
            """)

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Full name of the new officer (quotes not needed).") var words: [String]
    @Option(help: "officer or supervisor.") var role: OfficerRole
    @Option(help: "PIN of the new officer, 6-12 digits.") var pin: String?

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        try supervisor.require(.manageOfficers)
        let name = try TextRules.personName(words.officerName, field: .officer)
        let added = try store.addOfficer(
            name: name, role: role, pin: try NewPIN.read(pin, for: name, in: session), by: supervisor, now: now)
        session.say(.officerAdded(added.role, added.name))
    }
}
