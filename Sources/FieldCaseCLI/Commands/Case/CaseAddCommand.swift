import ArgumentParser
import FieldCaseCore

extension Applicant.IDType: ExpressibleByArgument {}
extension CitizenID.Gender: ExpressibleByArgument {}
extension Channel: ExpressibleByArgument {}

/// `fieldcase case add`: records a dossier received at the desk and prints its code.
struct CaseAddCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Record a dossier received at the desk.",
        discussion:
            "Prints the new dossier code, or the case as JSON with --json. Nothing is written if any field is invalid."
    )

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions

    @Option(help: "Procedure code from the catalog, e.g. 1.001193.") var procedure: String
    @Option(help: "Applicant's full name.") var name: String?
    @Option(help: "Identity document number (12-digit CCCD by default).") var idNumber: String?
    @Option(help: "Identity document type: cccd (default), passport or other.") var idType: Applicant.IDType?
    @Option(help: ArgumentHelp("Date of birth.", valueName: "YYYY-MM-DD")) var dob: String?
    @Option(help: "male or female.") var gender: CitizenID.Gender?
    @Option(
        help: ArgumentHelp(
            "The text a CCCD's QR code holds, as the desk's reader types it: fills ID, name, date of birth, "
                + "gender and address.", valueName: "QR-TEXT"))
    var qr: String?
    @Option(help: "Mobile phone, 10 digits starting with 0 or +84.") var phone: String?
    @Option(help: "Address.") var address: String?
    @Option(help: "in_person or postal.") var channel: Channel = .inPerson
    @Option(help: "When the dossier was received (ISO 8601; default now).") var receivedAt: String?
    @Option(help: "A document received, NAME:ORIGINALS:COPIES (repeatable).") var document: [String] = []
    @Option(help: "Fee in VND (default: the catalog's fee).") var fee: Int?
    @Flag(help: "The fee has been paid.") var paid = false
    @Option(help: "Summary of the request.") var summary: String?

    /// The applicant comes from a scan or from the options, never from both: a scan is the card's word.
    func validate() throws {
        let typed = [name, idNumber, dob, address].contains { $0 != nil } || gender != nil || idType != nil
        if qr != nil, typed {
            throw ValidationError(
                "--qr fills the applicant: leave out --name, --id-number, --id-type, --dob, --gender and --address")
        }
        if qr == nil, name == nil || idNumber == nil || dob == nil || gender == nil {
            throw ValidationError("give the applicant with --name, --id-number, --dob and --gender, or scan with --qr")
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let catalog = try store.catalog()
        var intake = try applicantIntake(catalog: catalog, today: now.date)
        intake.phone = phone
        intake.channel = channel
        intake.receivedAt = receivedAt
        intake.documents = document
        intake.fee = fee
        intake.paid = paid
        intake.summary = summary
        let record = try DossierRecording.record(intake, officer: officer.name, store: store, in: &session)
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
        guard let name, let idNumber, let dob, let gender else { throw ValidationError("the applicant is missing") }
        var intake = CaseIntake(
            procedureCode: procedure, name: name, idNumber: idNumber, dateOfBirth: dob, gender: gender)
        intake.idType = idType ?? .cccd
        intake.address = address
        return intake
    }
}
