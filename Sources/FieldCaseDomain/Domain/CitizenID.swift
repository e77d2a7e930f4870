/// The 12-digit personal identification number (CCCD) and the checks that can be made offline.
///
/// Digits 1–3 are the province of birth registration, digit 4 the century and gender,
/// digits 5–6 the birth year, digits 7–12 random. There is no check digit.
public enum CitizenID {
    public enum Gender: String, Sendable, Codable, CaseIterable {
        case male
        case female
    }

    /// An old 9-digit CMND number, as a chip card's QR code may name it.
    public static func validateOld(_ number: String) throws(DomainError) {
        guard number.count == 9, number.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidField(.detail(.oldIDNumber), .cmndFormat(got: shown(number)))
        }
    }

    /// Checks `number` against the date of birth and gender; the error names the part that is wrong.
    public static func validate(
        _ number: String, dateOfBirth: LocalDate, gender: Gender, birthProvinces: Set<String>
    ) throws(DomainError) {
        let digits = Array(number.unicodeScalars)
        guard digits.count == 12, digits.allSatisfy({ ("0"..."9").contains($0) }) else {
            throw .invalidField(.idNumber, .cccdLength(got: shown(number)))
        }
        let province = String(String.UnicodeScalarView(digits[0..<3]))
        guard birthProvinces.contains(province) else {
            throw .invalidField(.idNumber, .cccdProvince(province))
        }
        let year = dateOfBirth.year
        let century = year / 100 - 19
        guard (0...4).contains(century) else {
            throw .invalidField(.dateOfBirth, .cccdBirthCentury)
        }
        let expectedDigit = century * 2 + (gender == .female ? 1 : 0)
        let digit4 = Int(digits[3].value) - 48
        guard digit4 == expectedDigit else {
            throw .invalidField(
                .idNumber, .cccdCenturyGender(digit: digit4, gender: gender, year: year, expected: expectedDigit))
        }
        let yearDigits = String(String.UnicodeScalarView(digits[4..<6]))
        guard yearDigits == pad(year % 100, 2) else {
            throw .invalidField(.idNumber, .cccdBirthYear(found: yearDigits, year: year, expected: pad(year % 100, 2)))
        }
    }

    /// Echoes a rejected value only when it is short and printable, so messages never carry junk.
    public static func shown(_ value: String) -> String {
        value.count <= 20 && TextRules.controlCharacter(in: value) == nil ? value : String(value.prefix(12)) + "…"
    }
}
