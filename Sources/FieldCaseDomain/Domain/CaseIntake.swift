import Foundation

/// What an officer typed for a new dossier, before any rule has looked at it.
///
/// The scripted `case add` and the shell's guided entry fill the same intake, so both
/// apply exactly the same rules.
public struct CaseIntake: Sendable {
    public var procedureCode: String
    public var name: String
    public var idType: Applicant.IDType = .cccd
    public var idNumber: String
    public var dateOfBirth: String
    public var gender: CitizenID.Gender
    /// The applicant's details as typed, by `ApplicantDetail` key.
    public var details: [String: String] = [:]
    public var channel: Channel = .inPerson
    public var receivedAt: String?
    public var documents: [String] = []
    public var fee: Int?
    /// Pages of one copy and copies, where the procedure's fee is by the page (`FeeRule.perPage`): the fee is
    /// counted from them unless `fee` is given.
    public var pages: PageCount?
    public var paid = false
    public var summary: String?

    public init(
        procedureCode: String, name: String, idNumber: String, dateOfBirth: String, gender: CitizenID.Gender
    ) {
        self.procedureCode = procedureCode
        self.name = name
        self.idNumber = idNumber
        self.dateOfBirth = dateOfBirth
        self.gender = gender
    }
}

extension CaseIntake {
    /// The intake a scanned chip card fills: the applicant's identity and address; the rest is asked or given.
    public init(procedureCode: String, scan: CCCDScan) {
        self.init(
            procedureCode: procedureCode, name: scan.name, idNumber: scan.idNumber,
            dateOfBirth: scan.dateOfBirth.description, gender: scan.gender)
        idType = .cccd
        details = scan.applicant.details
    }
}

/// A dossier that passed every offline rule and can be stored.
public struct NewCase: Sendable {
    public let procedure: Procedure
    public let applicant: Applicant
    public let channel: Channel
    public let receivedAt: LocalTime
    public let documents: [ReceivedDocument]
    public let fee: Fee
    public let summary: String?
}

/// How far a desk clock may run ahead of the received time typed in, in seconds.
let clockSkewAllowance = 300

extension CaseIntake {
    /// Applies every offline rule; the first broken one is thrown, naming its field.
    public func validated(catalog: Catalog, now: LocalTime) throws(DomainError) -> NewCase {
        guard let procedure = catalog.procedure(procedureCode) else {
            throw .unknownProcedure(CitizenID.shown(procedureCode))
        }
        let name = try TextRules.personName(name)
        let dob = try Self.dateOfBirth(dateOfBirth, today: now.date)
        let idNumber = try Self.idNumber(idNumber, type: idType, dateOfBirth: dob, gender: gender, catalog: catalog)
        let details = try ApplicantDetail.normalized(details)
        let summary = try Self.summary(summary)
        let received = try Self.receivedAt(receivedAt, now: now)
        var parsedDocuments: [ReceivedDocument] = []
        for document in documents { parsedDocuments.append(try ReceivedDocument.parse(document)) }
        let counted = pages.flatMap { procedure.fee.amount(pages: $0.pages, copies: $0.copies) }
        let amount = try Self.fee(fee ?? counted ?? procedure.fee.usualAmount ?? 0)
        let applicant = Applicant(
            name: name, idType: idType, idNumber: idNumber, dateOfBirth: dob, gender: gender, details: details)
        return NewCase(
            procedure: procedure, applicant: applicant, channel: channel, receivedAt: received,
            documents: parsedDocuments, fee: Fee(amount: amount, paid: paid && amount > 0), summary: summary)
    }

    /// The longest summary kept, in characters; the gateway applies the same limit.
    public static let summaryLimit = 2000
    /// Fees in VND: none is negative, and no commune procedure costs a billion.
    public static let feeRange = 0...1_000_000_000

    public static func summary(_ text: String?) throws(DomainError) -> String? {
        try TextRules.freeText(text, field: .summary, maxLength: summaryLimit)
    }

