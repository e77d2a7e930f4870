import Foundation
import GRDB
import Testing

/// The shell as an officer meets it: the real binary on a pseudo-terminal.
@Suite(.serialized, .tags(.terminal))
struct ShellTests {
    /// The applicants' names as stored, in code order: read through the binary, since they are sealed.
    func storedNames(_ home: TestHome) throws -> [String] {
        try home.storedNames()
    }

    @Test("A first start walks through set-up, then the banner and prompt show commune and queue")
    func firstStart() throws {
        let home = try TestHome()
        defer { home.remove() }
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        try terminal.expect("Commune (code or name, Tab to complete):")
        terminal.type("lam bi" + PseudoTerminal.tab)
        try terminal.expect("02266 Xã Lâm Bình")
        terminal.line("")
        try terminal.expect("(1-9):")
        terminal.line("3")
        // The unit code the province registered: dossier codes begin with it.
        try terminal.expect("Unit code of dossier codes (Enter: 02266):")
        terminal.line("000 00")
        try terminal.expect("Error: unit code")
        terminal.line("000.00.06.H56")
        try terminal.expect("Your full name")
        terminal.line("Nguyễn Thị Lan")
        try terminal.expect("Choose a PIN")
        terminal.line("246810")
        try terminal.expect("PIN again")
        terminal.line("246810")
        try terminal.expect(
            "officer: Nguyễn Thị Lan\n0 overdue · 0 due soon · outbox empty · last sync never · warning: not enrolled")
        let wide = terminal.screen.split(separator: "\n").filter {
            !$0.contains(home.url.path) && VietnameseWidth.of(String($0)) > 80
        }
        #expect(wide.isEmpty, "\(wide)")
        try terminal.expect("02266 ↑0>")
        #expect(!terminal.screen.contains("246810"), "the PIN is never echoed")
        terminal.type(PseudoTerminal.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let history = (try? String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)) ?? ""
        #expect(!history.contains("246810"))
        let code = try home.run(TestHome.validCase).stdout
        #expect(code.hasPrefix("000.00.06.H56-250610-3001"), "the unit code given at set-up: \(code)")
    }

    @Test("Set-up asks the commune again when no unit or several (in other provinces) have the name typed")
    func setupCommuneAskedAgain() throws {
        let home = try TestHome()
        defer { home.remove() }
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        var mark = try terminal.expect("Commune (code or name, Tab to complete):")
        terminal.line("Xã Không Có")
        mark = try terminal.expect("No commune, ward or special zone is called 'Xã Không Có'", after: mark)
        mark = try terminal.expect("Commune (code or name", after: mark)
        terminal.line("tan tien")
        let several = try terminal.expect("Several units have that name; type the code of yours:", after: mark)
        // The list is whole once the question after it is on the screen.
        mark = try terminal.expect("Commune (code or name", after: several)
        #expect(terminal.screen[several..<mark].contains("Xã Tân Tiến ("), "each with its province")
        terminal.line("lam binh")
        mark = try terminal.expect("(1-9):", after: mark)
        terminal.line("3")
        mark = try terminal.expect("Unit code", after: mark)
        terminal.line("")
        mark = try terminal.expect("Your full name", after: mark)
        terminal.line("Nguyễn Thị Lan")
        mark = try terminal.expect("Choose a PIN", after: mark)
        terminal.line("246810")
        mark = try terminal.expect("PIN again", after: mark)
        terminal.line("246810")
        try terminal.expect("02266 ↑0>", after: mark)
    }

    @Test("Set-up hands every answer to init as a value: a name that begins with '-' is not taken for an option")
    func setupNameLikeAnOption() throws {
        let home = try TestHome()
        defer { home.remove() }
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        var mark = try terminal.expect("Commune (code or name")
        for answer in ["02266", "1", "", "-Lan Nguyễn", "246810", "246810"] {
            terminal.line(answer)
            mark = try terminal.expect(
                answer == "02266" ? "(1-9):" : answer == "1" ? "Unit code" : answer == "" ? "Your full name" : ":",
                after: mark)
        }
        try terminal.expect("02266 ↑0>", after: mark)
        #expect(try home.run(["officer", "list", "--json"]).stdout.contains("\"-Lan Nguyễn\""))
    }

