import ArgumentParser
import FieldCaseCore

/// `fieldcase queue hold`: keep a dossier on the device until a supervisor releases it.
struct QueueHoldCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "hold", abstract: "Hold a dossier's unsent items (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Queue item number or dossier code.") var target: String
    @Option(help: "Why it is held.") var reason: String?

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .held) { store, officer, now in
            try store.hold(target, reason: reason, by: officer, now: now)
        }
    }
}

/// `fieldcase queue release`: let a held dossier go out on the next sync.
struct QueueReleaseCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "release", abstract: "Release a held dossier (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Queue item number or dossier code.") var target: String

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .released) { store, officer, now in
            try store.release(target, by: officer, now: now)
        }
    }
}

/// `fieldcase queue retry`: send a rejected item again once the dossier was put right.
struct QueueRetryCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "retry", abstract: "Send a rejected or conflicting item again (supervisors only).")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Queue item number.") var item: Int64

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .retried) { store, officer, now in
            try store.retry(item: item, by: officer, now: now)
        }
    }
}

/// `fieldcase queue discard`: take an item out of the queue for good; the dossier is kept, marked discarded.
struct QueueDiscardCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "discard", abstract: "Discard an item, with a reason (supervisors only).",
        discussion:
            "Discarding the item that created a dossier discards the dossier's unsent items and marks it discarded.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Queue item number.") var item: Int64
    @Option(help: "Why it is discarded (required).") var reason: String

    func run(in session: inout Session) async throws {
        try QueueReview.run(actor: actor, in: &session, verb: .discarded) { store, officer, now in
            try store.discard(item: item, reason: reason, by: officer, now: now)
        }
    }
}

/// The steps every review command shares: open, authenticate, act, say what was done.
enum QueueReview {
    static func run(
        actor: OfficerOptions, in session: inout Session, verb: DeskText.ReviewVerb,
        _ action: (FieldCaseStore, Officer, LocalTime) throws -> ReviewResult
    ) throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let result = try action(store, officer, now)
        session.say(.reviewed(verb, code: result.caseCode, items: result.items))
    }
}
