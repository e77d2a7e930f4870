/// The citizen who files the dossier, as checked at the desk.
public struct Applicant: Hashable, Sendable, Codable {
    public enum IDType: String, Sendable, Codable, CaseIterable {
        case cccd
        case passport
        case other
    }

    public var name: String
    public var idType: IDType
    public var idNumber: String
    public var dateOfBirth: LocalDate
    public var gender: CitizenID.Gender
    /// The details of `ApplicantDetail.all` the applicant gave, by key; an empty one is absent.
    public var details: [String: String]

    public init(
        name: String, idType: IDType, idNumber: String, dateOfBirth: LocalDate, gender: CitizenID.Gender,
        phone: String?, address: String?, oldIDNumber: String? = nil
    ) {
        self.init(
            name: name, idType: idType, idNumber: idNumber, dateOfBirth: dateOfBirth, gender: gender,
            details: [
                ApplicantDetail.phone.key: phone, ApplicantDetail.address.key: address,
                ApplicantDetail.oldIDNumber.key: oldIDNumber,
            ].compactMapValues { $0 })
    }

    public init(
        name: String, idType: IDType, idNumber: String, dateOfBirth: LocalDate, gender: CitizenID.Gender,
        details: [String: String]
    ) {
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.details = details.filter { !$0.value.isEmpty }
    }

    public subscript(detail: ApplicantDetail) -> String? {
        get { details[detail.key] }
        set { details[detail.key] = newValue.flatMap { $0.isEmpty ? nil : $0 } }
    }

    /// The payload keys of the applicant's identity (the declared details come after them).
    package static var identityKeys: [String] { CodingKeys.allCases.map(\.rawValue) }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name
        case idType = "id_type"
        case idNumber = "id_number"
        case dateOfBirth = "date_of_birth"
        case gender
    }

    /// Any key of a payload or JSON object.
    struct DetailKey: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let identity = Set(CodingKeys.allCases.map(\.rawValue))
        let others = try decoder.container(keyedBy: DetailKey.self)
        var details: [String: String] = [:]
        // Every other key is a detail: which keys are allowed is the payload rules' judgement, not decoding's.
        for key in others.allKeys where !identity.contains(key.stringValue) {
            details[key.stringValue] = try others.decodeIfPresent(String.self, forKey: key)
        }
        self.init(
            name: try container.decode(String.self, forKey: .name),
            idType: try container.decode(IDType.self, forKey: .idType),
            idNumber: try container.decode(String.self, forKey: .idNumber),
            dateOfBirth: try container.decode(LocalDate.self, forKey: .dateOfBirth),
            gender: try container.decode(CitizenID.Gender.self, forKey: .gender), details: details)
    }

    /// The first details are written as null when absent, so every consumer sees the keys it always saw;
    /// a later one only when given (`ApplicantDetail.alwaysWritten`).
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(idType, forKey: .idType)
        try container.encode(idNumber, forKey: .idNumber)
        try container.encode(dateOfBirth, forKey: .dateOfBirth)
        try container.encode(gender, forKey: .gender)
        var others = encoder.container(keyedBy: DetailKey.self)
        for detail in ApplicantDetail.all where detail.alwaysWritten && details[detail.key] == nil {
            try others.encodeNil(forKey: DetailKey(stringValue: detail.key))
        }
        for (key, value) in details.sorted(by: { $0.key < $1.key }) {
            try others.encode(value, forKey: DetailKey(stringValue: key))
        }
    }
}

/// A paper handed over at the desk, with how many originals and copies.
public struct ReceivedDocument: Hashable, Sendable, Codable {
    public var name: String
    public var originals: Int
    public var copies: Int

    public init(name: String, originals: Int, copies: Int) {
        self.name = name
        self.originals = originals
        self.copies = copies
    }

    /// Parses `NAME:ORIGINALS:COPIES`; the name may itself hold colons.
    public static func parse(_ text: String) throws(DomainError) -> ReceivedDocument {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 3, let originals = Int(parts[parts.count - 2]), let copies = Int(parts[parts.count - 1]),
            (0...99).contains(originals), (0...99).contains(copies)
        else { throw .invalidField(.document, .documentFormat) }
        guard originals + copies > 0 else {
            throw .invalidField(.document, .documentNotEmpty)
        }
        let rawName = parts[0..<(parts.count - 2)].joined(separator: ":")
        guard let name = try TextRules.freeText(rawName, field: .document, maxLength: 200) else {
            throw .invalidField(.document, .documentFormat)
        }
        return ReceivedDocument(name: name, originals: originals, copies: copies)
    }
}

/// The fee for a dossier, in whole VND.
public struct Fee: Hashable, Sendable, Codable {
    public var amount: Int
    public var paid: Bool

    public init(amount: Int, paid: Bool) {
        self.amount = amount
        self.paid = paid
    }
}

public enum Channel: String, Sendable, Codable, CaseIterable {
    case inPerson = "in_person"
    case postal
}
