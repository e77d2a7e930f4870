import Foundation
import GRDB
import Testing

/// A citizen's chip card read by the desk's USB QR reader: in a script (`case add --qr`), at the shell prompt
/// and at the guided entry's applicant questions. QR texts are built from the test's own data.
@Suite(.serialized, .tags(.terminal))
struct QRScanTests {
    static func qr(
        id: String = "079301234567", old: String = "025123456", name: String = "Trần Thị Hoa",
        born: String = "30112001", gender: String = "Nữ", address: String = "12 Lê Lợi, Bến Nghé",
        issued: String = "15032021"
    ) -> String {
        [id, old, name, born, gender, address, issued].joined(separator: "|")
    }

    @Test(
        "case add --qr records the card's applicant with the old CMND; a bad scan or a mix with typed fields writes nothing"
    )
    func scripted() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let added = try home.run(["case", "add", "--procedure", "1.001193", "--qr", Self.qr(), "--json"])
        #expect(added.status == 0, "\(added.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any])
        let applicant = try #require(json["applicant"] as? [String: Any])
        #expect(applicant["name"] as? String == "Trần Thị Hoa")
        #expect(applicant["id_number"] as? String == "079301234567")
        #expect(applicant["old_id_number"] as? String == "025123456")
        #expect(applicant["date_of_birth"] as? String == "2001-11-30")
        #expect(applicant["gender"] as? String == "female")
        #expect(applicant["address"] as? String == "12 Lê Lợi, Bến Nghé")
        // Found by the old number too.
        let found = try home.run(["case", "find", "025123456"])
        #expect(found.stdout.contains(json["code"] as? String ?? "-"))

        let before = try home.storedNames()
        let wrongGender = try home.run(["case", "add", "--procedure", "1.001193", "--qr", Self.qr(gender: "Nam")])
        #expect(wrongGender.status == 65)
        #expect(wrongGender.stderr.contains("ID number: digit 4"))
        let shortScan = try home.run(["case", "add", "--procedure", "1.001193", "--qr", "079301234567|Trần Thị Hoa"])
        #expect(shortScan.status == 65)
        #expect(shortScan.stderr.contains("7 fields"))
        let mixed = try home.run(["case", "add", "--procedure", "1.001193", "--qr", Self.qr(), "--name", "X Y"])
        #expect(mixed.status == 64)
        #expect(try home.storedNames() == before, "nothing was written")
    }

    @Test("A card scanned at the prompt (reader sends CR LF) starts new with the applicant filled; saved on confirm")
    func scanAtPrompt() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        let name = "Trần Thị Hoa".decomposedStringWithCanonicalMapping
        terminal.send(Self.qr(name: name) + "\r\n")
        mark = try terminal.expect("Card read: Trần Thị Hoa, born 2001-11-30, female, CCCD 079301234567", after: mark)
        // The reader's LF did not answer the procedure: it is still asked.
        mark = try terminal.expect("Procedure (code or name, Tab to complete):", after: mark)
        terminal.line("1.001193")
        mark = try terminal.expect("Phone", after: mark)
        #expect(!terminal.screen[mark...].contains("Applicant's full name"), "the card answered the applicant")
        terminal.line("")
        for prompt in [
            "originals copies", "originals copies", "originals copies", "originals copies", "Other documents",
            "Fee in VND [0]", "Summary",
        ] {
            mark = try terminal.expect(prompt, after: mark)
            terminal.line("")
        }
        mark = try terminal.expect("Dossier 02266-", after: mark)
        terminal.send("y\r")
        try terminal.expect("Saved 02266-", after: mark)
        #expect(try home.storedNames() == ["Trần Thị Hoa"])
    }

    @Test("At an applicant question a bad scan is refused and fills nothing; a good one fills and moves on")
    func scanInEntry() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("new")
        mark = try terminal.expect("Procedure", after: mark)
        terminal.line("1.001193")
        mark = try terminal.expect("Applicant's full name:", after: mark)
        terminal.line(Self.qr(issued: "01012030"))
        mark = try terminal.expect("Error: card issue date: must not be in the future", after: mark)
        mark = try terminal.expect("Applicant's full name:", after: mark)
        terminal.line(Self.qr(old: ""))
        mark = try terminal.expect("Card read: Trần Thị Hoa", after: mark)
        try terminal.expect("Phone", after: mark)
    }
}
