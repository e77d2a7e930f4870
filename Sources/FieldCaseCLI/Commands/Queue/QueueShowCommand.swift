import ArgumentParser
import FieldCaseCore
import FieldCaseWire
import Foundation

/// `fieldcase queue [show]`: what is waiting to leave the device, and what the central system refused.
struct QueueShowCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "show",
            abstract: localized("Show the outbox (the default).", "Xem hàng đợi gửi đi (lệnh mặc định)."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions

    struct JSON: Encodable {
        struct Item: Encodable {
            let seq: Int64
            let case_code: String
            let kind: String
            let state: SyncState
            let attempts: Int
            @Nullable var last_error: String?
            /// The first unanswered bundle that carries the item, and when it was written.
            @Nullable var in_bundle: String?
            @Nullable var in_bundle_since: String?
        }

        let pending: Int
        let held: Int
        let rejected: Int
        let conflict: Int
        @Nullable var oldest_pending_age_seconds: Int64?
        let items: [Item]
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let summary = try store.queueSummary()
        let json = JSON(
            pending: summary.counts[.pending] ?? 0, held: summary.counts[.held] ?? 0,
            rejected: summary.counts[.rejected] ?? 0, conflict: summary.counts[.conflict] ?? 0,
            oldest_pending_age_seconds: summary.oldestPending.map { max(0, now.epochSeconds - $0.epochSeconds) },
            items: summary.items.map {
                JSON.Item(
                    seq: $0.seq, case_code: $0.caseCode, kind: $0.kind, state: $0.state, attempts: $0.attempts,
                    last_error: $0.lastError, in_bundle: $0.bundle?.fileName, in_bundle_since: $0.bundle?.since.iso8601)
            })
        if output.json { return try printJSON(json) }
        session.say(
            .queueCounts(pending: json.pending, held: json.held, rejected: json.rejected, conflict: json.conflict))
        if let diverged = try store.enrollment()?.diverged {
            session.say(.syncStopped(diverged))
        }
        guard !summary.items.isEmpty else { return }
        let language = session.language
        var table = Table(headers: DeskText.Heading.queue.words(in: language), flexibleColumn: 5)
        table.rows = summary.items.map {
            [
                String($0.seq), $0.caseCode, DeskText.eventKind($0.kind).text(in: language),
                $0.state.label(in: language),
                String($0.attempts), Self.note($0, in: language),
            ]
        }
        Pager.show(table.render(), environment: session.environment)
    }

    /// The last column: the item's last error, after the bundle carrying it if one does.
    static func note(_ item: QueueSummary.Item, in language: Language) -> String {
        let carried = item.bundle.map {
            DeskText.inBundle(name: $0.fileName, since: Format.shortTime($0.since)).text(in: language)
        }
        return [carried, item.lastError].compactMap { $0 }.joined(separator: "; ")
    }
}
