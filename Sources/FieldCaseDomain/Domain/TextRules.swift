/// Shape rules for free text fields: what a name, an address or a note may contain.
public enum TextRules {
    public static let maxNameLength = 200
    /// Why a dossier was refused, stopped or sent back: a few sentences.
    public static let maxReasonLength = 1000

    /// The first control or formatting character (tabs, escapes, NUL, bidi overrides), if any.
    public static func controlCharacter(in text: String) -> Unicode.Scalar? {
        text.unicodeScalars.first {
            $0.properties.generalCategory == .control || $0.properties.generalCategory == .format
                || $0.properties.generalCategory == .lineSeparator
                || $0.properties.generalCategory == .paragraphSeparator
        }
    }

    /// A person's name: 1–200 characters of letters, spaces and `- . '`, stored NFC.
    public static func personName(_ raw: String, field: Field = .name) throws(DomainError) -> String {
        try checkNoControl(raw, field: field)
        let name = VietnameseText.normalized(raw)
        guard !name.isEmpty else { throw .invalidField(field, .notEmpty) }
        // Counted in code points, not characters: a run of combining marks is one character and any length.
        guard name.unicodeScalars.count <= maxNameLength else {
            throw .invalidField(field, .maxLength(maxNameLength, got: name.unicodeScalars.count))
        }
        if let bad = name.unicodeScalars.first(where: { !isNameScalar($0) }) {
            throw .invalidField(field, .nameCharacters(found: String(Character(bad))))
        }
        guard name.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) else {
            throw .invalidField(field, .containsLetters)
        }
        return name
    }

    /// Free text (address, summary, reason): printable, at most `maxLength` characters; empty becomes nil.
    public static func freeText(_ raw: String?, field: Field, maxLength: Int) throws(DomainError) -> String? {
        guard let raw else { return nil }
        try checkNoControl(raw, field: field)
        let text = VietnameseText.normalized(raw)
        guard text.unicodeScalars.count <= maxLength else {
            throw .invalidField(field, .maxLength(maxLength, got: text.unicodeScalars.count))
        }
        return text.isEmpty ? nil : text
    }

    static func checkNoControl(_ text: String, field: Field) throws(DomainError) {
        if let scalar = controlCharacter(in: text) {
            let hex = String(scalar.value, radix: 16, uppercase: true)
            let code = String(repeating: "0", count: max(0, 4 - hex.count)) + hex
            throw .invalidField(field, .noControlCharacters(found: code))
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
