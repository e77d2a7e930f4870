import Foundation
import Testing

/// Listings that say what they left out, pages through `$PAGER` on a terminal only, and sync that says on a
/// terminal how far it got and what it waits for.
@Suite(.serialized, .tags(.terminal))
struct ListingTests {
    /// `count` dossiers recorded through one script.
    static func record(_ count: Int, in home: TestHome) throws {
        let line = TestHome.validCase.map { $0.contains(" ") ? "'\($0)'" : $0 }.joined(separator: " ")
        let added = try home.script(Array(repeating: line, count: count))
        try #require(added.status == 0, "\(added.stderr)")
    }

    static func codes(_ stdout: String) -> [String] {
        let array = (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [[String: Any]] ?? []
        return array.compactMap { $0["code"] as? String }
    }

    @Test("case list and case find show 50 by default, --limit and --offset page, and the rest is counted on stderr")
    func limitAndOffset() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        try Self.record(53, in: home)
        let all = Self.codes(try home.run(["case", "list", "--json", "--limit", "0"]).stdout)
        #expect(all.count == 53)

        let first = try home.run(["case", "list", "--json"])
        #expect(Self.codes(first.stdout) == Array(all.prefix(50)), "the JSON stays the array, cut at 50")
        #expect(first.stderr == "… 3 more (use --limit)\n")
        let text = try home.run(["case", "list"])
        #expect(text.stdout.split(separator: "\n").count == 51, "a header and 50 rows")
        #expect(text.stderr == "… 3 more (use --limit)\n")
        let page = try home.run(["case", "list", "--json", "--limit", "2", "--offset", "50"])
        #expect(Self.codes(page.stdout) == Array(all[50..<52]))
        #expect(page.stderr == "… 1 more (use --limit)\n")
        let end = try home.run(["case", "list", "--json", "--offset", "60"])
        #expect(Self.codes(end.stdout).isEmpty && end.stderr.isEmpty && end.status == 0)
        let found = try home.run(["case", "find", "duc", "--limit", "5"], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(found.stdout.split(separator: "\n").count == 6)
        #expect(found.stderr == "… còn 48 hồ sơ nữa (dùng --limit)\n")
        for bad in [["--limit", "-1"], ["--offset", "x"], ["--limit", "99999999999999999999"]] {
            let refused = try home.run(["case", "list"] + bad)
            #expect(refused.status == 64 && refused.stdout.isEmpty, "\(bad): \(refused.stderr)")
        }
    }

    @Test("A long listing on a terminal goes through $PAGER; in a script, and for a short one, it never does")
    func pager() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        try Self.record(45, in: home)
        // The pager marks each line it shows; the terminal has 40 rows.
        let pager = ["PAGER": "sed 's/^/PAGED|/'", "FIELDCASE_PIN": "246810"]
        let terminal = try PseudoTerminal(home: home, environment: pager)
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑45>")
        terminal.line("case list")
        mark = try terminal.expect("PAGED|02266-250610-1045", after: mark)
        mark = try terminal.expect("02266 ↑45>", after: mark)
        terminal.line("case list --limit 3")
        mark = try terminal.expect("02266 ↑45>", after: mark)
        #expect(terminal.occurrences(of: "PAGED|") == 46, "only the long listing was paged")
        terminal.line("quit")
        #expect(terminal.waitForExit() == 0)
        let scripted = try home.run(["case", "list"], environment: pager)
        #expect(!scripted.stdout.contains("PAGED") && scripted.stdout.contains("02266-250610-1045"))
        // The default pager (less, where installed) takes the terminal and gives it back: q returns to the prompt.
        let paged = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { paged.close() }
        mark = try paged.expect("02266 ↑45>")
        paged.line("case list")
        mark = try paged.expect("02266-250610-1045", after: mark)
        paged.type("q")
        mark = try paged.expect("02266 ↑45>", after: mark)
        paged.line("quit")
        #expect(paged.waitForExit() == 0)
        let broken = try PseudoTerminal(
            home: home, arguments: ["case", "list"],
            environment: ["PAGER": "/nonexistent/pager", "FIELDCASE_PIN": "246810"])
        defer { broken.close() }
        try broken.expect("02266-250610-1045")
        #expect(broken.waitForExit() == 0, "a pager that cannot run leaves the listing on the screen")
    }

    @Test("sync on a terminal shows what it sends and, while the central system is away, when it tries again")
    func syncFeedback() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        let enrolled = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        // One device id: the one the central system gave, shown by enroll and by status; init shows none.
        let device = try #require(enrolled.stdout.firstMatch(of: /Enrolled as device (\S+) of commune/)).1
        #expect(try home.run(["status"]).stdout.contains("Device \(device)\n"))
        for _ in 0..<3 { try home.run(TestHome.validCase) }
        let environment = ["FIELDCASE_PIN": "246810"]
        let sending = try PseudoTerminal(home: home, arguments: ["sync"], environment: environment)
        defer { sending.close() }
        let mark = try sending.expect("↑ sending 3/3 items")
        try sending.expect("Synced: 3 sent", after: mark)
        #expect(sending.waitForExit() == 0)

        central.stop()
        try home.run(TestHome.validCase)
        let waiting = try PseudoTerminal(
            home: home, arguments: ["sync", "--timeout", "15"],
            environment: environment.merging(["LANG": "vi_VN.UTF-8"]) { $1 })
        defer { waiting.close() }
        try waiting.expect("đang chờ hệ thống trung tâm (thử lại lần 1 sau")
        try waiting.expect("Lỗi: không kết nối được hệ thống trung tâm (")
        #expect(waiting.waitForExit() == 75)
    }
}
