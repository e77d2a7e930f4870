import ArgumentParser

/// `fieldcase queue …`: the outbox, and the supervisors' review of it.
struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Show the outbox; supervisors hold, release, retry or discard items.",
        discussion: """
            ITEM is the number in the SEQ column of 'queue'. Holding and releasing work on the whole dossier \
            (named by one of its items or by its code), so its events still reach the central system in order. \
            Nothing is ever deleted: a discarded item stays, marked discarded, with who and why in 'audit'.
            """,
        subcommands: [
            QueueShowCommand.self, QueueHoldCommand.self, QueueReleaseCommand.self, QueueRetryCommand.self,
            QueueDiscardCommand.self,
        ],
        defaultSubcommand: QueueShowCommand.self
    )
}
