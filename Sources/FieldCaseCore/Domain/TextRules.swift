/// Shape rules for free text fields: what a name, an address or a note may contain.
public enum TextRules {
    public static let maxNameLength = 200

    /// The first control or formatting character (tabs, escapes, NUL, bidi overrides), if any.
    public static func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                || $0.properties.generalCategory == .lineSeparator || $0.properties.generalCategory == .paragraphSeparator
        }
    }

    /// A person's name: 1–200 characters of letters, spaces and `- . '`, stored NFC.
    public static func personName(_ raw: String, field: String = "name") throws(DomainError) -> String {
        try checkNoControl(raw, field: field)
        let name = VietnameseText.normalized(raw)
        guard !name.isEmpty else { throw .invalidField(field: field, rule: "must not be empty") }
        guard name.count <= maxNameLength else {
            throw .invalidField(field: field, rule: "must be at most \(maxNameLength) characters (got \(name.count))")
        }
        if let bad = name.unicodeScalars.first(where: { !isNameScalar($0) }) {
            throw .invalidField(
                field: field,
                rule: "may hold only letters, spaces and - . ' (found '\(Character(bad))')")
        }
        guard name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            throw .invalidField(field: field, rule: "must contain letters")
        }
        return name
    }

    /// Free text (address, summary, reason): printable, at most `maxLength` characters; empty becomes nil.
    public static func freeText(_ raw: String?, field: String, maxLength: Int) throws(DomainError) -> String? {
        guard let raw else { return nil }
        try checkNoControl(raw, field: field)
        let text = VietnameseText.normalized(raw)
        guard text.count <= maxLength else {
            throw .invalidField(field: field, rule: "must be at most \(maxLength) characters (got \(text.count))")
        }
        return text.isEmpty ? nil : text
    }

    static func checkNoControl(_ text: String, field: String) throws(DomainError) {
        if let scalar = controlCharacter(in: text) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw .invalidField(field: field, rule: "must not contain control characters (found U+\(code))")
        }
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        let category = scalar.properties.generalCategory
        switch category {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .otherLetter, .modifierLetter,
            .nonspacingMark, .spacingMark:
            return true
        default:
            return scalar == " " || scalar == "-" || scalar == "." || scalar == "'" || scalar == "\u{2019}"
        }
    }
}
