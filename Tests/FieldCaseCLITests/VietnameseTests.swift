import Foundation
import Testing

/// The desk in Vietnamese, as an officer whose laptop says `LANG=vi_VN.UTF-8` meets it: every help text, every
/// listing, message and error. English words are found by running the same session in English: a word the
/// English desk prints (outside what an officer types: commands, options, codes) must not show in Vietnamese.
@Suite(.serialized, .tags(.terminal))
struct VietnameseTests {
    static let vietnamese = ["LANG": "vi_VN.UTF-8"]
    static let english = ["LANG": "C.UTF-8"]

    /// The command tree as `--experimental-dump-help` describes it in one language.
    struct Tree: Decodable {
        struct Argument: Decodable {
            let abstract: String?
            let names: [Name]?
            let allValues: [String]?
        }

        struct Name: Decodable { let name: String }

        let commandName: String
        let abstract: String?
        let shouldDisplay: Bool
        let subcommands: [Tree]?
        let arguments: [Argument]?

        struct Dump: Decodable { let command: Tree }

        /// Each shown command with the words that lead to it.
        func walk(_ path: [String] = []) -> [([String], Tree)] {
            let here = path.isEmpty ? [] : [(path, self)]
            return here + (subcommands ?? []).filter(\.shouldDisplay).flatMap { $0.walk(path + [$0.commandName]) }
        }
    }

    static func tree(_ home: TestHome, _ environment: [String: String]) throws -> Tree {
        let dump = try home.run(["--experimental-dump-help"], environment: environment)
        return try JSONDecoder().decode(Tree.Dump.self, from: Data(dump.stdout.utf8)).command
    }

    /// A letter only Vietnamese writes (đ, ơ, ư, ă, â, ê, ô, or a tone mark).
    static func looksVietnamese(_ text: String) -> Bool {
        text.decomposedStringWithCanonicalMapping.unicodeScalars.contains { (0x300...0x323).contains($0.value) }
            || text.contains { "đĐơƠưƯ".contains($0) }
    }

    @Test("Every command's --help under LANG=vi_VN.UTF-8 has a Vietnamese abstract, headings and option texts")
    func help() throws {
        let home = try TestHome()
        defer { home.remove() }
        let english = try Self.tree(home, Self.english).walk()
        let vietnamese = Dictionary(
            uniqueKeysWithValues: try Self.tree(home, Self.vietnamese).walk().map { ($0.0, $0.1) })
        #expect(english.count >= 30, "the walk reaches every command")
        // argument-parser's own `help` command describes itself in English only; `help --help` shows the root.
        for (path, command) in english where path != ["help"] {
            let translated = try #require(vietnamese[path], "\(path)")
            let abstract = translated.abstract ?? ""
            #expect(abstract != command.abstract && Self.looksVietnamese(abstract), "\(path): \(abstract)")
            for (en, vi) in zip(command.arguments ?? [], translated.arguments ?? []) {
                guard let text = en.abstract, !text.isEmpty,
                    !["Show the version.", "Show help information."].contains(text)
                else { continue }
                #expect(vi.abstract != text && Self.looksVietnamese(vi.abstract ?? ""), "\(path) \(text)")
            }
            let help = try home.run(path + ["--help"], environment: Self.vietnamese)
            #expect(help.status == 0)
            #expect(help.stdout.contains("TỔNG QUAN: " + abstract.prefix(20)), "\(path): \(help.stdout.prefix(200))")
            for heading in ["OVERVIEW:", "USAGE:", "OPTIONS:", "Show help information."] {
                #expect(!help.stdout.contains(heading), "\(path) shows \(heading)")
            }
        }
    }

