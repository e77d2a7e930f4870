import Foundation
import GRDB
import Testing

/// Bad input gets one clear line, exit 65 (or 64 for a malformed command line), and writes nothing.
@Suite(.serialized)
struct InvalidInputTests {
    static func snapshot(_ home: TestHome) throws -> [Int] {
        try DatabaseQueue(path: home.databasePath).read { db in
            try ["cases", "case_events", "outbox", "code_sequences", "officers"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0)") ?? -1
            }
        }
    }

    static func replacing(_ option: String, with value: String) -> [String] {
        var arguments = TestHome.validCase
        let index = arguments.firstIndex(of: option)!
        arguments[index + 1] = value
        return arguments
    }

    /// One bad input; its label names it in the test report instead of the (sometimes 10,000-character) value.
    struct BadCase: CustomTestStringConvertible, Sendable {
        let label: String
        let arguments: [String]
        let field: String
        var testDescription: String { label }
    }

    static let badCases: [BadCase] = [
        BadCase(
            label: "CCCD century digit", arguments: replacing("--id-number", with: "001299012345"), field: "ID number"),
        BadCase(label: "CCCD too short", arguments: replacing("--id-number", with: "12345"), field: "ID number"),
        BadCase(
            label: "future date of birth", arguments: replacing("--dob", with: "2030-01-01"), field: "date of birth"),
        BadCase(label: "impossible date", arguments: replacing("--dob", with: "1999-02-30"), field: "date of birth"),
        BadCase(label: "unknown procedure", arguments: replacing("--procedure", with: "9.999999"), field: "procedure"),
        BadCase(
            label: "SQL in procedure", arguments: replacing("--procedure", with: "1.001193'; DROP TABLE cases; --"),
            field: "procedure"),
        BadCase(label: "empty name", arguments: replacing("--name", with: ""), field: "name"),
        BadCase(
            label: "10,000-character name",
            arguments: replacing("--name", with: String(repeating: "Đức ", count: 2500)), field: "name"),
        BadCase(
            label: "control characters in name", arguments: replacing("--name", with: "Lan\u{07}\u{1B}[2J"),
            field: "name"),
        BadCase(
            label: "SQL in name", arguments: replacing("--name", with: "Robert'); DROP TABLE cases;--"), field: "name"),
        BadCase(label: "bad phone", arguments: TestHome.validCase + ["--phone", "12345"], field: "phone"),
        BadCase(
            label: "received in the future", arguments: TestHome.validCase + ["--received-at", "2025-06-11T09:00"],
            field: "received at"),
        BadCase(
            label: "document without counts", arguments: TestHome.validCase + ["--document", "Giấy chứng sinh"],
            field: "document"),
        BadCase(
            label: "control character in address", arguments: TestHome.validCase + ["--address", "thôn\u{1}Nà Làng"],
            field: "address"),
        BadCase(label: "negative fee", arguments: TestHome.validCase + ["--fee=-5"], field: "fee"),
    ]

    @Test("case add refuses bad data with exit 65, naming the field", arguments: badCases)
    func badCaseData(_ bad: BadCase) throws {
        let (arguments, field) = (bad.arguments, bad.field)
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let before = try Self.snapshot(home)
        let result = try home.run(arguments)
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("Error: \(field)"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(result.stderr.count < 300)
        #expect(result.stdout.isEmpty)
        #expect(try Self.snapshot(home) == before)
    }

    @Test("init refuses an unknown commune, a bad terminal, name or PIN and creates nothing")
    func badInit() throws {
        let cases: [([String], Int32, String)] = [
            (["--commune", "99999", "--terminal", "1", "--officer", "Lan"], 65, "Error: commune"),
            (["--commune", "02266", "--terminal", "12", "--officer", "Lan"], 65, "Error: terminal"),
            (["--commune", "02266", "--terminal", "1", "--officer", "x;--"], 65, "Error: officer"),
            (["--commune", "02266", "--terminal", "1", "--officer", "Lan", "--pin", "12"], 65, "Error: PIN"),
            (["--commune", "02266", "--terminal", "one", "--officer", "Lan"], 64, "Error:"),
        ]
        for (arguments, status, prefix) in cases {
            let home = try TestHome()
            defer { home.remove() }
            let result = try home.run(["init"] + arguments)
            #expect(result.status == status, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix(prefix), "\(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: home.databasePath))
        }
    }

    @Test("A malformed command line is a usage error (64) with one line that points to --help")
    func usage() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        for arguments in [["case", "add", "--procedure"], ["case", "frobnicate"], ["case", "add", "--gender", "x"]] {
            let result = try home.run(arguments)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.hasPrefix("Error: "))
            #expect(result.stderr.contains("--help"))
        }
    }

    @Test("With several officers, acting needs --as; an unknown officer is refused")
    func officerChoice() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(["officer", "add", "Vàng A Sử", "--role", "officer", "--pin", "135790"]).status == 0)
        let ambiguous = try home.run(TestHome.validCase)
        #expect(ambiguous.status == 64)
        #expect(ambiguous.stderr.contains("--as"))
        #expect(try home.run(TestHome.validCase + ["--as", "Nobody"]).status == 64)
        #expect(
            try home.run(TestHome.validCase + ["--as", "vang a su"], environment: ["FIELDCASE_PIN": "135790"]).status
                == 0)
        #expect(try home.run(TestHome.validCase, environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]).status == 0)
    }

    @Test(
        "A row damaged past SQLite's checks is one line naming table, dossier and column (exit 65); nothing changes",
        arguments: [
            ("cases", "status", "'bogus'"), ("cases", "due_at", "'abc'"), ("cases", "documents", "'not json'"),
            ("cases", "received_at", "X'00'"),
        ])
    func damagedRow(table: String, column: String, value: String) throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try DatabaseQueue(path: home.databasePath).writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA ignore_check_constraints = ON")
            try db.execute(sql: "UPDATE \(table) SET \(column) = \(value)")
        }
        let before = try Self.snapshot(home)
        for arguments in [["case", "list"], ["case", "show", code], ["case", "status", code, "processing"]] {
            let result = try home.run(arguments)
            #expect(result.status == 65, "\(arguments)")
            #expect(
                result.stderr
                    == "Error: the database is damaged: unreadable \(column) in \(table) row \(code); nothing was changed\n",
                "\(arguments)")
            #expect(result.stdout.isEmpty, "\(arguments)")
        }
        #expect(try Self.snapshot(home) == before)
    }
}
