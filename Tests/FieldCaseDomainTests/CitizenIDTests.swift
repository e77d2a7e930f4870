import Testing

@testable import FieldCaseDomain

struct CitizenIDTests {
    let provinces = Set(try! Catalog.embedded().birthProvinces.keys)

    func check(_ number: String, _ dob: String, _ gender: CitizenID.Gender) throws(DomainError) {
        try CitizenID.validate(number, dateOfBirth: LocalDate(iso: dob)!, gender: gender, birthProvinces: provinces)
    }

    @Test("The examples of domain.md are accepted")
    func examples() throws {
        try check("001099012345", "1999-03-04", .male)
        try check("079301234567", "2001-11-30", .female)
    }

    @Test("Digit 4 that says the 2000s with a 1999 birth date is refused, naming digit 4")
    func centuryMismatch() {
        #expect {
            try check("001299012345", "1999-03-04", .male)
        } throws: { error in
            "\(error)".contains("digit 4 is 2") && "\(error)".contains("needs 0")
        }
    }

    @Test("Gender is part of digit 4")
    func genderMismatch() {
        #expect(throws: DomainError.self) { try check("001099012345", "1999-03-04", .female) }
        #expect(throws: Never.self) { try check("001199012345", "1999-03-04", .female) }
    }

    @Test(
        "Each failure names the part that is wrong",
        arguments: [
            ("00109901234", "exactly 12 digits"),
            ("00109901234a", "exactly 12 digits"),
            ("003099012345", "digits 1-3 '003'"),
            ("001098012345", "digits 5-6 are '98'"),
        ])
    func failures(number: String, expected: String) {
        #expect {
            try check(number, "1999-03-04", .male)
        } throws: { error in
            "\(error)".contains(expected)
        }
    }

    @Test("Centuries up to the 2300s map to digits 0-9")
    func centuries() throws {
        try check("001405012345", "2105-01-01", .male)
        try check("001905012345", "2305-01-01", .female)
    }
}
