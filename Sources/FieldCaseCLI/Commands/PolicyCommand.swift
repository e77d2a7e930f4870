import ArgumentParser
import FieldCaseCore

/// `fieldcase policy`: the desk's sync policy.
struct PolicyCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy", abstract: "Show or set the sync policy (setting it: supervisors only).",
        discussion: """
            review-before-sync on: every new dossier is held on the device until a supervisor releases it \
            with 'queue release'. Dossiers already queued keep their state.
            """)

    enum Switch: String, ExpressibleByArgument {
        case on, off
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "The policy: review-before-sync.") var name: String?
    @Argument(help: "on or off.") var value: Switch?

    func validate() throws {
        if let name, name != "review-before-sync" {
            throw ValidationError("unknown policy '\(name)'; the policy is review-before-sync")
        }
        if name != nil, value == nil { throw ValidationError("say on or off: policy review-before-sync on|off") }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        if let value {
            let officer = try session.authenticate(actor, in: store)
            try store.setReviewBeforeSync(value == .on, by: officer, now: now)
        }
        session.say(.policy(on: try store.reviewsBeforeSync()))
    }
}
