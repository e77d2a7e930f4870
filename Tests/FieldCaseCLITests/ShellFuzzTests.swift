import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// Seeded random lines through the shell: valid commands, mutations of them and random bytes; 3,000 of them in
/// CI, 10,000 under `FIELDCASE_FULL=1` (listings grow with the cases added, so the cost grows faster than the lines).
@Suite(.serialized, .tags(.slow, .fuzz, .terminal))
struct ShellFuzzTests {
    static let lines = TestScale.pick(ci: 3_000, full: 10_000)

    static let seeds = [
        "case add --procedure 1.001193 --name 'Nguyễn Văn Đức' --id-number 001099012345 --dob 1999-03-04 --gender male",
        "case add --procedure 1.004222 --name \"Trần Thị Hoa\" --id-number 079301234567 --dob 2001-11-30 --gender female --phone 0912345678 --document 'Tờ khai:1:0' --fee 20000 --paid",
        "case list --overdue",
        "case list --status received --json",
        "case find 'nguyen van'",
        "case show 02266-250610-1001",
        "case status 02266-250610-1001 processing",
        "case status 02266-250610-1002 refused --reason 'thiếu giấy tờ'",
        "catalog --json",
        "help case",
        "help",
        "drafts",
    ]

    static let pieces = [
        "'", "\"", "\\", "--", "-", ";", "DROP TABLE cases;", "' OR 1=1 --", "\u{0}", "\u{1B}[2J", "\t", "Đ", "ễ",
        "\u{301}", "漢", "🙂", "9999999999999999999999", "--name", "--home /", "$(rm -rf /)", "%s%n", "\u{202E}",
    ]

    static func line(using generator: inout SplitMix64) -> [UInt8] {
        let seed = seeds[Int.random(in: 0..<seeds.count, using: &generator)]
        switch Int.random(in: 0..<10, using: &generator) {
        case 0..<3:
            return Array(seed.utf8)
        case 3..<7:
            var characters = Array(seed)
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0...characters.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0 where !characters.isEmpty: characters.remove(at: min(index, characters.count - 1))
                case 1:
                    characters.insert(
                        contentsOf: pieces[Int.random(in: 0..<pieces.count, using: &generator)], at: index)
                default: characters = Array(characters.prefix(index))
                }
            }
            return Array(String(characters).utf8)
        default:
            return (0..<Int.random(in: 1...120, using: &generator)).map { _ in
                var byte = UInt8.random(in: 0...255, using: &generator)
                if byte == 10 { byte = 32 }
                return byte
            }
        }
    }

    @Test("Random lines: no crash, every error is one 'Error:' line, the store stays whole")
    func randomLines() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var generator = SplitMix64(seed: 0xF1E1_DCA5)
        var input: [UInt8] = []
        var count = 0
        while count < Self.lines {
            let line = Self.line(using: &generator)
            let first = String(decoding: line, as: UTF8.self).split(separator: " ").first
            if first == "quit" || first == "exit" { continue }
            input += line + [10]
            count += 1
        }
        let result = try home.script(input, arguments: ["--keep-going"])
        #expect(!result.signalled, "the shell must not crash")
        #expect([0, 1, 64, 65].contains(result.status), "exit \(result.status)")
        let errorLines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        let stray = errorLines.filter { line in
            // A cut listing says what it left out, as the issue asks, on standard error.
            if line.wholeMatch(of: /… \d+ more \(use --limit\)/) != nil { return false }
            // `fieldcase: stdin:N: Error: …`, naming the script line.
            guard line.hasPrefix("fieldcase: stdin:"), let colon = line.dropFirst(17).firstIndex(of: ":") else {
                return true
            }
            return !line[colon...].hasPrefix(": Error: ")
        }
        #expect(stray.isEmpty, "every diagnostic is one 'Error:' line; stray: \(stray.prefix(5))")
        #expect(!result.stderr.contains("Fatal error"))
        try DatabaseQueue(path: home.databasePath).read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            #expect(cases > Self.lines / 100, "valid lines went through (\(cases) cases)")
            let created = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events WHERE kind = 'case.created'") ?? 0
            #expect(created == cases)
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events") ?? 0
            let outbox = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0
            #expect(outbox == events)
            let maxSeq = try Int.fetchOne(db, sql: "SELECT IFNULL(MAX(seq), 0) FROM outbox") ?? 0
            #expect(maxSeq == outbox, "outbox sequence without gaps")
        }
        let names = try home.storedNames()
        #expect(names.count > Self.lines / 100)
        #expect(names.allSatisfy { $0.unicodeScalars.allSatisfy { $0.properties.generalCategory != .control } })
    }
}
