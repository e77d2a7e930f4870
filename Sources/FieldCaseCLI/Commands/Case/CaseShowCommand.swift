import ArgumentParser
import FieldCaseCore

/// `fieldcase case show`: one dossier with its whole history.
struct CaseShowCommand: SessionCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a dossier and its history.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: "Dossier code.") var code: String

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let catalog = try store.catalog()
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        try store.recordAccess(AuditAction.viewed, by: officer, now: now, caseCode: record.code)
        let events = try store.events(ofCase: record.id)
        let updates = try store.centralUpdates(ofCase: record.code)
        if output.json {
            try printJSON(
                CaseJSON(record, calendar: catalog.calendar, now: now, events: events, centralUpdates: updates))
            return
        }
        let procedure = catalog.procedures.first { $0.code == record.procedureCode }
        let a = record.applicant
        var lines = [
            "Dossier     \(record.code)",
            "Procedure   \(record.procedureCode) \(procedure?.nameVI ?? "")",
            "Applicant   \(a.name), \(a.gender.rawValue), born \(a.dateOfBirth)",
            "ID          \(a.idType.rawValue.uppercased()) \(a.idNumber)",
        ]
        if let phone = a.phone { lines.append("Phone       \(phone)") }
        if let address = a.address { lines.append("Address     \(address)") }
        lines.append("Status      \(record.status.rawValue)  (sync: \(record.syncState.rawValue))")
        lines.append("Received    \(Format.shortTime(record.receivedAt)) by \(record.officerName)")
        let timeliness = record.timeliness(calendar: catalog.calendar, now: now).map { "  [\($0.rawValue)]" } ?? ""
        lines.append(
            "Due         \(Format.shortTime(record.effectiveDue(calendar: catalog.calendar, now: now)))\(timeliness)")
        lines.append(
            "Fee         \(Money.vnd(record.fee.amount))\(record.fee.paid ? " paid" : record.fee.amount > 0 ? " not paid" : "")"
        )
        for document in record.documents {
            lines.append("Document    \(document.name) (originals \(document.originals), copies \(document.copies))")
        }
        if let summary = record.summary { lines.append("Summary     \(summary)") }
        lines.append("History")
        for event in events {
            lines.append(
                "  #\(event.seq) \(Format.shortTime(event.occurredAt)) \(event.kind) by \(event.officerName) [\(event.syncState.rawValue)]\(event.lastError.map { ": \($0)" } ?? "")"
            )
        }
        for update in updates {
            let reason = update.reason.map { ": \($0)" } ?? ""
            lines.append(
                "  province \(update.occurredAt.prefix(16).replacingOccurrences(of: "T", with: " ")) "
                    + "\(update.status ?? "-") by \(update.actor ?? "province")\(reason)")
        }
        print(lines.joined(separator: "\n"))
    }
}
