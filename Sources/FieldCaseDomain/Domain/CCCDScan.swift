import Foundation

/// What a citizen's chip card (CCCD) says in its QR code, as the desk's USB reader types it followed by Enter:
/// seven fields separated by `|`: CCCD number, old 9-digit CMND number (may be empty), full name, date of
/// birth `ddMMyyyy`, gender (`Nam`/`Nữ`), permanent address, issue date `ddMMyyyy`. A scan is checked with
/// the same rules as typed answers (the CCCD's structure against the date of birth and gender), so a bad scan
/// fills nothing.
public struct CCCDScan: Sendable, Hashable {
    public let idNumber: String
    /// The card holder's old CMND number, kept as a second identifier.
    public let oldIDNumber: String?
    public let name: String
    public let dateOfBirth: LocalDate
    public let gender: CitizenID.Gender
    public let address: String?
    public let issuedOn: LocalDate

    static let fieldCount = 7

    /// Whether a typed line is meant as a scan: a reader's line starts with the card's number and a `|`, which
    /// no command, name or answer does. Such a line is read as a scan, and refused as one when it is not valid.
    public static func looksLikeScan(_ line: String) -> Bool {
        guard let bar = line.firstIndex(of: "|") else { return false }
        let number = line[..<bar].trimmingCharacters(in: .whitespaces)
        return !number.isEmpty && number.allSatisfy { $0.isASCII && $0.isNumber }
    }

    /// Reads and checks a scanned line (a reader may end it with CR LF); `today` bounds the dates.
    public init(scanned text: String, today: LocalDate, catalog: Catalog) throws(DomainError) {
        let line = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let fields = line.split(separator: "|", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == Self.fieldCount else { throw .invalidField(.qrScan, .qrFieldCount(got: fields.count)) }
        name = try TextRules.personName(fields[2])
        guard let born = Self.date(fields[3]) else { throw .invalidField(.dateOfBirth, .qrDateFormat) }
        dateOfBirth = try CaseIntake.dateOfBirth(born.description, today: today)
        switch VietnameseText.folded(fields[4]) {
        case "nam": gender = .male
        case "nu": gender = .female
        default: throw .invalidField(.gender, .oneOf(["Nam", "Nữ"]))
        }
        idNumber = try CaseIntake.idNumber(
            fields[0], type: .cccd, dateOfBirth: dateOfBirth, gender: gender, catalog: catalog)
        oldIDNumber = try ApplicantDetail.oldIDNumber.normalized(fields[1])
        address = try ApplicantDetail.address.normalized(fields[5])
        guard let issued = Self.date(fields[6]) else { throw .invalidField(.issuedOn, .qrDateFormat) }
        guard issued <= today else { throw .invalidField(.issuedOn, .notInFuture) }
        guard issued >= dateOfBirth else { throw .invalidField(.issuedOn, .notBeforeBirth) }
        issuedOn = issued
    }

    /// `ddMMyyyy`, as the card writes dates.
    static func date(_ text: String) -> LocalDate? {
        let digits = Array(text)
        guard digits.count == 8, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let day = Int(String(digits[0..<2])), let month = Int(String(digits[2..<4])),
            let year = Int(String(digits[4..<8]))
        else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// The applicant the scan describes, for a dossier (phone is not on the card).
    public var applicant: Applicant {
        Applicant(
            name: name, idType: .cccd, idNumber: idNumber, dateOfBirth: dateOfBirth, gender: gender, phone: nil,
            address: address, oldIDNumber: oldIDNumber)
    }
}
