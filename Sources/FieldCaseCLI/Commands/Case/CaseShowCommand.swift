import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase case show`: one dossier with its whole history.
struct CaseShowCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "show",
            abstract: localized("Show a dossier and its history.", "Xem một hồ sơ và lịch sử xử lý."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let catalog = try store.catalog()
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        try store.recordAccess(AuditAction.viewed, by: officer, now: now, caseCode: record.code)
        let events = try store.events(ofCase: record.id)
        let updates = try store.centralUpdates(ofCase: record.code)
        let pages = try store.attachedPages(of: record.code)
        if output.json {
            try printJSON(
                CaseJSON(
                    record, calendar: catalog.calendar, now: now, events: events, centralUpdates: updates,
                    pages: pages))
            return
        }
        print(
            Self.text(
                record, procedure: catalog.procedures.first { $0.code == record.procedureCode }, events: events,
                updates: updates, pages: pages, calendar: catalog.calendar, survey: catalog.survey, now: now,
                in: session.language))
    }

    /// The dossier as `case show` prints it, one line a field, then its history and the province's updates.
    static func text(
        _ record: CaseRecord, procedure: Procedure?, events: [CaseEventRecord], updates: [CentralUpdate],
        pages: [AttachedPage] = [], calendar: WorkCalendar, survey: SatisfactionSurvey, now: LocalTime,
        in language: Language
    ) -> String {
        let a = record.applicant
        var lines: [String] = []
        func add(_ field: DeskText.ShownField, _ value: String) {
            lines.append(DeskText.field(field).text(in: language) + value)
        }
        add(.dossier, record.code)
        add(.procedure, "\(record.procedureCode) \(procedure?.nameVI ?? "")")
        add(.applicant, DeskText.applicant(name: a.name, gender: a.gender, born: a.dateOfBirth).text(in: language))
        add(.id, "\(a.idType.label(in: language).uppercased()) \(a.idNumber)")
        for detail in ApplicantDetail.all { if let value = a[detail] { add(.detail(detail), value) } }
        add(.status, DeskText.caseStatus(record.status, sync: record.syncState).text(in: language))
        add(
            .received,
            DeskText.receivedBy(time: Format.shortTime(record.receivedAt), officer: record.officerName).text(
                in: language)
        )
        let timeliness = record.timeliness(calendar: calendar, now: now)
        add(
            .due,
            Format.shortTime(record.effectiveDue(calendar: calendar, now: now))
                + (timeliness.map { "  [\($0.label(in: language))]" } ?? ""))
        add(.fee, DeskText.fee(amount: record.fee.amount, paid: record.fee.paid).text(in: language))
        for document in record.documents {
            add(
                .document,
                DeskText.document(name: document.name, originals: document.originals, copies: document.copies)
                    .text(in: language))
        }
        if let summary = record.summary { add(.summary, summary) }
        if !pages.isEmpty {
            lines.append(DeskText.field(.pages).text(in: language).trimmingCharacters(in: .whitespaces))
            for (index, page) in pages.enumerated() {
                lines.append(DeskText.pageLine(index + 1, page).text(in: language))
            }
        }
        lines.append(DeskText.field(.history).text(in: language).trimmingCharacters(in: .whitespaces))
        for event in events {
            lines.append(
                DeskText.event(
                    seq: event.seq, time: Format.shortTime(event.occurredAt), kind: event.kind,
                    officer: event.officerName, sync: event.syncState,
                    error: event.lastError.map { CentralReasonText.shown($0, in: language) }
                ).text(in: language))
            // A status change says from which status to which, under its time.
            if let move = StatusChangedPayload(kind: event.kind, payload: event.payload) {
                let indent = String(repeating: " ", count: "  #\(event.seq) ".count)
                lines.append(
                    indent + DeskText.move(from: move.from, to: move.to, reason: move.reason).text(in: language))
                if let handover = move.handover {
                    lines.append(indent + DeskText.handover(handover).text(in: language))
                }
                if let satisfaction = move.satisfaction {
                    lines.append(indent + DeskText.rated(satisfaction, survey: survey).text(in: language))
                }
            }
        }
        for update in updates {
            // The reason is what an operator or officer typed: shown as they wrote it.
            lines.append(
                DeskText.provinceUpdate(
                    time: update.occurredAt.prefix(16).replacingOccurrences(of: "T", with: " "), status: update.status,
                    actor: update.actor.map { CentralReasonText.actor($0, in: language) }, reason: update.reason
                ).text(in: language))
        }
        // Reasons and actors come from the central system: nothing in them may steer the officer's terminal.
        return lines.map { TerminalText.safe($0) }.joined(separator: "\n")
    }
}
