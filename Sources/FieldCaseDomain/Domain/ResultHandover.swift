import Foundation

/// Who collected a dossier's result at the desk, with the identity paper they showed and whether they came for
/// the applicant (a proxy, with an authorisation). Recorded with the move to `returned`; sealed like the rest of
/// the event's payload.
public struct ResultHandover: Codable, Sendable, Hashable {
    public let collectedBy: String
    public let idType: Applicant.IDType
    public let idNumber: String
    public let proxy: Bool

    enum CodingKeys: String, CodingKey {
        case collectedBy = "collected_by", idType = "id_type", idNumber = "id_number", proxy
    }

    /// The handover as typed, checked: a person's name, and an ID number of the paper's shape (a CCCD's 12 digits;
    /// the collector's birth date is not asked, so its century and province digits are not cross-checked).
    public init(collectedBy: String, idType: Applicant.IDType, idNumber: String, proxy: Bool) throws(DomainError) {
        self.collectedBy = try TextRules.personName(collectedBy, field: .collector)
        let number = idNumber.trimmingCharacters(in: .whitespaces)
        switch idType {
        case .cccd:
            guard number.count == 12, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw .invalidField(.idNumber, .cccdLength(got: CitizenID.shown(number)))
            }
        case .passport, .other:
            try CaseIntake.otherIDNumber(number, type: idType)
        }
        self.idType = idType
        self.idNumber = number.uppercased()
        self.proxy = proxy
    }
}
