import ArgumentParser
import FieldCaseCore

extension Applicant.IDType: ExpressibleByArgument {}
extension CitizenID.Gender: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}

/// `fieldcase case add`: records a dossier received at the desk and prints its code.
struct CaseAddCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "add",
            abstract: localized(
                "Record a dossier received at the desk.", "Ghi nhận một hồ sơ tiếp nhận tại bộ phận một cửa."),
            discussion: localized(
                "Prints the new dossier code, or the case as JSON with --json. "
                    + "Nothing is written if any field is invalid.",
                "In mã hồ sơ mới, hoặc cả hồ sơ dạng JSON với --json. Không ghi gì nếu có thông tin không hợp lệ.")
        )
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions

    @Option(
        help: ArgumentHelp(
            localized("Procedure code from the catalog, e.g. 1.001193.", "Mã thủ tục theo danh mục, ví dụ 1.001193.")),
        completion: CompletionValues.procedures.kind)
    var procedure: String
    @Option(help: ArgumentHelp(localized("Applicant's full name.", "Họ tên người nộp."))) var name: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Identity document number (12-digit CCCD by default).",
                "Số giấy tờ tuỳ thân (mặc định là số CCCD 12 chữ số).")))
    var idNumber: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Identity document type: cccd (default), passport or other.",
                "Loại giấy tờ tuỳ thân: cccd (mặc định), passport (hộ chiếu) hoặc other (loại khác).")))
    var idType: Applicant.IDType?
    @Option(help: ArgumentHelp(localized("Date of birth.", "Ngày sinh."), valueName: "YYYY-MM-DD")) var dob: String?
    @Option(help: ArgumentHelp(localized("male or female.", "male (nam) hoặc female (nữ).")))
    var gender: CitizenID.Gender?
    @Option(
        help: ArgumentHelp(
            localized(
                "The text a CCCD's QR code holds, as the desk's reader types it: fills ID, name, date of birth, "
                    + "gender and address.",
                "Nội dung mã QR trên CCCD, đúng như máy đọc của bộ phận một cửa nhập vào: tự điền số giấy tờ, "
                    + "họ tên, ngày sinh, giới tính và địa chỉ."), valueName: "QR-TEXT"))
    var qr: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Mobile phone, 10 digits starting with 0 or +84.",
                "Số điện thoại di động, 10 chữ số, bắt đầu bằng 0 hoặc +84.")))
    var phone: String?
    @Option(help: ArgumentHelp(localized("Address.", "Địa chỉ."))) var address: String?
    @Option(
        name: .customLong("detail"),
        help: ArgumentHelp(
            localized(
                "An applicant detail, KEY=VALUE (repeatable); KEY is one of: ",
                "Một thông tin của người nộp, KEY=VALUE (ghi được nhiều lần); KEY là một trong: ")
                + ApplicantDetail.all.map(\.key).joined(separator: ", ") + ".",
            valueName: "KEY=VALUE"),
        completion: .list(ApplicantDetail.all.map { $0.key + "=" }))
    var details: [String] = []
    @Option(
        help: ArgumentHelp(
            localized("in_person or postal.", "in_person (nộp trực tiếp) hoặc postal (qua bưu chính).")))
    var channel: Channel = .inPerson
    @Option(
        help: ArgumentHelp(
            localized(
                "When the dossier was received (ISO 8601; default now).",
                "Thời điểm tiếp nhận hồ sơ (ISO 8601; mặc định là thời điểm hiện tại).")))
    var receivedAt: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "A document received, NAME:ORIGINALS:COPIES (repeatable).",
                "Một giấy tờ đã nhận, NAME:ORIGINALS:COPIES (tên:số bản chính:số bản sao; ghi được nhiều lần).")))
    var document: [String] = []
    @Option(
        help: ArgumentHelp(
            localized(
                "Fee in VND, e.g. 20000, 20.000 or 20,000 (default: the catalog's fee).",
                "Lệ phí bằng VND, ví dụ 20000, 20.000 hoặc 20,000 (mặc định: lệ phí theo danh mục).")))
    var fee: String?
    @Option(
        help: ArgumentHelp(
            localized(
                "Pages of one copy, where the fee is by the page (a certified copy): the fee is counted from them.",
                "Số trang của một bản, khi lệ phí tính theo trang (chứng thực bản sao): lệ phí được tính theo đó.")))
    var pages: Int?
    @Option(help: ArgumentHelp(localized("Copies, with --pages (default 1).", "Số bản, đi cùng --pages (mặc định 1).")))
    var copies: Int?
    @Flag(help: ArgumentHelp(localized("The fee has been paid.", "Đã nộp lệ phí."))) var paid = false
    @Option(help: ArgumentHelp(localized("Summary of the request.", "Trích yếu nội dung yêu cầu.")))
    var summary: String?

    /// The applicant comes from a scan or from the options, never from both: a scan is the card's word.
    func validate() throws {
        let typed = [name, idNumber, dob, address].contains { $0 != nil } || gender != nil || idType != nil
        if qr != nil, typed {
            throw ValidationError(
                localized(
                    "--qr fills the applicant: leave out --name, --id-number, --id-type, --dob, --gender and --address",
                    "--qr đã điền thông tin người nộp: bỏ --name, --id-number, --id-type, --dob, --gender và --address"
                ))
        }
        if copies != nil, pages == nil {
            throw ValidationError(localized("--copies goes with --pages", "--copies đi cùng --pages"))
        }
        if qr == nil, name == nil || idNumber == nil || dob == nil || gender == nil {
            throw ValidationError(
                localized(
                    "give the applicant with --name, --id-number, --dob and --gender, or scan with --qr",
                    "nhập người nộp bằng --name, --id-number, --dob và --gender, hoặc quét mã QR bằng --qr"))
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let catalog = try store.catalog()
        var intake = try applicantIntake(catalog: catalog, today: now.date)
        for (key, value) in try typedDetails() {
            // A scanned card's detail is the card's word, even one it leaves empty: typing it is a mistake.
            let fromCard = qr != nil && [ApplicantDetail.address.key, ApplicantDetail.oldIDNumber.key].contains(key)
            guard intake.details[key] == nil, !fromCard else { throw ValidationError(duplicate(key)) }
            intake.details[key] = value
        }
        intake.channel = channel
        intake.receivedAt = receivedAt
        intake.documents = document
        if let fee { intake.fee = try CaseIntake.fee(typed: fee) }
        if let pages { intake.pages = try PageCount(pages: pages, copies: copies ?? 1) }
        intake.paid = paid
        intake.summary = summary
        let record = try DossierRecording.record(intake, officer: officer.name, store: store, in: &session)
        if let warning = DossierRecording.calendarWarning(
            received: record.receivedAt, due: record.dueAt, calendar: catalog.calendar, in: session.language)
        {
            // On standard error: the code (or the JSON) on standard output stays what scripts read.
            StandardStreams.error(warning + "\n")
        }
        if case .perPage = catalog.procedure(record.procedureCode)?.fee, fee == nil, pages == nil {
            StandardStreams.error(
                session.text(
                    "Warning: this procedure's fee is by the page and none was counted: give --pages (and --copies) "
                        + "or --fee",
                    "Cảnh báo: lệ phí thủ tục này tính theo trang mà chưa được tính: nhập --pages (và --copies) "
                        + "hoặc --fee") + "\n")
        }
        if output.json {
            try printJSON(CaseJSON(record, calendar: catalog.calendar, now: now))
        } else {
            print(record.code)
        }
    }

    /// The intake with the applicant filled: from the scanned card, else from the options (validated present).
    func applicantIntake(catalog: Catalog, today: LocalDate) throws -> CaseIntake {
        if let qr {
            return CaseIntake(procedureCode: procedure, scan: try CCCDScan(scanned: qr, today: today, catalog: catalog))
        }
        guard let name, let idNumber, let dob, let gender else {
            throw ValidationError(localized("the applicant is missing", "thiếu thông tin người nộp"))
        }
        var intake = CaseIntake(
            procedureCode: procedure, name: name, idNumber: idNumber, dateOfBirth: dob, gender: gender)
        intake.idType = idType ?? .cccd
        return intake
    }

    /// The details given by `--phone`, `--address` and `--detail KEY=VALUE`, by key; one given twice is refused.
    func typedDetails() throws -> [String: String] {
        var given = [ApplicantDetail.phone.key: phone, ApplicantDetail.address.key: address].compactMapValues { $0 }
        for assignment in details {
            guard let equals = assignment.firstIndex(of: "=") else {
                throw ValidationError(
                    localized(
                        "--detail takes KEY=VALUE (KEY one of: ", "--detail cần dạng KEY=VALUE (KEY là một trong: ")
                        + ApplicantDetail.all.map(\.key).joined(separator: ", ") + ")")
            }
            let key = String(assignment[..<equals])
            guard given[key] == nil else { throw ValidationError(duplicate(key)) }
            given[key] = String(assignment[assignment.index(after: equals)...])
        }
        return given
    }

    func duplicate(_ key: String) -> String {
        localized("the applicant's ", "thông tin ") + TerminalText.safe(key)
            + localized(" is given twice", " của người nộp được nhập hai lần")
    }
}
