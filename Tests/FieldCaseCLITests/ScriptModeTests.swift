import Foundation
import GRDB
import Testing

/// `fieldcase shell` reading commands from a pipe: what supervisors script.
@Suite(.serialized)
struct ScriptModeTests {
    func caseCount(_ home: TestHome) throws -> Int {
        try DatabaseQueue(path: home.databasePath).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? -1
        }
    }

    static let add =
        "case add --procedure 1.001193 --name 'Nguyễn Văn Đức' --id-number 001099012345 --dob 1999-03-04 --gender male"

    @Test("Lines run in order and print only command output: no prompt, no banner, no colour")
    func plainOutput() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let result = try home.script(["# a comment", Self.add, "", "case list --json"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("02266-250610-1001\n["))
        #expect(!result.stdout.contains("↑"))
        #expect(!result.stdout.contains("\u{1B}"))
        #expect(result.stderr.isEmpty)
    }

    @Test("help lists every command of the tree (init aside: the shell's walkthrough runs it)")
    func helpCoversTheTree() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let help = try home.script(["help"]).stdout
        let commands = try home.commandNames()
        #expect(commands.count > 10)
        for command in commands where !["init", "shell", "help"].contains(command) {
            #expect(help.contains("\n  \(command)"), "help does not mention \(command)")
        }
    }

    @Test("The first failing line stops the script with its exit code, unless --keep-going")
    func stopsAtFirstFailure() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let lines = [
            Self.add, "case add --procedure 9.9 --name X --id-number 1 --dob 1999-01-01 --gender male", Self.add,
        ]
        let stopped = try home.script(lines)
        #expect(stopped.status == 65)
        #expect(stopped.stderr.hasPrefix("fieldcase: stdin:2: Error: procedure"), "errors name the script line")
        #expect(try caseCount(home) == 1)
        let kept = try home.script(lines, arguments: ["--keep-going"])
        #expect(kept.status == 65)
        #expect(try caseCount(home) == 3)
    }

    @Test(
        "Unknown commands, unbalanced quotes, invalid UTF-8, control characters and 100 KB lines each get one error line"
    )
    func badLines() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var input = Array("caes list\ncase find 'open\n".utf8)
        input += [0x63, 0x61, 0x73, 0x65, 0x20, 0xFF, 0xFE, 0x0A]
        input += Array("case find \u{1B}[2J\n".utf8)
        input += Array(("case find " + String(repeating: "a", count: 100_000) + "\n").utf8)
        input += Array("SELECT * FROM cases; --\nshell\nnew\ncase list | head\n".utf8)
        let result = try home.script(input, arguments: ["--keep-going"])
        let errors = result.stderr.split(separator: "\n")
        #expect(errors.count == 9, "\(result.stderr)")
        for (index, error) in errors.enumerated() {
            #expect(error.hasPrefix("fieldcase: stdin:\(index + 1): Error: "), "\(error)")
        }
        #expect(errors[0].contains("did you mean 'case'?"))
        #expect(errors[1].contains("unbalanced quote"))
        #expect(errors[2].contains("UTF-8"))
        #expect(errors[3].contains("control characters"))
        #expect(errors[4].contains("longer than"))
        #expect(errors[8].contains("pipes are not supported"))
        #expect(result.status == 64)
        #expect(try caseCount(home) == 0)
    }

    @Test("A home that was never set up is an error in a script, not a set-up walkthrough")
    func notInitialized() throws {
        let home = try TestHome()
        defer { home.remove() }
        let result = try home.script(["case list"])
        #expect(result.status == 78)
        #expect(result.stderr.contains("fieldcase init"))
    }
}

/// Vietnamese when the locale says so; JSON the same in both languages.
@Suite(.serialized)
struct LanguageTests {
    @Test("LANG=vi selects the Vietnamese catalog; JSON output is identical in both languages")
    func vietnamese() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        _ = try home.script([ScriptModeTests.add])
        let english = try home.scriptWith(["help", "caes"], environment: [:])
        let viHelp = try home.scriptWith(["help", "caes"], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(english.stdout.contains("Dossiers"))
        #expect(viHelp.stdout.contains("Hồ sơ"))
        #expect(viHelp.stderr.contains("Lỗi: không có lệnh 'caes'"))
        let viError = try home.run(
            InvalidInputTests.replacing("--id-number", with: "001299012345"), environment: ["LANG": "vi_VN.UTF-8"])
        #expect(viError.status == 65)
        #expect(viError.stderr.hasPrefix("Lỗi: số giấy tờ: chữ số thứ 4 là 2 nhưng nam sinh năm 1999 phải là 0"))
        let englishJSON = try home.scriptWith(
            ["case list --json", "case show 02266-250610-1001 --json"], environment: [:])
        let vietnameseJSON = try home.scriptWith(
            ["case list --json", "case show 02266-250610-1001 --json"], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(englishJSON.stdout.contains("\"code\" : \"02266-250610-1001\""))
        #expect(englishJSON.stdout == vietnameseJSON.stdout)
        let noColor = try home.scriptWith(["help"], environment: ["NO_COLOR": "1"])
        #expect(!noColor.stdout.contains("\u{1B}"))
    }
}
