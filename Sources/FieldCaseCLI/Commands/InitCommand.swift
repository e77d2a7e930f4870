import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase init`: sets up a device for one commune desk; its first officer is a supervisor.
struct InitCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Set up this device for a commune desk.",
        discussion: """
            The first officer is a supervisor. Their PIN (6-12 digits; --pin, FIELDCASE_NEW_PIN, or asked twice on \
            a terminal) wraps the key that seals citizens' data. A recovery key is printed once: keep it locked \
            away; it restores access when every PIN is forgotten (fieldcase officer recover).
            """
    )

    @OptionGroup var home: HomeOptions

    @Option(help: "5-digit commune code from the catalog, e.g. 02266.")
    var commune: String

    @Option(help: "Terminal number of this device in the commune, 1-9.")
    var terminal: Int

    @Option(help: "Full name of the first officer (a supervisor).")
    var officer: String

    @Option(help: "PIN of the first officer, 6-12 digits.")
    var pin: String?

    @Option(help: "Official receiving-unit code for dossier codes (default: the commune code).")
    var unitCode: String?

    func run(in session: inout Session) async throws {
        let now = session.now()
        let catalog = try Catalog.embedded()
        // A home already set up is said so before anyone is asked for a PIN.
        if FileManager.default.fileExists(atPath: session.home.databasePath),
            let profile = try session.home.openStore().profile()
        {
            throw StoreError.alreadyInitialized(commune: profile.communeCode, terminal: profile.terminal)
        }
        // Validate before creating anything on disk: bad input writes nothing.
        var setup = try Setup(
            communeCode: commune, terminal: terminal, unitCode: unitCode, officerName: officer, pin: ""
        ).validated(against: catalog)
        // Asked once the rest is known good: nobody types a PIN twice for a commune code that is wrong.
        setup.pin = try NewPIN.read(pin, for: setup.officerName, in: session)
        let store = try session.home.openStore(create: true)
        let (profile, recoveryKey, signedIn) = try store.initialize(setup, catalog: catalog, now: now)
        session.signedIn = signedIn
        let commune = catalog.communes.first { $0.code == profile.communeCode }
        session.say(
            .setUp(commune: commune?.name ?? profile.communeCode, code: profile.communeCode, terminal: profile.terminal)
        )
        session.say(.dossierCodes(unit: profile.unitCode, terminal: profile.terminal))
        session.say(.dataIn(session.home.url.path))
        session.say(.recoveryKey)
        print("    \(recoveryKey)")
    }
}