    public static func fee(_ amount: Int) throws(DomainError) -> Int {
        guard feeRange.contains(amount) else { throw .invalidField(.fee, .feeRange) }
        return amount
    }

    /// A fee as an officer types it: `20000`, or grouped by thousands as Vietnamese papers write it
    /// (`20.000`) or as a calculator shows it (`20,000`); an optional `đ`/`₫`/`VND` after it.
    public static func fee(typed text: String) throws(DomainError) -> Int {
        var digits = text.trimmingCharacters(in: .whitespaces)
        for unit in ["VND", "vnd", "đồng", "đ", "₫"] where digits.hasSuffix(unit) {
            digits = String(digits.dropLast(unit.count)).trimmingCharacters(in: .whitespaces)
            break
        }
        let groups = digits.split(separator: digits.contains(".") ? "." : ",", omittingEmptySubsequences: false)
        // Grouped by thousands as written: 1 to 3 digits first, not starting with 0 (`000.001` is no amount).
        let grouped =
            groups.count == 1
            || (groups.first.map { (1...3).contains($0.count) && !$0.hasPrefix("0") } == true
                && groups.dropFirst().allSatisfy { $0.count == 3 })
        guard grouped, !digits.isEmpty, digits.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") }),
            !(digits.contains(".") && digits.contains(",")), let amount = Int(groups.joined())
        else { throw .invalidField(.fee, .feeRange) }
        return try fee(amount)
    }

    public static func dateOfBirth(_ text: String, today: LocalDate) throws(DomainError) -> LocalDate {
        guard let date = LocalDate(typed: text) else {
            throw .invalidField(.dateOfBirth, .dateFormat)
        }
        guard date <= today else { throw .invalidField(.dateOfBirth, .notInFuture) }
        guard date.year >= 1900 else { throw .invalidField(.dateOfBirth, .notBefore(year: 1900)) }
        return date
    }

    public static func idNumber(
        _ raw: String, type: Applicant.IDType, dateOfBirth: LocalDate, gender: CitizenID.Gender, catalog: Catalog
    ) throws(DomainError) -> String {
        let number = raw.trimmingCharacters(in: .whitespaces)
        switch type {
        case .cccd:
            try CitizenID.validate(
                number, dateOfBirth: dateOfBirth, gender: gender, birthProvinces: Set(catalog.birthProvinces.keys))
        case .passport, .other:
            try otherIDNumber(number, type: type)
        }
        return number.uppercased()
    }

    /// A passport's or another paper's number: 5–20 letters, digits and dashes.
    static func otherIDNumber(_ number: String, type: Applicant.IDType) throws(DomainError) {
        let allowed = number.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-")
        }
        guard (5...20).contains(number.count), allowed else {
            throw .invalidField(.idNumber, .otherIDFormat(type: type.rawValue))
        }
    }

    public static func receivedAt(_ text: String?, now: LocalTime) throws(DomainError) -> LocalTime {
        guard let text else { return now }
        guard let time = LocalTime(iso8601: text) else {
            throw .invalidField(.receivedAt, .timeFormat)
        }
        guard time <= now.adding(seconds: clockSkewAllowance) else {
            throw .invalidField(.receivedAt, .notInFuture)
        }
        guard time.date.year >= 2000 else { throw .invalidField(.receivedAt, .notBefore(year: 2000)) }
        return time
    }
}

/// Vietnamese phone numbers: 10 digits starting with 0, or +84 and 9 digits; stored in the 0 form.
public enum Phone {
    public static func normalized(_ raw: String, detail: ApplicantDetail = .phone) throws(DomainError) -> String? {
        let compact = raw.filter { !" .-()".contains($0) }
        if compact.isEmpty { return nil }
        let local = compact.hasPrefix("+84") ? "0" + compact.dropFirst(3) : compact
        guard local.count == 10, local.hasPrefix("0"), local.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidField(.detail(detail), .phoneFormat)
        }
        return local
    }
}
