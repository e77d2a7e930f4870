import Foundation
import Testing

/// Tab completes each kind of value the command tree declares, in the shell on a terminal and in the bash
/// script argument-parser generates, which asks the same hidden `fieldcase complete`.
@Suite(.serialized, .tags(.terminal))
struct CompletionTests {
    /// A desk with two dossiers (codes 02266-250610-1001 and -1002) and a second officer.
    static func desk() throws -> (TestHome, code: String) {
        let home = try TestHome()
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try home.run(TestHome.validCase)
        let added = try home.run(["officer", "add", "Trần Văn Bình", "--role", "officer", "--pin", "135790"])
        try #require(added.status == 0, "\(added.stderr)")
        return (home, code)
    }

    @Test("In the shell, Tab completes codes, statuses, officers, formats, procedures and files")
    func shell() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        let folder = home.url.deletingLastPathComponent().path
        FileManager.default.createFile(atPath: folder + "/thang-sau.csv", contents: nil)
        let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑2>")
        let cases: [(typed: String, shown: String)] = [
            ("case show 02266-250610-100" + PseudoTerminal.tab + PseudoTerminal.tab, "02266-250610-1002"),
            // The first Tab completes what the codes share, the second lists them (not a bell and a third Tab).
            ("case show 02266-2" + PseudoTerminal.tab + PseudoTerminal.tab, "02266-250610-1001  02266-250610-1002"),
            ("case receipt 0" + PseudoTerminal.tab, "case receipt 02266-250610-100"),
            ("case status \(code) proc" + PseudoTerminal.tab, "case status \(code) processing"),
            ("login Tr" + PseudoTerminal.tab, "login Trần Văn Bình"),
            ("case list --as Tr" + PseudoTerminal.tab, "case list --as Trần\\ Văn\\ Bình"),
            ("officer pin Ng" + PseudoTerminal.tab, "officer pin Nguyễn Thị Lan"),
            ("export --format j" + PseudoTerminal.tab, "export --format json"),
            ("case add --procedure 1.00119" + PseudoTerminal.tab, "case add --procedure 1.001193"),
            ("export --format csv --out \(folder)/thang-" + PseudoTerminal.tab, "--out \(folder)/thang-sau.csv"),
        ]
        for (typed, shown) in cases {
            terminal.type(typed)
            mark = try terminal.expect(shown, after: mark)
            // Ctrl-C drops the line: nothing typed for the test runs.
            terminal.type("\u{03}")
            mark = try terminal.expect("02266 ↑2>", after: mark)
        }
        terminal.line("quit")
        #expect(terminal.waitForExit() == 0)
    }

    /// What the generated bash script offers for `words` (the last one being completed).
    static func bash(_ words: [String], home: TestHome, script: String) throws -> [String] {
        let line = words.joined(separator: " ")
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let program = """
            source '\(script)'
            COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); COMP_LINE='\(line)'; COMP_POINT=${#COMP_LINE}
            _fieldcase fieldcase '\(words.last!)' '\(words[words.count - 2])'
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", program]
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = FieldCaseBinary.url.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "")
        environment["FIELDCASE_HOME"] = home.url.path
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test("The generated bash script completes the same values through the hidden 'fieldcase complete'")
    func bashScript() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        let generated = try home.run(["--generate-completion-script", "bash"])
        let script = home.url.deletingLastPathComponent().appendingPathComponent("fieldcase.bash")
        try generated.stdout.write(to: script, atomically: true, encoding: .utf8)
        #expect(
            try Self.bash(["fieldcase", "case", "show", "02266-"], home: home, script: script.path).sorted() == [
                code, "02266-250610-1002",
            ])
        #expect(
            try Self.bash(["fieldcase", "case", "status", code, "res"], home: home, script: script.path) == [
                "resolved"
            ])
        #expect(try Self.bash(["fieldcase", "export", "--format", "c"], home: home, script: script.path) == ["csv"])
        #expect(
            try Self.bash(["fieldcase", "case", "add", "--procedure", "1.00119"], home: home, script: script.path) == [
                "1.001193"
            ])
        for shell in ["zsh", "fish"] {
            let other = try home.run(["--generate-completion-script", shell]).stdout
            #expect(
                other.contains("fieldcase complete codes") && other.contains("fieldcase complete officers"), "\(shell)")
        }
        // The hidden helper itself: not in the help, and nothing without a home.
        #expect(!(try home.run(["--help"]).stdout.contains("complete")))
        let empty = try TestHome()
        #expect(try empty.run(["complete", "codes"]).stdout.isEmpty)
    }
}