    @Test("Usage errors in Vietnamese name the option and its expected form")
    func parserErrors() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let cases: [([String], String)] = [
            (
                ["export", "--format", "csv", "--from", "2025-1-1"],
                "Lỗi: giá trị '2025-1-1' không hợp lệ cho '--from <YYYY-MM-DD>'"
            ),
            (["case", "list", "--bogus"], "Lỗi: không có tùy chọn '--bogus'"),
            (["export", "--format"], "Lỗi: thiếu giá trị cho '--format"),
            (["case", "show"], "Lỗi: thiếu '<code>'"),
            (["case", "show", "a", "b"], "Lỗi: thừa tham số 'b'"),
            (["export", "--format", "xml"], "hãy dùng một trong: 'csv' hoặc 'json'"),
            (["case", "list", "--limit", "-5"], "Lỗi: "),
        ]
        for (arguments, expected) in cases {
            let result = try home.run(arguments, environment: Self.vietnamese)
            #expect(result.status == 64, "\(arguments)")
            #expect(result.stderr.contains(expected), "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasSuffix("(xem --help)\n"), "\(arguments): \(result.stderr)")
        }
    }

    /// One desk's day in a script: set-up, dossiers, listings, reports, exports and errors; everything it
    /// printed on both streams.
    /// Also returns what the desk prints in Vietnamese whatever the language: the citizen's slip and the
    /// procedures' official names.
    static func scriptedDay(_ environment: [String: String]) throws -> (screen: String, official: String) {
        let home = try TestHome()
        defer { home.remove() }
        var screen = ""
        var official = ""
        func run(_ arguments: [String]) throws -> RunResult {
            let result = try home.run(arguments, environment: environment)
            screen += result.stdout + "\n" + result.stderr + "\n"
            if ["catalog", "receipt"].contains(arguments.prefix(2).last) { official += result.stdout }
            return result
        }
        _ = try run([
            "init", "--commune", "02266", "--terminal", "1", "--officer", "Nguyễn Thị Lan", "--pin", "246810",
        ])
        let code = try run(
            TestHome.validCase + ["--phone", "0912345678", "--document", "Tờ khai:1:0", "--fee", "8000"]
        )
        .stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try run(TestHome.validCase)
        for arguments in [
            ["case", "list"], ["case", "list", "--limit", "1"], ["case", "show", code], ["case", "find", "Đức"],
            ["case", "status", code, "processing"], ["case", "status", code, "returned"],
            ["case", "status", code, "stopped"], ["case", "show", "02266-250610-1999"],
            ["case", "add", "--procedure", "1.001193", "--qr", "079301234567|025123456|Trần Thị Hoa|30112001|Nam|x|1"],
            [
                "case", "add", "--procedure", "9.999999", "--name", "Lê Văn Tám", "--id-number", "001099012345",
                "--dob", "1999-03-04", "--gender", "male",
            ],
            ["status"], ["queue"], ["catalog"], ["officer", "list"],
            ["officer", "add", "Trần Văn Bình", "--role", "officer", "--pin", "135790"], ["officer", "list"],
            ["policy"], ["report", "monthly", "--month", "2025-06"],
            ["report", "monthly", "--month", "2025-06", "--format", "csv"], ["export", "--format", "csv"],
            ["audit", "--verify"], ["sync"], ["queue", "hold", code], ["queue"], ["queue", "release", code],
            ["queue", "retry", "99"], ["case", "receipt", code], ["audit"], ["case", "list", "--offset", "5"],
        ] {
            _ = try run(arguments)
        }
        return (screen, official)
    }

    /// Words of a screen an English reader would know as English: runs of 3+ ASCII letters standing alone.
    static func words(_ text: String) -> Set<String> {
        let trim = CharacterSet(charactersIn: " ,.;:()[]{}\"'`“”!?…*=|→↑↓·")
        return Set(
            text.split(whereSeparator: \.isWhitespace).map { $0.trimmingCharacters(in: trim) }
                .filter { $0.count >= 3 && $0.allSatisfy { $0.isASCII && $0.isLetter } }.map { $0.lowercased() })
    }

    /// What an officer types, the same in both languages: commands, options, their values and the
    /// test's own data (names, addresses), and the acronyms both languages write.
    static func typed(_ home: TestHome) throws -> Set<String> {
        let tree = try tree(home, english)
        var words: Set<String> = [
            "fieldcase", "cccd", "cmnd", "pin", "url", "json", "csv", "vnd", "token", "yymmdd", "nnn", "tab", "enter",
        ]
        // The shell's own commands.
        words.formUnion(["new", "drafts", "resume", "return", "login", "logout", "quit", "exit"])
        for (path, command) in tree.walk() {
            words.formUnion(path)
            for argument in command.arguments ?? [] {
                words.formUnion((argument.names ?? []).flatMap { $0.name.split(separator: "-").map(String.init) })
                words.formUnion((argument.allValues ?? []).flatMap { $0.split(separator: "_").map(String.init) })
            }
        }
        // The catalog's official names (procedures, documents) and the test's own data are Vietnamese.
        let listed = try home.run(["catalog", "--json"], environment: english).stdout
        let procedures = (try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]]) ?? []
        let official = procedures.flatMap { [$0["name_vi"] as? String ?? ""] + ($0["documents"] as? [String] ?? []) }
        #expect(!official.isEmpty, "the catalog was read")
        return words.union(Self.words(official.joined(separator: " ") + " Nguyễn Thị Lan Văn Đức Bình Tám Hoa Trần"))
            .union(["lam", "binh"])
    }

    @Test("A Vietnamese desk's day in scripts prints no English word the English desk prints")
    func scriptedDayHasNoEnglish() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let (english, official) = try Self.scriptedDay(Self.english)
        let vietnamese = try Self.scriptedDay(Self.vietnamese).screen
        #expect(english.contains("Synced") || english.contains("not enrolled"), "the English day ran")
        let leaked = Self.words(english).subtracting(try Self.typed(home)).subtracting(Self.words(official))
            .intersection(Self.words(vietnamese))
        #expect(leaked.isEmpty, "English in the Vietnamese view: \(leaked.sorted())")
        #expect(vietnamese.contains("đã tiếp nhận") && vietnamese.contains("Hồ sơ"), "the Vietnamese day ran")
    }
}

extension VietnameseTests {
    /// What the shell says at each step, in one language.
    struct Steps {
        let commune, terminal, badTerminal, unitCode, name, pin, badPIN, pinAgain, cardRead, procedure, phone,
            document, otherDocuments, fee, summary, dossier, saved: String
    }