    @Test(
        "Guided entry: NFD name, a refused CCCD asked again, Tab on a Vietnamese procedure name, saved with code and due date"
    )
    func guidedEntry() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        try terminal.expect("02266 ↑0>")
        terminal.line("new")
        // The first action of a session asks the officer's PIN, without echo.
        try terminal.expect("PIN for Nguyễn Thị Lan:")
        terminal.line("246810")
        try terminal.expect("Procedure (code or name, Tab to complete):")
        #expect(!terminal.screen.contains("246810"))
        // The whole name, folded: "khai sinh" alone now begins a dozen procedures of the catalog.
        terminal.type("dang ky khai sinh" + PseudoTerminal.tab)
        var mark = try terminal.expect("Đăng ký khai sinh")
        terminal.line("")
        mark = try terminal.expect("Applicant's full name:", after: mark)
        terminal.line("Nguyễn Văn Đức".decomposedStringWithCanonicalMapping)
        mark = try terminal.expect("Date of birth", after: mark)
        terminal.line("1999-03-04")
        mark = try terminal.expect("Gender", after: mark)
        terminal.line("male")
        mark = try terminal.expect("ID document", after: mark)
        terminal.line("")
        mark = try terminal.expect("ID number:", after: mark)
        terminal.line("001299012345")
        mark = try terminal.expect("Error: ID number: digit 4 is 2", after: mark)
        mark = try terminal.expect("ID number:", after: mark)
        terminal.line("001099012345")
        mark = try terminal.expect("Phone", after: mark)
        terminal.line("0912345678")
        mark = try terminal.expect("Address", after: mark)
        terminal.line("thôn Nà Làng")
        for _ in 0..<4 {
            mark = try terminal.expect("originals copies", after: mark)
            terminal.line("")
        }
        mark = try terminal.expect("Other documents", after: mark)
        terminal.line("")
        mark = try terminal.expect("Fee in VND [0]", after: mark)
        terminal.line("")
        mark = try terminal.expect("Summary", after: mark)
        terminal.line("")
        mark = try terminal.expect("Dossier 02266-250610-1001 · due 2025-06-10 17:00", after: mark)
        terminal.line("y")
        try terminal.expect("Saved 02266-250610-1001. Due 2025-06-10 17:00", after: mark)
        try terminal.expect("02266 ↑1>", after: mark)
        let names = try storedNames(home)
        #expect(names.count == 1)
        #expect(
            names.first.map { Array($0.unicodeScalars) }
                == Array("Nguyễn Văn Đức".precomposedStringWithCanonicalMapping.unicodeScalars))
        let drafts = try DatabaseQueue(path: home.databasePath).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drafts")
        }
        #expect(drafts == 0, "the draft goes with the saved case")
    }

    @Test("scan CODE: each checklist paper in turn, a page from the scanner and one from a file, on the real binary")
    func scanPapers() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let added = try home.run(TestHome.validCase + ["--document", "Tờ khai:1:0", "--document", "CCCD:0:1"])
        try #require(added.status == 0, "\(added.stderr)")
        let code = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        // A stand-in scanner on the PATH, printing one PNG page, and a scanned PDF beside it.
        let folder = home.url.deletingLastPathComponent().appendingPathComponent("scanner")
        let script = try PageFiles.write(
            Data("#!/bin/sh\nprintf '\\211PNG\\r\\n\\032\\n'\n/usr/bin/head -c 5000 /dev/zero\n".utf8),
            named: "scanimage",
            in: folder)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        let pdf = try PageFiles.write(PageFiles.pdf(bytes: 8_000, seed: 3), named: "cccd.pdf", in: folder)
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        let terminal = try PseudoTerminal(home: home, environment: ["PATH": folder.path + ":" + path])
        defer { terminal.close() }
        try terminal.expect("02266 ↑1>")
        terminal.line("scan " + code)
        try terminal.expect("PIN for Nguyễn Thị Lan:")
        terminal.line("246810")
        var mark = try terminal.expect("Paper 1, Tờ khai: Enter scans a page")
        terminal.line("")
        mark = try terminal.expect("attached scanner (PNG", after: mark)
        mark = try terminal.expect("Paper 1, Tờ khai", after: mark)
        terminal.line("-")
        mark = try terminal.expect("Paper 2, CCCD", after: mark)
        terminal.line(pdf)
        mark = try terminal.expect("attached \(pdf) (PDF", after: mark)
        mark = try terminal.expect("Paper 2, CCCD", after: mark)
        terminal.line("-")
        try terminal.expect("\(code): 2 page(s) attached.", after: mark)
        let shown = try #require(try home.json(["case", "show", code, "--json"]) as? [String: Any])
        let pages = try #require(shown["pages"] as? [[String: Any]])
        #expect(
            pages.map { $0["component"] as? Int } == [1, 2]
                && pages.map { $0["stage"] as? String } == ["intake", "intake"])
    }

    @Test("Ctrl-C during entry keeps a draft; resume continues from the next question")
    func ctrlCThenResume() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        try terminal.expect("02266 ↑0>")
        terminal.line("new")
        try terminal.expect("PIN for Nguyễn Thị Lan:")
        terminal.line("246810")
        var mark = try terminal.expect("Procedure")
        terminal.line("1.004222")
        mark = try terminal.expect("Applicant's full name:", after: mark)
        terminal.line("Trần Thị Hoa")
        mark = try terminal.expect("Date of birth", after: mark)
        terminal.type(PseudoTerminal.ctrlC)
        mark = try terminal.expect("Keep the answers as a draft? [Y/n]", after: mark)
        terminal.line("")
        mark = try terminal.expect("Kept as draft 1; 'resume 1' continues it.", after: mark)
        mark = try terminal.expect("02266 ↑0>", after: mark)
        terminal.line("drafts")
        mark = try terminal.expect("Trần Thị Hoa", after: mark)
        terminal.line("resume 1")
        mark = try terminal.expect("Resuming draft 1.", after: mark)
        try terminal.expect("Date of birth", after: mark)
        #expect(try storedNames(home).isEmpty, "drafts never become cases or outbox items by themselves")
        let outbox = try DatabaseQueue(path: home.databasePath).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox")
        }
        #expect(outbox == 0)
    }

    @Test("Up recalls the last line from history; Ctrl-C on the prompt does not leave; Ctrl-D exits cleanly")
    func historyAndExit() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        // One procedure's card: the whole catalog (204 procedures) would open the pager.
        terminal.line("catalog 1.004222")
        mark = try terminal.expect("Đăng ký thường trú", after: mark)
        terminal.type("case li")
        terminal.type(PseudoTerminal.ctrlC)
        mark = try terminal.expect("^C", after: mark)
        mark = try terminal.expect("02266 ↑0>", after: mark)
        terminal.type(PseudoTerminal.up)
        terminal.line("")
        mark = try terminal.expect("Đăng ký thường trú", after: mark)
        #expect(terminal.occurrences(of: "Đăng ký thường trú") == 2)
        // Ctrl-D at the prompt, not while the command still prints (the terminal would hand it to no one).
        try terminal.expect("02266 ↑0>", after: mark)
        terminal.type(PseudoTerminal.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let history = try String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("catalog"))
    }

    @Test("One PIN per shell session: a line that signs in and then fails keeps the officer in; quit ends with 0")
    func signInOncePerSession() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("case show 02266-250610-1999")
        mark = try terminal.expect("PIN for Nguyễn Thị Lan:", after: mark)
        terminal.line("246810")
        mark = try terminal.expect("Error: ", after: mark)
        terminal.line("case list")
        mark = try terminal.expect("No dossiers.", after: mark)
        #expect(terminal.occurrences(of: "PIN for") == 1, "the PIN was asked once")
        terminal.line("quit")
        #expect(terminal.waitForExit() == 0)
    }

    @Test("Unknown commands suggest the nearest; bad lines get one error and the shell goes on")
    func badLines() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        terminal.line("caes list")
        mark = try terminal.expect("did you mean 'case'?", after: mark)
        terminal.line("case find \"open")
        mark = try terminal.expect("unbalanced quote", after: mark)
        terminal.line(
            "case add --name \"x'); DROP TABLE cases;--\" --procedure 1.001193 --id-number 1 --dob 1999-01-01 --gender male"
        )
        mark = try terminal.expect("Error: ", after: mark)
        terminal.line("case list")
        try terminal.expect("No dossiers.", after: mark)
    }
}

import FieldCaseCore

/// Display width as a terminal counts it.
enum VietnameseWidth {
    static func of(_ text: String) -> Int { VietnameseText.displayWidth(text) }
}
