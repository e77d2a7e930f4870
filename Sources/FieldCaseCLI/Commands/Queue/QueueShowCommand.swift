import FieldCaseCommandLine
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
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions

    struct JSON: Encodable {
        struct Item: Encodable {
            let seq: Int64
            let case_code: String
            let procedure_code: String
            /// The procedure's official (Vietnamese) name, whatever the language; null for a code the catalog
            /// does not hold.
            @Nullable var procedure_name: String?
            let kind: String
            let action: Action
            /// Null without a signed-in officer.
            @Nullable var applicant: String?
            let state: SyncState
            let attempts: Int
            @Nullable var last_error: String?
            /// Null without a signed-in officer, as the supervisor's note is sealed.
            @Nullable var hold_reason: String?
            /// The first unanswered bundle that carries the item, and when it was written.
            @Nullable var in_bundle: String?
            @Nullable var in_bundle_since: String?
        }

        /// What the item does: its event kind and, for a status change read with a signed-in officer's key,
        /// the statuses it moves between.
        struct Action: Encodable {
            let kind: String
            @Nullable var from: CaseStatus?
            @Nullable var to: CaseStatus?
        }

        let pending: Int
        let held: Int
        let rejected: Int
        let conflict: Int
        @Nullable var oldest_pending_age_seconds: Int64?
        let items: [Item]
        /// Scanned pages still to send, and the page budget.
        let pages: PageBacklog
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let reader = try Self.reader(actor, in: &session, store: store)
        let summary = try store.queueSummary()
        if let reader, !summary.items.isEmpty {
            try store.recordAccess(
                AuditAction.listed, by: reader, now: now,
                details: [
                    "dossiers": String(Set(summary.items.map(\.caseCode)).count),
                    "items": String(summary.items.count),
                ])
        }
        let catalog = try store.catalog()
        let json = JSON(
            pending: summary.counts[.pending] ?? 0, held: summary.counts[.held] ?? 0,
            rejected: summary.counts[.rejected] ?? 0, conflict: summary.counts[.conflict] ?? 0,
            oldest_pending_age_seconds: summary.oldestPending.map { max(0, now.epochSeconds - $0.epochSeconds) },
            items: summary.items.map {
                JSON.Item(
                    seq: $0.seq, case_code: $0.caseCode, procedure_code: $0.procedureCode,
                    procedure_name: catalog.procedure($0.procedureCode)?.nameVI, kind: $0.kind,
                    action: JSON.Action(kind: $0.kind, from: $0.move?.from, to: $0.move?.to),
                    applicant: $0.applicant, state: $0.state, attempts: $0.attempts, last_error: $0.lastError,
                    hold_reason: $0.holdReason, in_bundle: $0.bundle?.fileName,
                    in_bundle_since: $0.bundle?.since.iso8601)
            }, pages: try store.pageBacklog(on: now.date))
        if output.json { return try printJSON(json) }
        let language = session.language
        session.say(
            .queueCounts(pending: json.pending, held: json.held, rejected: json.rejected, conflict: json.conflict))
        if let diverged = try store.enrollment()?.diverged {
            session.say(.syncStopped(CentralReasonText.shown(diverged, in: language)))
        }
        if json.pages.pages > 0 || json.pages.dailyBudget != nil { session.say(.pageBacklog(json.pages)) }
        guard !summary.items.isEmpty else { return }
        var table = Table(headers: DeskText.Heading.queue.words(in: language), flexibleColumn: 2)
        table.rows = summary.items.map {
            [
                String($0.seq), $0.caseCode, Self.action($0, in: language), $0.state.label(in: language),
                String($0.attempts),
            ]
        }
        // Under each row, from its dossier's column: the procedure and applicant where the dossier changes, then
        // what the item waits on, whole (a reason cut to a column's width says nothing), so the table keeps to
        // the line's width.
        let indent = String(
            repeating: " ",
            count: ([table.headers[0]] + table.rows.map { $0[0] }).map(VietnameseText.displayWidth).reduce(0, max) + 2)
        let rows = table.render().split(separator: "\n", omittingEmptySubsequences: false)
        var lines = [String(rows[0])]
        for (index, item) in summary.items.enumerated() {
            lines.append(String(rows[index + 1]))
            if index == 0 || summary.items[index - 1].caseCode != item.caseCode {
                let name = catalog.procedure(item.procedureCode).map { " " + $0.name(in: language) } ?? ""
                let dossier: [String?] = [item.procedureCode + name, item.applicant]
                lines.append(
                    Table.truncate(indent + dossier.compactMap { $0 }.joined(separator: " · "), to: Table.lineWidth))
            }
            lines += Self.notes(item, in: language).map { indent + TerminalText.safe($0) }
        }
        Pager.show(lines.joined(separator: "\n"), environment: session.environment)
    }

    /// The officer whose key opens the names and notes, when one is at hand without asking: `--as` (whose PIN
    /// is asked for as by any command), the officer signed in, or `$FIELDCASE_PIN` for the officer the
    /// environment names or the device's only one. A script that gives none still reads the queue, without
    /// personal data; nor does a PIN in the environment seal a home from before PINs (a supervisor's first
    /// sign-in does that), which has no key to open anything with yet.
    static func reader(_ actor: OfficerOptions, in session: inout Session, store: FieldCaseStore) throws -> Officer? {
        let pinGiven = !(session.environment["FIELDCASE_PIN"] ?? "").isEmpty
        guard try actor.name != nil || session.signedIn != nil || (pinGiven && store.isProtected()) else { return nil }
        do {
            return try session.authenticate(actor, in: store)
        } catch StoreError.ambiguousOfficer where actor.name == nil {
            // A PIN without a name on a desk of several officers: it is nobody's in particular.
            return nil
        }
    }

    /// What the item does: the move of a status change read with the key, else the event's kind.
    static func action(_ item: QueueSummary.Item, in language: Language) -> String {
        (item.move.map { DeskText.move(from: $0.from, to: $0.to, reason: nil) } ?? .eventKind(item.kind))
            .text(in: language)
    }

    /// What the item waits on: the supervisor's hold, the bundle carrying it, the central system's last word.
    static func notes(_ item: QueueSummary.Item, in language: Language) -> [String] {
        [
            item.holdReason.map { DeskText.holdReason($0).text(in: language) },
            item.bundle.map {
                DeskText.inBundle(name: $0.fileName, since: Format.shortTime($0.since)).text(in: language)
            },
            item.lastError.map { CentralReasonText.shown($0, in: language) },
        ].compactMap { $0 }
    }
}