    static let englishSteps = Steps(
        commune: "Commune (code or name", terminal: "(1-9):", badTerminal: "Error: terminal:",
        unitCode: "Unit code of dossier codes", name: "Your full name",
        pin: "Choose a PIN", badPIN: "Error: PIN:", pinAgain: "PIN again", cardRead: "Card read:",
        procedure: "Procedure (code or name", phone: "Phone", document: "originals copies",
        otherDocuments: "Other documents", fee: "Fee in VND", summary: "Summary", dossier: "Dossier 02266-",
        saved: "Saved 02266-")
    static let vietnameseSteps = Steps(
        commune: "Xã/phường (mã hoặc tên", terminal: "(1-9):", badTerminal: "Lỗi: số máy:",
        unitCode: "Mã đơn vị trong mã hồ sơ", name: "Họ và tên của bạn",
        pin: "Chọn mã PIN", badPIN: "Lỗi: mã PIN:", pinAgain: "Nhập lại mã PIN", cardRead: "Đã đọc thẻ:",
        procedure: "Thủ tục (mã hoặc tên", phone: "Điện thoại", document: "số bản chính số bản sao",
        otherDocuments: "Giấy tờ khác", fee: "Lệ phí (đồng)", summary: "Tóm tắt", dossier: "Hồ sơ 02266-",
        saved: "Đã lưu 02266-")

    /// From a first start to the citizen's receipt on a terminal: set-up with a wrong terminal number and a
    /// wrong PIN asked again, a card scanned at the prompt, the dossier saved, listed, shown and its slip
    /// printed. Returns the screen.
    static func firstDay(_ environment: [String: String], _ steps: Steps) throws -> String {
        let home = try TestHome()
        defer { home.remove() }
        let terminal = try PseudoTerminal(home: home, environment: environment.merging(["PAGER": ""]) { $1 })
        defer { terminal.close() }
        var mark = try terminal.expect(steps.commune)
        terminal.line("lam binh")
        mark = try terminal.expect(steps.terminal, after: mark)
        terminal.line("12")
        mark = try terminal.expect(steps.badTerminal, after: mark)
        mark = try terminal.expect(steps.terminal, after: mark)
        terminal.line("3")
        // Enter keeps the commune's code as the unit of dossier codes.
        mark = try terminal.expect(steps.unitCode, after: mark)
        terminal.line("")
        mark = try terminal.expect(steps.name, after: mark)
        terminal.line("Nguyễn Thị Lan")
        mark = try terminal.expect(steps.pin, after: mark)
        terminal.line("12")
        mark = try terminal.expect(steps.badPIN, after: mark)
        mark = try terminal.expect(steps.pin, after: mark)
        terminal.line("246810")
        mark = try terminal.expect(steps.pinAgain, after: mark)
        terminal.line("246810")
        mark = try terminal.expect("02266 ↑0>", after: mark)
        terminal.send(QRScanTests.qr(id: "001301234567", born: "30112001") + "\r\n")
        mark = try terminal.expect(steps.cardRead, after: mark)
        mark = try terminal.expect(steps.procedure, after: mark)
        terminal.line("1.001193")
        mark = try terminal.expect(steps.phone, after: mark)
        terminal.line("")
        for step in [
            steps.document, steps.document, steps.document, steps.document, steps.otherDocuments, steps.fee,
            steps.summary,
        ] {
            mark = try terminal.expect(step, after: mark)
            terminal.line("")
        }
        mark = try terminal.expect(steps.dossier, after: mark)
        terminal.send("y\r")
        mark = try terminal.expect(steps.saved, after: mark)
        // Terminal 3's first dossier on the pinned day.
        let code = "02266-250610-3001"
        #expect(terminal.screen.contains(steps.saved + "250610-3001"))
        for line in ["case list", "case show \(code)", "status", "queue", "case receipt \(code) --width 48", "help"] {
            mark = try terminal.expect("02266 ↑1>", after: mark)
            terminal.line(line)
        }
        try terminal.expect("02266 ↑1>", after: mark)
        terminal.line("quit")
        #expect(terminal.waitForExit() == 0)
        return terminal.screen
    }

    @Test("A Vietnamese first day on a terminal, from set-up to the receipt, shows no English word")
    func firstDayHasNoEnglish() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let english = try Self.firstDay(Self.english, Self.englishSteps)
        let vietnamese = try Self.firstDay(Self.vietnamese, Self.vietnameseSteps)
        #expect(vietnamese.contains("GIẤY TIẾP NHẬN HỒ SƠ"), "the receipt was printed")
        // The citizen's slip is Vietnamese in both languages: its words are not English ones.
        let slip = try #require(english.range(of: "> case receipt")).upperBound
        let official = english[slip...].prefix { $0 != ">" }
        let leaked = Self.words(english).subtracting(try Self.typed(home)).subtracting(Self.words(String(official)))
            .intersection(Self.words(vietnamese))
        #expect(leaked.isEmpty, "English on the Vietnamese screen: \(leaked.sorted())")
    }
}
