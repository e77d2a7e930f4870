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
    public var phone: String?
    public var address: String?
    /// The old 9-digit CMND number a chip card names, kept as a second identifier (from a QR scan).
    public var oldIDNumber: String?

    public init(
        name: String, idType: IDType, idNumber: String, dateOfBirth: LocalDate, gender: CitizenID.Gender,
        phone: String?, address: String?, oldIDNumber: String? = nil
    ) {
        self.name = name
        self.idType = idType
        self.idNumber = idNumber
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.phone = phone
        self.address = address
        self.oldIDNumber = oldIDNumber
    }

    enum CodingKeys: String, CodingKey {
        case name
        case idType = "id_type"
        case idNumber = "id_number"
        case dateOfBirth = "date_of_birth"
        case gender
        case phone
        case address
        case oldIDNumber = "old_id_number"
    }

    /// Optional fields are written as null, so every consumer sees the same keys.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(idType, forKey: .idType)
        try container.encode(idNumber, forKey: .idNumber)
        try container.encode(dateOfBirth, forKey: .dateOfBirth)
        try container.encode(gender, forKey: .gender)
        try container.encode(phone, forKey: .phone)
        try container.encode(address, forKey: .address)
        // Written only when there is one: a dossier without it keeps the shape every gateway already knows.
        try container.encodeIfPresent(oldIDNumber, forKey: .oldIDNumber)
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
