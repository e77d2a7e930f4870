import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase case receipt`: prints the slip the citizen takes home.
struct CaseReceiptCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "receipt", abstract: "Print the acceptance and appointment slip of a dossier.",
        discussion: "Plain UTF-8 text in Vietnamese: 32 or 48 columns for a thermal receipt printer, 80 for A4.")

    enum Width: Int, ExpressibleByArgument, CaseIterable {
        case thermal58 = 32
        case thermal80 = 48
        case page = 80
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: "Dossier code.") var code: String
    @Option(help: "File to write (default: standard output).") var out: String?
    @Option(help: "Columns: 32, 48 or 80.") var width: Width = .page

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try session.home.refuseInside(out)
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        if record.discardedAt != nil { throw StoreError.caseDiscarded(code) }
        try store.recordAccess(AuditAction.receiptPrinted, by: officer, now: now, caseCode: record.code)
        let catalog = try store.catalog()
        let slip = ReceiptSlip(
            record: record, procedure: catalog.procedures.first { $0.code == record.procedureCode },
            commune: catalog.communes.first { $0.code == profile.communeCode },
            due: record.effectiveDue(calendar: catalog.calendar, now: now), width: width.rawValue)
        try ReportFile.write(slip.render(), to: out)
    }
}
