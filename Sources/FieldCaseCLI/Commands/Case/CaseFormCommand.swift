import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase case form KIND CODE`: the papers of the one-stop process, drawn from the dossier's history.
struct CaseFormCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "form",
            abstract: localized(
                "Print a paper of the one-stop process for a dossier (receipt, supplement request, refusal, stop "
                    + "notice, apology, control sheet, handover of the result).",
                "In giấy tờ của quy trình một cửa cho hồ sơ (phiếu hẹn, yêu cầu bổ sung, từ chối, dừng giải quyết, "
                    + "xin lỗi, kiểm soát, giao nhận kết quả)."),
            discussion: localized(
                """
                receipt: the acceptance and appointment slip. handover: who collected the result (recorded with \
                case status CODE returned --collected-by NAME --collector-id NUMBER [--proxy]). supplement: the request for papers, from the last \
                move to supplement_requested and its reason. refusal, stop: from the move to refused or stopped and \
                its reason. apology: the apology with a new date (--new-due, --reason) and its text message. \
                control: the control sheet, every step with its time and who took it. Plain UTF-8 text in \
                Vietnamese, 32 or 48 columns for a thermal printer, 80 for A4; --print sends it to the printer \
                with lp.
                """,
                """
                receipt: giấy tiếp nhận và hẹn trả. handover: giấy giao nhận kết quả (ghi khi case status MÃ \
                returned --collected-by TÊN --collector-id SỐ [--proxy]). supplement: phiếu yêu cầu bổ sung, theo lần chuyển sang \
                supplement_requested gần nhất và lý do. refusal, stop: theo lần chuyển sang refused hoặc stopped và \
                lý do. apology: phiếu xin lỗi và hẹn lại ngày trả (--new-due, --reason) kèm tin nhắn. control: phiếu \
                kiểm soát, từng bước với thời điểm và người thực hiện. Văn bản UTF-8 tiếng Việt, 32 hoặc 48 cột cho \
                máy in nhiệt, 80 cột cho khổ A4; --print gửi tới máy in bằng lp.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(help: ArgumentHelp(localized("Which paper.", "Loại giấy.")))
    var kind: DossierForm.Kind
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @OptionGroup var paper: PaperOptions
    @Option(
        help: ArgumentHelp(
            localized("The new date for an apology.", "Ngày hẹn lại, cho phiếu xin lỗi."),
            valueName: "YYYY-MM-DDTHH:MM"))
    var newDue: String?
    @Option(help: ArgumentHelp(localized("Why the dossier is late (apology).", "Lý do chậm trễ (phiếu xin lỗi).")))
    var reason: String?

    func validate() throws {
        if kind != .receipt, paper.barcode != nil {
            throw ValidationError(localized("--barcode goes with a receipt", "--barcode đi cùng giấy tiếp nhận"))
        }
        if kind != .apology, newDue != nil || reason != nil {
            throw ValidationError(
                localized("--new-due and --reason go with an apology", "--new-due và --reason đi cùng phiếu xin lỗi"))
        }
    }

    func run(in session: inout Session) async throws {
        try Self.printPaper(
            kind, code: code, actor: actor, paper: paper, newDue: newDue, reason: reason, in: &session)
    }

    /// Draws the paper from the dossier's history, records that it was printed, and sends it where `paper` says.
    static func printPaper(
        _ kind: DossierForm.Kind, code: String, actor: OfficerOptions, paper: PaperOptions, newDue: String? = nil,
        reason: String? = nil, in session: inout Session
    ) throws {
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try session.home.refuseInside(paper.out)
        try session.home.refuseInside(paper.barcode)
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        if record.discardedAt != nil { throw StoreError.caseDiscarded(code) }
        let catalog = try store.catalog()
        var form = DossierForm(
            kind: kind, record: record, procedure: catalog.procedure(record.procedureCode),
            commune: catalog.communes.first { $0.code == profile.communeCode },
            steps: try steps(of: record, in: store), calendar: catalog.calendar, now: now, width: paper.width.rawValue)
        form.newDue = try newDue.map {
            guard let time = LocalTime(iso8601: $0) else { throw DomainError.invalidField(.receivedAt, .timeFormat) }
            return time
        }
        form.lateness = try CaseIntake.summary(reason)
        let text: String
        do {
            text = try form.render()
        } catch {
            throw CommandFailure(session.text(error.english, error.vietnamese), exitCode: Exit.dataError)
        }
        // Drawn before the print is recorded: a paper that cannot be made is not audited as printed.
        let barcode = try paper.barcode.map { _ in try Self.barcodeImage(record.code) }
        // Which paper, and whether it went to the printer: a handover paper carries the collector's ID number.
        try store.recordAccess(
            kind == .receipt ? AuditAction.receiptPrinted : AuditAction.formPrinted, by: officer, now: now,
            caseCode: record.code,
            details: ["form": kind.rawValue, "to": paper.print ? "lp" : paper.out == nil ? "standard output" : "file"])
        if let barcode, let file = paper.barcode { try ReportFile.write(barcode, to: file) }
        if paper.print { return try Printer.send(text, in: session) }
        try ReportFile.write(text, to: paper.out)
    }

    /// The dossier code as a barcode 3 pixels to a module and 60 high: about 2.6 × 0.5 cm at 203 dpi.
    static func barcodeImage(_ code: String) throws -> Data {
        do {
            return PortableBitmap(modules: [try Code128(code).row], scale: 3, rowHeight: 60).data
        } catch {
            throw CommandFailure(
                localized(
                    "dossier code \(TerminalText.safe(code)) cannot be written as a barcode",
                    "mã hồ sơ \(TerminalText.safe(code)) không ghi được thành mã vạch"), exitCode: Exit.dataError)
        }
    }

    /// The dossier's moves, the desk's and the province's, oldest first: the desk's own only where the central
    /// system did not refuse or set them aside (a rejected or conflicting move never happened), the province's
    /// only where they change the status (a due date counted again keeps it: no step of the dossier's).
    static func steps(of record: CaseRecord, in store: FieldCaseStore) throws -> [DossierForm.Step] {
        let own = try store.events(ofCase: record.id).filter {
            ![.rejected, .conflict, .discarded].contains($0.syncState)
        }.compactMap { event -> DossierForm.Step? in
            StatusChangedPayload(kind: event.kind, payload: event.payload).map {
                DossierForm.Step(
                    at: event.occurredAt, status: $0.to, reason: $0.reason, actor: event.officerName,
                    handover: $0.handover)
            }
        }
        let province = try store.centralUpdates(ofCase: record.code).compactMap { update -> DossierForm.Step? in
            guard let status = update.status.flatMap(CaseStatus.init(rawValue:)),
                let at = LocalTime(iso8601: update.occurredAt)
            else { return nil }
            return DossierForm.Step(
                at: at, status: status, reason: update.reason,
                actor: update.actor.map { CentralReasonText.actor($0, in: .vietnamese) } ?? "tỉnh")
        }
        // A stable sort: at the same second the desk's own move, recorded first, stays first.
        var status = CaseStatus.received
        return (own + province).enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }
            .compactMap { _, step in
                defer { status = step.status }
                return step.status == status ? nil : step
            }
    }
}
