import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase case receipt`: prints the slip the citizen takes home.
struct CaseReceiptCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "receipt",
            abstract: localized(
                "Print the acceptance and appointment slip of a dossier.",
                "In giấy tiếp nhận hồ sơ và hẹn trả kết quả (phiếu hẹn)."),
            discussion: localized(
                "Plain UTF-8 text in Vietnamese: 32 or 48 columns for a thermal receipt printer, 80 for A4.",
                "Văn bản thuần UTF-8 bằng tiếng Việt: 32 hoặc 48 cột cho máy in nhiệt, 80 cột cho khổ A4."))
    }

    enum Width: Int, ExpressibleByArgument, CaseIterable {
        case thermal58 = 32
        case thermal80 = 48
        case page = 80
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @Option(
        help: ArgumentHelp(
            localized("File to write (default: standard output).", "Tệp cần ghi ra (mặc định: đầu ra chuẩn).")),
        completion: .file())
    var out: String?
    @Option(help: ArgumentHelp(localized("Columns: 32, 48 or 80.", "Số cột: 32, 48 hoặc 80."))) var width: Width = .page

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
