import FieldCaseHarness
import Foundation
import Testing

/// Scanned pages through the real binaries: attached at the desk, sent after their dossiers in chunks over a link
/// that cuts and drops answers, with the desk killed mid-page, and checked where they end up: each page whole on
/// the gateway once, byte for byte the file scanned, no byte of a page sent twice.
@Suite(.serialized, .tags(.slow, .postgres))
struct ScannedPageSyncTests {
    static let dossiers = TestScale.pick(ci: 4, full: 12)

    /// Most connections cut while the desk sends, one in six with an answer lost; a few clean. A desk keeps its
    /// connection open from call to call, so each fault here is a new connection and a new draw.
    static func plan(_ generator: inout SplitMix64) -> LinkProxy.Profile {
        var faults = LinkProxy.Profile()
        faults.latencyMilliseconds = 5
        faults.bytesPerSecond = 256 * 1024
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<60: faults.cutRequestAfter = Int.random(in: 2_000...200_000, using: &generator)
        case 60..<75: faults.dropResponse = true
        default: break
        }
        return faults
    }

    /// A page as the desk holds it, and the file it came from.
    struct Scan {
        let code: String
        let sha256: String
        let bytes: Data
    }

    @Test(
        "Pages cross a cut link and a killed desk: each arrives once, whole, byte-identical, after its dossier",
        arguments: Backend.allCases)
    func cutsAndKills(backend: Backend) throws {
        let home = try TestHome()
        try home.initialize()
        defer { home.remove() }
        let scratch = home.url.deletingLastPathComponent()
        let central = try CentralServer(directory: scratch, backend: backend)
        try central.start()
        defer { central.stop() }
        let enrolled = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
        try #require(enrolled.status == 0, "\(enrolled.stderr)")

        var scans: [Scan] = []
        var shared: String?
        for index in 0..<Self.dossiers {
            let added = try home.run(TestHome.validCase)
            try #require(added.status == 0, "\(added.stderr)")
            let code = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let files = [
                PageFiles.png(bytes: 150_000 + index * 1_000, seed: UInt64(2 * index + 1)),
                PageFiles.jpeg(bytes: 120_000, seed: UInt64(2 * index + 2)),
            ]
            var paths = try files.enumerated().map { number, data in
                try PageFiles.write(data, named: "\(code)-\(number).scan", in: scratch.appendingPathComponent("scans"))
            }
            // The first dossier's first page again, on the second dossier: stored and sent once.
            if index == 1, let shared { paths.append(shared) }
            let attached = try home.run(["case", "attach", code, "--json"] + paths)
            try #require(attached.status == 0, "\(attached.stderr)")
            if index == 0 { shared = paths[0] }
            // `--json` answers each file in order, with the address the desk gave it.
            let answers = try #require(
                try JSONSerialization.jsonObject(with: Data(attached.stdout.utf8)) as? [[String: Any]])
            for (path, answer) in zip(paths, answers) {
                scans.append(
                    Scan(
                        code: code, sha256: try #require(answer["sha256"] as? String),
                        bytes: try Data(contentsOf: URL(fileURLWithPath: path))))
            }
            #expect(try Self.pages(of: code, in: home) == answers.compactMap { $0["sha256"] as? String })
        }
        let unique = Set(scans.map(\.sha256))
        #expect(unique.count == 2 * Self.dossiers && scans.count == unique.count + 1)

        // The dossiers first, on a clean link and with no page budget left, so that what crosses the faulty link
        // below is pages (and the calls' headers) only.
        #expect(try home.run(["policy", "page-budget-per-sync", "0"]).status == 0)
        let first = try home.run(["sync", "--json"])
        #expect(first.status == 0 && first.stdout.contains(#""page_bytes_sent" : 0"#), "\(first.stdout)\(first.stderr)")
        #expect(try home.run(["policy", "page-budget-per-sync", "off"]).status == 0)
        for scan in scans {
            let listed = try central.command(["page", "list", scan.code, "--json", "--pages", central.pages])
            #expect(listed.status == 0 && listed.stdout.contains(scan.sha256), "the dossier is there before its pages")
            #expect(listed.stdout.contains(#""held" : false"#))
        }

        let proxy = try LinkProxy(upstreamPort: central.port, seed: 0x5CA_4E55, plan: Self.plan)
        defer { proxy.stop() }
        var generator = SplitMix64(seed: 0xD0C_5CA4)
        var kills = 0
        var done = false
        for _ in 0..<80 where !done {
            let (process, out, err) = try home.start(["sync", "--quiet", "--timeout", "20", "--central", proxy.url])
            if Bool.random(using: &generator) {
                usleep(UInt32.random(in: 50_000...400_000, using: &generator))
                if process.isRunning {
                    kill(process.processIdentifier, SIGKILL)
                    kills += 1
                }
            }
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            if !result.signalled { #expect([0, 75].contains(result.status), "\(result.stderr)") }
            let queue = try #require(try home.json(["queue", "--json"]) as? [String: Any])
            done = (queue["pages"] as? [String: Any])?["pages"] as? Int == 0
        }
        #expect(done, "every page sent within 80 syncs")
        #expect(proxy.faultsInjected >= 5, "the link was cut \(proxy.faultsInjected) times")
        #expect(kills >= 2, "the desk was killed \(kills) times")

        // Each page whole on the gateway, byte for byte the file scanned, stored once.
        for scan in scans {
            let out = scratch.appendingPathComponent("got-\(UUID().uuidString)").path
            let got = try central.command([
                "page", "get", scan.code, scan.sha256, "--out", out, "--pages", central.pages,
            ])
            #expect(got.status == 0, "\(got.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == scan.bytes, "page \(scan.sha256.prefix(12))")
        }
        let stored = try FileManager.default.subpathsOfDirectory(atPath: central.pages + "/pages").filter {
            $0.count == 2 + 1 + 64
        }
        #expect(stored.count == unique.count, "one file a page, however many dossiers hold it")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: central.pages + "/incoming").filter {
            $0.split(separator: "/").last?.count == 64
        }
        #expect(leftovers.isEmpty, "no upload left half-way: \(leftovers)")
        // Nothing of a page crossed twice: what went up is the sealed pages plus at most a kilobyte of request
        // line, headers and small bodies a call (a page sent again from its start would add 120 KB or more).
        let sealed = try unique.map { sha in try #require(scans.first { $0.sha256 == sha }).bytes.count + 52 }
            .reduce(0, +)
        #expect(proxy.bytesUp >= sealed, "every page went through the link")
        #expect(
            proxy.bytesUp <= sealed + proxy.requests * 1024,
            "up \(proxy.bytesUp) bytes for \(sealed) bytes of sealed pages in \(proxy.requests) calls")
        let shown = try #require(try home.json(["case", "show", scans[0].code, "--json"]) as? [String: Any])
        let pages = try #require(shown["pages"] as? [[String: Any]])
        #expect(pages.allSatisfy { $0["stored_centrally"] as? Bool == true })
        print(
            "\(backend) pages: \(unique.count) pages, \(sealed) sealed bytes, up \(proxy.bytesUp) in "
                + "\(proxy.requests) calls, \(proxy.connections) connections, \(proxy.faultsInjected) faults, "
                + "\(kills) kills")
    }

    /// The addresses of a dossier's pages, in the order attached.
    static func pages(of code: String, in home: TestHome) throws -> [String] {
        let shown = try #require(try home.json(["case", "show", code, "--json"]) as? [String: Any])
        return (shown["pages"] as? [[String: Any]] ?? []).compactMap { $0["sha256"] as? String }
    }
}

