import Foundation

/// One detail of the applicant beyond the identity a CCCD is checked against (name, ID, birth date, gender),
/// declared once here. The shell's questions, `case add --detail`, `case show`, the receipt, the CSV export,
/// JSON, the desk's search and the gateway's payload rules all read the list `ApplicantDetail.all`: a new
/// detail is one more entry, nowhere else.
public struct ApplicantDetail: Sendable {
    /// The key under `applicant` in a dossier's payload and JSON, in a draft and in `--detail KEY=VALUE`.
    public let key: String
    /// Its heading on screens, on the receipt and in the CSV; messages use it with a small first letter.
    public let english: String
    public let vietnamese: String
    /// Asked in the guided entry (Enter skips it); a detail only a scanned card gives is not asked.
    public let asked: Bool
    /// Printed on the citizen's receipt.
    public let onReceipt: Bool
    /// Its words are found by `case find`.
    public let searchable: Bool
    /// Written as null when absent: the dossier shape every gateway has known since the first version. A
    /// detail added later is written only when there is one, so older gateways keep reading the others.
    public let alwaysWritten: Bool
    /// The value as stored, from what was typed; nil for empty. Throws the rule it broke, naming this detail.
    public let normalize: @Sendable (_ typed: String, _ detail: ApplicantDetail) throws(DomainError) -> String?

    public init(
        key: String, english: String, vietnamese: String, asked: Bool = true, onReceipt: Bool = true,
        searchable: Bool = false, alwaysWritten: Bool = false,
        normalize: @escaping @Sendable (_ typed: String, _ detail: ApplicantDetail) throws(DomainError) -> String?
    ) {
        self.key = key
        self.english = english
        self.vietnamese = vietnamese
        self.asked = asked
        self.onReceipt = onReceipt
        self.searchable = searchable
        self.alwaysWritten = alwaysWritten
        self.normalize = normalize
    }

    public func heading(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }

    /// The value as stored; nil for empty.
    public func normalized(_ typed: String) throws(DomainError) -> String? {
        try normalize(typed, self)
    }
}

extension ApplicantDetail: Hashable {
    public static func == (lhs: ApplicantDetail, rhs: ApplicantDetail) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
}

extension ApplicantDetail {
    /// Every detail a desk records, in the order screens, the receipt and the CSV show them. Task-local so a
    /// test declares one more for what it runs and sees it everywhere, as an entry added to `standard` would be.
    @TaskLocal public static var all: [ApplicantDetail] = standard
    public static let standard: [ApplicantDetail] = [.phone, .address, .oldIDNumber]

    public static let phone = ApplicantDetail(
        key: "phone", english: "Phone", vietnamese: "Điện thoại", searchable: true, alwaysWritten: true
    ) { typed, detail throws(DomainError) in try Phone.normalized(typed, detail: detail) }

    /// The longest address kept, in characters; the gateway applies the same limit.
    public static let addressLimit = 500

    public static let address = ApplicantDetail(
        key: "address", english: "Address", vietnamese: "Địa chỉ", alwaysWritten: true
    ) { typed, detail throws(DomainError) in
        try TextRules.freeText(typed, field: .detail(detail), maxLength: addressLimit)
    }

    /// The old 9-digit CMND number a chip card names, kept as a second identifier.
    public static let oldIDNumber = ApplicantDetail(
        key: "old_id_number", english: "Old CMND number", vietnamese: "Số CMND cũ", asked: false, searchable: true
    ) { typed, _ throws(DomainError) in
        let number = typed.trimmingCharacters(in: .whitespaces)
        if number.isEmpty { return nil }
        try CitizenID.validateOld(number)
        return number
    }

    public static func named(_ key: String) -> ApplicantDetail? {
        all.first { $0.key == key }
    }

    /// Checks every value against its detail; a key no detail declares is refused with the keys there are.
    public static func normalized(_ values: [String: String]) throws(DomainError) -> [String: String] {
        var kept: [String: String] = [:]
        for key in values.keys.sorted() {
            guard let detail = named(key) else {
                throw .invalidField(.applicantDetail, .oneOf(all.map(\.key)))
            }
            if let value = try detail.normalized(values[key] ?? "") { kept[key] = value }
        }
        return kept
    }
}

extension String {
    /// A heading inside a sentence: "Old CMND number" → "old CMND number" (acronyms stay).
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
