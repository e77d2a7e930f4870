/// A rule of the domain refused the input. Each case names the field or status and the rule, so the
/// one line an officer sees says what was wrong and what is expected; the words come from the
/// catalog of the officer's language (`Localization/`).
public enum DomainError: Error, Hashable, Sendable {
    case invalidField(Field, Rule)
    case invalidTransition(from: CaseStatus, to: CaseStatus)
    case reasonRequired(CaseStatus)
    case unknownProcedure(String)
    case unknownCommune(String)
    case unknownCase(String)
    case dailySequenceExhausted(date: LocalDate, terminal: Int)
}

/// The fields a rule can refuse.
public enum Field: Hashable, Sendable {
    case name
    case officer
    case idDocument
    case idNumber
    case dateOfBirth
    case gender
    case summary
    case reason
    case document
    case fee
    /// Pages to certify, and copies, where the fee is by the page.
    case pages
    /// Who collected the result (`ResultHandover`).
    case collector
    /// The citizen's rating at the handover (`Satisfaction`).
    case satisfaction
    /// A scanned paper attached to a dossier (`ScannedPage`).
    case scannedPage
    case paid
    case receivedAt
    case terminal
    case unitCode
    case pin
    case qrScan
    case issuedOn
    /// A detail of `ApplicantDetail.all`, named by its heading.
    case detail(ApplicantDetail)
    /// `--detail KEY=VALUE` with a key no detail declares.
    case applicantDetail
}

/// What a field must be.
public enum Rule: Hashable, Sendable {
    case notEmpty
    case maxLength(Int, got: Int)
    case nameCharacters(found: String)
    case containsLetters
    case noControlCharacters(found: String)
    case oneOf([String])
    case answerFirst([Field])
    case feeRange
    case pageCounts
    case documentFormat
    case documentNotEmpty
    case documentCounts
    /// `minimum`: the desk's PIN policy (6 unless a supervisor raised it).
    case pinFormat(minimum: Int)
    case terminalRange
    case unitCodeFormat
    case dateFormat
    case notInFuture
    case notBefore(year: Int)
    case timeFormat
    case phoneFormat
    case otherIDFormat(type: String)
    case cccdLength(got: String)
    case cccdProvince(String)
    case cccdBirthCentury
    case cccdCenturyGender(digit: Int, gender: CitizenID.Gender, year: Int, expected: Int)
    case cccdBirthYear(found: String, year: Int, expected: String)
    case qrFieldCount(got: Int)
    case qrDateFormat
    case cmndFormat(got: String)
    case notBeforeBirth
    /// Recorded only with the move to this status (a result's handover with `returned`).
    case onlyWith(CaseStatus)
    /// A rating's survey version and criterion codes: short, lowercase letters, digits, `_` and `.`.
    case surveyFormat
    /// A scanned page: a PDF, JPEG or PNG file.
    case pageFormat
    case pageSize(max: Int, got: Int)
    /// The checklist item a page belongs to, among a dossier's `documents`.
    case componentNumber(documents: Int)
}

extension DomainError: CustomStringConvertible {
    /// English, for logs of tests and for callers that have no language.
    public var description: String { text(in: .english) }

    public func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }
}
