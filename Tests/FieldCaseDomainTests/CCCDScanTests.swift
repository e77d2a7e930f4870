import Foundation
import Testing

@testable import FieldCaseDomain

/// QR texts built from the test's own data, as a desk's USB reader types them.
struct CCCDScanTests {
    let catalog = try! Catalog.embedded()
    static let today = LocalDate(iso: "2025-06-10")!

    static func qr(
        id: String = "079301234567", old: String = "025123456", name: String = "Trần Thị Hoa",
        born: String = "30112001", gender: String = "Nữ", address: String = "12 Lê Lợi, Bến Nghé, Hồ Chí Minh",
        issued: String = "15032021"
    ) -> String {
        [id, old, name, born, gender, address, issued].joined(separator: "|")
    }

    func scan(_ text: String) throws(DomainError) -> CCCDScan {
        try CCCDScan(scanned: text, today: Self.today, catalog: catalog)
    }

    @Test("A scan fills ID type and number, name, date of birth, gender, address, and keeps the old CMND")
    func goodScan() throws {
        let applicant = try scan(Self.qr()).applicant
        #expect(applicant.idType == .cccd && applicant.idNumber == "079301234567")
        #expect(applicant[.oldIDNumber] == "025123456")
        #expect(applicant.name == "Trần Thị Hoa")
        #expect(applicant.dateOfBirth == LocalDate(iso: "2001-11-30"))
        #expect(applicant.gender == .female)
        #expect(applicant[.address] == "12 Lê Lợi, Bến Nghé, Hồ Chí Minh")
    }

    @Test("A name typed in NFD, a reader that ends with CR LF, an empty old number and NFD 'Nữ' all read")
    func readerQuirks() throws {
        let text =
            Self.qr(
                old: "", name: "Trần Thị Hoa".decomposedStringWithCanonicalMapping,
                gender: "Nữ".decomposedStringWithCanonicalMapping) + "\r\n"
        let scanned = try scan(text)
        #expect(scanned.name == "Trần Thị Hoa", "stored in NFC like a typed name")
        #expect(scanned.oldIDNumber == nil)
        #expect(scanned.gender == .female)
        #expect(try scan(Self.qr(id: "001099012345", born: "04031999", gender: "Nam")).gender == .male)
    }

    @Test(
        "Bad scans are refused naming what is wrong; nothing is filled",
        arguments: [
            (qr(id: "079301234567|extra"), Field.qrScan),
            ("079301234567|025123456|Trần Thị Hoa|30112001|Nữ|12 Lê Lợi", Field.qrScan),
            (qr(born: "31022001"), Field.dateOfBirth),
            (qr(born: "2001-11-30"), Field.dateOfBirth),
            (qr(id: "079201234567"), Field.idNumber),  // digit 4 says born in the 1900s
            (qr(gender: "Nam"), Field.idNumber),  // digit 4 says female
            (qr(id: "079351234567"), Field.idNumber),  // digits 5-6 contradict the birth year
            (qr(issued: "01012030"), Field.issuedOn),
            (qr(issued: "01011990"), Field.issuedOn),
            (qr(old: "12345"), Field.detail(.oldIDNumber)),
            (qr(gender: "X"), Field.gender),
            (qr(name: ""), Field.name),
        ])
    func badScans(text: String, field: Field) {
        #expect {
            try scan(text)
        } throws: { error in
            guard case .invalidField(let refused, _) = error as? DomainError else { return false }
            return refused == field
        }
    }

    @Test("A refused scan is said in both languages")
    func messages() {
        let error = DomainError.invalidField(.qrScan, .qrFieldCount(got: 6))
        #expect(error.text(in: .english).contains("7 fields"))
        #expect(error.text(in: .vietnamese).contains("7 trường"))
    }

    @Test("The old CMND number is written only when there is one, and read back")
    func oldNumberOnTheWire() throws {
        var applicant = try scan(Self.qr()).applicant
        let data = try JSONEncoder().encode(applicant)
        #expect(String(decoding: data, as: UTF8.self).contains("\"old_id_number\":\"025123456\""))
        #expect(try JSONDecoder().decode(Applicant.self, from: data) == applicant)
        applicant[.oldIDNumber] = nil
        #expect(!String(decoding: try JSONEncoder().encode(applicant), as: UTF8.self).contains("old_id_number"))
    }
}
