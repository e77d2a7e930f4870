import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// Every scripted command, called with seeded random mixes of its own options and of hostile values:
/// nothing may crash, every failure is one `Error:` line with a documented exit code, and the store
/// stays whole. The commands and their options are read from the binary's own help, so a new command
/// or option is fuzzed without anyone adding it here.
@Suite(.serialized, .tags(.slow, .fuzz))
struct OptionFuzzTests {
    static let runs = TestScale.pick(ci: 300, full: 3000)
    static let exitCodes: Set<Int32> = [0, 1, 64, 65, 66, 73, 74, 75, 77, 78]
    /// Commands that reach the network (covered by the sync suites) or wait for a person.
    static let skipped: Set<String> = ["sync", "enroll", "shell", "help"]

    static let values: [String] = [
        "", "-", "--", "0", "-1", "1", "9", "99999999999999999999", "1.5", "02266", "00004", "1.001193", "2.000815",
        "2025-06-10", "2025-02-30", "2025-13", "2025-09", "1999-03-04", "001099012345", "001299012345", "0912345678",
        "+84912345678", "male", "female", "cccd", "passport", "officer", "supervisor", "processing", "refused", "4",
        "on", "off", "csv", "json", "txt", "32", "48", "80", "review-before-sync", "02266-250610-1001",
        "Nguyễn Văn Đức", "Nguyễn Văn Đức".decomposedStringWithCanonicalMapping, "Lò Văn Pằng", "nguyen van",
        "Giấy chứng sinh:1:0", ":::", "x:-1:200", "/dev/full", "no/such/folder/out.csv", "'\"`$(id)", "%s%n%x",
        "\u{202E}abc",
        "a\u{0007}b", "line\nbreak", "😀", String(repeating: "ầ", count: 3000), String(repeating: "9", count: 400),
        "2025-06-10T25:00", "2025-06-10T09:00:00+07:00", "https://central.example.vn", "fce_x",
    ]

    /// `command path` → its options, from `fieldcase … --help`.
    static func commandTree(_ home: TestHome) throws -> [(path: [String], options: [String])] {
        var leaves: [(path: [String], options: [String])] = []
        var pending = try home.commandNames().filter { !skipped.contains($0) }.map { [$0] }
        while let path = pending.popLast() {
            let help = try home.run(path + ["--help"]).stdout
            let subcommands = section("SUBCOMMANDS:", of: help).filter { $0 != "help" }
            if subcommands.isEmpty {
                let options = section("OPTIONS:", of: help).filter {
                    $0.hasPrefix("--") && $0 != "--help" && $0 != "--home"
                }
                leaves.append((path, options))
            } else {
                pending += subcommands.map { path + [$0] }
            }
        }
        return leaves
    }

    /// The first word of each entry of a help section.
    static func section(_ title: String, of help: String) -> [String] {
        guard let body = help.components(separatedBy: title).dropFirst().first else { return [] }
        var words: [String] = []
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty || !line.hasPrefix(" ") { if !words.isEmpty { break } else { continue } }
            guard line.hasPrefix("  "), !line.hasPrefix("   ") else { continue }
            let word = line.split(separator: " ").first.map(String.init) ?? ""
            words.append(word.split(separator: ",").first.map(String.init) ?? word)
        }
        return words
    }

    @Test("Seeded random options for every scripted command: no crash, one Error line, a documented exit code")
    func fuzzOptions() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        for _ in 0..<3 { #expect(try home.run(TestHome.validCase).status == 0) }
        let tree = try Self.commandTree(home)
        #expect(tree.count >= 20, "the tree was read: \(tree.map { $0.path.joined(separator: " ") })")
        var generator = SplitMix64(seed: 0x0F7_F022)
        var outcomes: [Int32: Int] = [:]
        for _ in 0..<Self.runs {
            let leaf = tree[Int.random(in: 0..<tree.count, using: &generator)]
            var arguments = leaf.path
            for _ in 0..<Int.random(in: 0...4, using: &generator) {
                if let option = leaf.options.randomElement(using: &generator), Bool.random(using: &generator) {
                    arguments.append(option)
                }
                arguments.append(Self.values[Int.random(in: 0..<Self.values.count, using: &generator)])
            }
            // A PIN change keeps the same PIN, so later runs still get past the PIN check.
            let result = try home.run(arguments, environment: ["FIELDCASE_NEW_PIN": "246810"])
            outcomes[result.status, default: 0] += 1
            let shown = arguments.map { $0.count > 40 ? String($0.prefix(40)) + "…" : $0 }.joined(separator: " ")
            #expect(!result.signalled, "crashed: \(shown)")
            #expect(Self.exitCodes.contains(result.status), "exit \(result.status): \(shown)")
            let lines = result.stderr.split(separator: "\n").filter { !$0.hasPrefix("Warning:") }
            if result.status != 0 {
                #expect(lines.count == 1 && lines[0].hasPrefix("Error: "), "\(shown) →\n\(result.stderr.prefix(600))")
            }
            #expect(!result.stderr.contains("Fatal error") && !result.stderr.contains("Swift/"), "\(shown)")
        }
        try StoreInvariants.check(try DatabaseQueue(path: home.databasePath))
        print(
            "option fuzz: \(Self.runs) invocations over \(tree.count) commands, exits \(outcomes.sorted { $0.key < $1.key })"
        )
    }
}
