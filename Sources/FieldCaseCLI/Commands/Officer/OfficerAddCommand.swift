import ArgumentParser
import FieldCaseCore

extension OfficerRole: ExpressibleByArgument {}

/// `fieldcase officer add`: a supervisor adds an officer or another supervisor.
struct OfficerAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Add an officer (supervisors only).",
        discussion: "Without --pin the PIN is asked twice on a terminal, or read from FIELDCASE_NEW_PIN.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Full name of the new officer.") var name: String
    @Option(help: "officer or supervisor.") var role: OfficerRole
    @Option(help: "PIN of the new officer, 4-12 digits.") var pin: String?

    func run() throws {
        let now = try Clock.now()
        let (store, _) = try home.openInitialized()
        let supervisor = try actor.authenticate(in: store, now: now)
        try supervisor.require(.manageOfficers)
        let name = try TextRules.personName(name, field: .officer)
        let added = try store.addOfficer(
            name: name, role: role, pin: try NewPIN.read(pin, for: name, required: false), by: supervisor, now: now)
        print("Added \(added.role.rawValue) \(added.name).")
    }
}
