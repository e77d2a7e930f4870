import Testing

@testable import FieldCaseDomain

struct VietnameseTextTests {
    let nfc = "Nguyễn Văn Đức"
    var nfd: String { nfc.decomposedStringWithCanonicalMapping }

    @Test("NFD input is stored NFC")
    func storesNFC() {
        #expect(Array(nfd.unicodeScalars) != Array(nfc.unicodeScalars))
        #expect(Array(VietnameseText.normalized(nfd).unicodeScalars) == Array(nfc.unicodeScalars))
        #expect(VietnameseText.normalized("  Trần   Thị\tHoa ") == "Trần Thị Hoa")
    }

    @Test("Folding removes case and diacritics and maps đ/Đ to d, whatever the Unicode form")
    func folds() {
        #expect(VietnameseText.folded(nfc) == "nguyen van duc")
        #expect(VietnameseText.folded(nfd) == "nguyen van duc")
        #expect(VietnameseText.folded("ĐẶNG đình") == "dang dinh")
        #expect(VietnameseText.folded("Đăng ký khai sinh") == "dang ky khai sinh")
    }

    @Test("Display width counts letters with diacritics once, in either form, and CJK twice")
    func width() {
        #expect(VietnameseText.displayWidth(nfc) == 14)
        #expect(VietnameseText.displayWidth(nfd) == 14)
        #expect(VietnameseText.displayWidth("漢字") == 4)
    }

    @Test("Names: letters and spaces only, 1-200 characters, no control characters")
    func names() throws {
        #expect(try TextRules.personName(nfd) == nfc)
        #expect(try TextRules.personName("H'Hen Niê") == "H'Hen Niê")
        #expect(throws: DomainError.self) { try TextRules.personName("   ") }
        #expect(throws: DomainError.self) { try TextRules.personName(String(repeating: "a", count: 201)) }
        #expect(throws: DomainError.self) { try TextRules.personName("Lan\u{1B}[31m") }
        #expect(throws: DomainError.self) { try TextRules.personName("x'); DROP TABLE cases;--") }
        #expect(throws: DomainError.self) { try TextRules.personName("--") }
    }
}