/// What `case attach` refuses, each with one line and a sysexits code, and nothing written; what it takes, once.
@Suite(.serialized)
struct ScannedPageAttachTests {
    @Test("Not a scan, empty, too big, missing, a folder, a wrong paper: one line each, nothing written")
    func refusals() throws {
        let home = try TestHome()
        try home.initialize()
        defer { home.remove() }
        let added = try home.run(TestHome.validCase + ["--document", "Tờ khai:1:0"])
        try #require(added.status == 0, "\(added.stderr)")
        let code = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let folder = home.url.deletingLastPathComponent().appendingPathComponent("scans")
        let good = try PageFiles.write(PageFiles.png(bytes: 5_000, seed: 7), named: "good.png", in: folder)
        let text = try PageFiles.write(Data("Đơn đề nghị\n".utf8), named: "letter.pdf", in: folder)
        let empty = try PageFiles.write(Data(), named: "empty.jpg", in: folder)
        let huge = try PageFiles.write(
            PageFiles.pdf(bytes: 10 * 1024 * 1024 + 1, seed: 8), named: "huge.pdf", in: folder)
        let before = try home.run(["queue", "--json"]).stdout
        for (arguments, status, words) in [
            ([good, text], Int32(65), "letter.pdf: scanned page: must be a PDF, JPEG or PNG file"),
            ([empty], 65, "must not be empty"),
            ([huge], 65, "must be at most 10 MB"),
            ([folder.appendingPathComponent("missing.png").path], 66, "cannot read"),
            ([folder.path], 66, "cannot read"),
            ([good, "--component", "2"], 65, "from 1 to 1"),
            ([good, "--result", "--component", "1"], 64, "--component"),
        ] {
            let refused = try home.run(["case", "attach", code] + arguments)
            #expect(refused.status == status, "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.contains(words), "\(arguments): \(refused.stderr)")
            #expect(refused.stderr.split(separator: "\n").count == 1, "one line: \(refused.stderr)")
            #expect(!refused.stderr.contains("Swift") && !refused.stderr.contains("Fatal"))
        }
        let unknown = try home.run(["case", "attach", "02266-250610-1999", good])
        #expect(unknown.status == 65 && unknown.stderr.contains("02266-250610-1999"), "\(unknown.stderr)")
        #expect(try home.run(["queue", "--json"]).stdout == before, "nothing was written")

        let vietnamese = try home.run(["case", "attach", code, text], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(vietnamese.stderr.contains("phải là tệp PDF, JPEG hoặc PNG"), "\(vietnamese.stderr)")

        // Taken once: the same file again writes nothing; on the checklist paper, then shown.
        let first = try home.run(["case", "attach", code, good, "--component", "1"])
        #expect(first.status == 0 && first.stdout.contains("good.png (PNG, 5 KB"), "\(first.stdout)")
        let again = try home.run(["case", "attach", code, good])
        #expect(again.status == 0 && again.stdout.contains("attached already"), "\(again.stdout)")
        let shown = try home.run(["case", "show", code])
        #expect(shown.stdout.contains("Scanned pages") && shown.stdout.contains("1. paper 1 · PNG · 5 KB"))
        let queue = try #require(try home.json(["queue", "--json"]) as? [String: Any])
        #expect(queue["pending"] as? Int == 2, "the dossier and one page's event")
        #expect((queue["pages"] as? [String: Any])?["pages"] as? Int == 1)
        // Sealed at rest: the page's bytes are nowhere in the database file.
        let database = try Data(contentsOf: URL(fileURLWithPath: home.databasePath))
        let marker = try Data(contentsOf: URL(fileURLWithPath: good)).suffix(64)
        #expect(database.range(of: marker) == nil, "the scan is sealed in the home")
    }
}
