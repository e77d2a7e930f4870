@testable import FieldCaseBundle
@testable import FieldCaseCore
import Crypto
import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// Sync carried on a USB stick, with the real binaries: dossiers recorded offline reach the central system by
/// bundle alone and their outcomes come back by reply alone; replays, old bundles, a bundle racing a network
/// sync, and every kind of forged or misdirected file. After each step the sync-truth checker compares what
/// each side claims with what the other holds.
@Suite(.serialized, .tags(.postgres))
struct BundleSyncTests {
    static let offline = TestScale.pick(ci: 200, full: 2000)

    /// Desks of commune 02266 enrolled with one gateway, which then goes offline (its operator commands still
    /// work on the database, as at the province).
    struct World {
        let scratch: URL
        let central: CentralServer
        var desks: [TestHome] = []

        init(_ backend: Backend = .sqlite, desks count: Int = 1) throws {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            central = try CentralServer(directory: scratch, backend: backend)
            try central.start()
            for terminal in 1...count {
                let home = TestHome(url: scratch.appendingPathComponent("desk\(terminal)/home"))
                try home.initialize(terminal: terminal)
                let token = try central.enrollToken()
                let enrolled = try home.run(["enroll", "--central", central.url, "--token", token])
                try #require(enrolled.status == 0, "enroll: \(enrolled.stderr)")
                desks.append(home)
            }
            // From here on the communes have no link: only the stick and the operator's commands.
            central.stop()
        }

        var stick: URL { scratch.appendingPathComponent("stick") }

        /// Records `count` dossiers in one scripted shell; returns their codes.
        func record(_ count: Int, on desk: Int = 0) throws -> [String] {
            let result = try desks[desk].script(Array(repeating: ScriptModeTests.add, count: count))
            try #require(result.status == 0, "record: \(result.stderr)")
            return result.stdout.split(separator: "\n").map(String.init).filter { $0.hasPrefix("02266-") }
        }

        /// `fieldcase bundle export` onto the stick; returns the file written.
        func export(_ desk: Int = 0, _ extra: [String] = []) throws -> URL {
            try FileManager.default.createDirectory(at: stick, withIntermediateDirectories: true)
            let result = try desks[desk].run(["bundle", "export", "--out", stick.path, "--json"] + extra)
            try #require(result.status == 0, "export: \(result.stderr)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
            return URL(fileURLWithPath: try #require(json["file"] as? String))
        }

        /// `fieldcase-central bundle import`, the reply written beside the bundle.
        func centralImport(_ bundle: URL, reply: Bool = true) throws -> (RunResult, [String: Any]?, URL?) {
            let result = try central.command(
                ["bundle", "import", bundle.path, "--json"] + (reply ? ["--reply", stick.path] : []))
            let json = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            return (result, json, (json?["reply"] as? String).map(URL.init(fileURLWithPath:)))
        }

        /// `fieldcase-central bundle import - --reply -`, reading `bundle` and writing the reply to `reply`.
        func pipedImport(_ bundle: URL, reply: URL) throws -> RunResult {
            let process = Process()
            process.executableURL = central.executable
            process.arguments = ["bundle", "import", "-", "--reply", "-", "--db", central.database]
            process.standardInput = try FileHandle(forReadingFrom: bundle)
            _ = FileManager.default.createFile(atPath: reply.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: reply)
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return RunResult(status: process.terminationStatus, stdout: "", stderr: stderr, signalled: false)
        }

        func deskImport(_ reply: URL, on desk: Int = 0) throws -> RunResult {
            try desks[desk].run(["bundle", "import", reply.path, "--json"])
        }

        /// The sync-truth checker over every desk; `drained` when no item may still wait.
        func check(drained: Bool) throws {
            let report = try ModelChecker(
                central: central,
                desks: try desks.enumerated().map { index, home in
                    ModelChecker.Desk(
                        home: home, devices: Set([try central.liveDevice(terminal: index + 1)].compactMap { $0 }))
                }, expectDrained: drained
            ).check()
            #expect(report.problems.isEmpty, "\(report.problems.prefix(10).joined(separator: "\n"))")
        }

        func centralEvents() throws -> Int { Int(try central.query("SELECT COUNT(*) FROM events")[0][0] ?? "") ?? -1 }

        func pending(_ desk: Int = 0) throws -> Int {
            try DatabaseQueue(path: desks[desk].databasePath).read {
                try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'pending'") ?? -1
            }
        }

        func done() {
            central.stop()
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    @Test(
        "Scanned pages go by stick too: kept whole, byte for byte, once; without the pages folder they wait on the desk"
    )
    func pagesByStick() throws {
        let world = try World()
        defer { world.done() }
        let codes = try world.record(2)
        let desk = world.desks[0]
        let folder = world.scratch.appendingPathComponent("scans")
        let papers = PageFiles.pdf(bytes: 60_000, seed: 11)
        let result = PageFiles.jpeg(bytes: 50_000, seed: 12)
        let first = try PageFiles.write(papers, named: "a.pdf", in: folder)
        let second = try PageFiles.write(result, named: "b.jpg", in: folder)
        #expect(try desk.run(["case", "attach", codes[0], first]).status == 0)
        // The same scan on the second dossier too: stored once, carried once.
        #expect(try desk.run(["case", "attach", codes[1], first, second]).status == 0)
        func waiting() throws -> Int {
            let status = try #require(try desk.json(["status", "--json"]) as? [String: Any])
            return (status["pages"] as? [String: Any])?["pages"] as? Int ?? -1
        }
        #expect(try waiting() == 2)

        // A gateway host that names no pages folder it has: the dossiers go, the pages stay on the desk.
        let bundle = try world.export()
        let (bare, bareJSON, bareReply) = try world.centralImport(bundle)
        #expect(bare.status == 0 && bare.stderr.contains("not this gateway's pages folder"), "\(bare.stderr)")
        #expect(bareJSON?["pages_carried"] as? Int == 2 && bareJSON?["pages_held"] as? Int == 0)
        #expect(try world.deskImport(try #require(bareReply)).status == 0)
        #expect(try waiting() == 2 && world.pending() == 0, "the dossiers are through, the pages wait")

        // The next stick, imported into the gateway's pages folder: kept, and the desk told.
        let again = try world.export()
        let kept = try world.central.command([
            "bundle", "import", again.path, "--json", "--reply", world.stick.path, "--pages", world.central.pages,
        ])
        let keptJSON = try #require(try JSONSerialization.jsonObject(with: Data(kept.stdout.utf8)) as? [String: Any])
        #expect(kept.status == 0 && keptJSON["pages_held"] as? Int == 2, "\(kept.stdout)\(kept.stderr)")
        let reply = try world.deskImport(URL(fileURLWithPath: try #require(keptJSON["reply"] as? String)))
        #expect(reply.status == 0 && reply.stdout.contains(#""pages_stored" : 2"#), "\(reply.stdout)\(reply.stderr)")
        #expect(try waiting() == 0)
        for (code, page, bytes) in [(codes[0], first, papers), (codes[1], second, result)] {
            let listed = try world.central.command(["page", "list", code, "--json", "--pages", world.central.pages])
            #expect(listed.status == 0 && !listed.stdout.contains(#""held" : false"#), "\(listed.stdout)")
            let sha = SHA256.hash(data: bytes).map { String(format: "%02x", $0) }.joined()
            let out = world.scratch.appendingPathComponent("back-\(sha.prefix(8))").path
            let got = try world.central.command([
                "page", "get", code, sha, "--out", out, "--pages", world.central.pages,
            ])
            #expect(got.status == 0, "\(page): \(got.stderr)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == bytes, "\(page) byte for byte")
        }
        // Nothing left to carry: the next stick has no pages (the last one taken off it first: same name).
        try FileManager.default.removeItem(at: again)
        let empty = try world.export()
        let none = try world.central.command(["bundle", "import", empty.path, "--json", "--pages", world.central.pages])
        #expect(none.status == 0 && none.stdout.contains(#""pages_carried" : 0"#), "\(none.stdout)")
    }

    @Test(
        "Dossiers recorded offline reach the central by bundle alone, their outcomes come back by reply alone",
        arguments: Backend.allCases)
    func offlineRoundTrip(backend: Backend) throws {
        let world = try World(backend, desks: 2)
        defer { world.done() }
        let codes = try world.record(Self.offline)
        #expect(codes.count == Self.offline)
        let bundle = try world.export()
        #expect(bundle.lastPathComponent.hasPrefix("fieldcase-02266-t1-1-\(Self.offline)-"), "commune, terminal, range")
        let queue = try world.desks[0].run(["queue", "--json"]).stdout
        #expect(
            queue.contains("\"in_bundle\" : \"\(bundle.lastPathComponent)\""),
            "queue says in bundle: \(queue.prefix(400))")
        #expect(try world.pending() == Self.offline, "a bundle is not an acknowledgement")
        try world.check(drained: false)

        let (imported, json, reply) = try world.centralImport(bundle)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(json?["applied"] as? Int == Self.offline)
        #expect(try world.centralEvents() == Self.offline)
        let replyFile = try #require(reply)
        #expect(replyFile.lastPathComponent.hasPrefix("fieldcase-reply-02266-t1-1-\(Self.offline)-"))

        // The same bundle again: nothing changes.
        let (again, againJSON, _) = try world.centralImport(bundle, reply: false)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(againJSON?["applied"] as? Int == 0 && againJSON?["duplicates"] as? Int == Self.offline)
        #expect(try world.centralEvents() == Self.offline)

        // Another desk cannot take this desk's reply.
        let wrong = try world.deskImport(replyFile, on: 1)
        #expect(wrong.status == 65 && wrong.stderr.contains("not this desk"), "\(wrong.stderr)")

        let taken = try world.deskImport(replyFile)
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(taken.stdout.contains("\"answered_now\" : \(Self.offline)"), "\(taken.stdout)")
        #expect(try world.pending() == 0)
        try world.check(drained: true)
        let twice = try world.deskImport(replyFile)
        #expect(twice.status == 0 && twice.stdout.contains("\"answered_now\" : 0"), "\(twice.stdout)\(twice.stderr)")
        try world.check(drained: true)

        // The province moves a dossier on while the desk refuses it and receives another: the conflict and the
        // province's update both come back by reply.
        #expect(try world.central.command(["case-status", codes[0], "processing"]).status == 0)
        let refused = try world.desks[0].run(["case", "status", codes[0], "refused", "--reason", "thiếu giấy"])
        #expect(refused.status == 0, "\(refused.stderr)")
        let (second, secondJSON, secondReply) = try world.centralImport(try world.export())
        #expect(second.status == 0, "\(second.stderr)")
        #expect(secondJSON?["conflicts"] as? Int == 1, "\(second.stdout)")
        #expect(try world.deskImport(try #require(secondReply)).status == 0)
        let shown = try world.desks[0].run(["queue", "--json"]).stdout
        #expect(shown.contains("\"conflict\" : 1"), "\(shown.prefix(300))")
        try world.check(drained: true)
    }

    @Test("An old bundle after a newer one, old replies after new ones, and a bundle racing a network sync")
    func replaysAndRaces() throws {
        let world = try World()
        defer { world.done() }
        _ = try world.record(5)
        let older = try world.export()
        _ = try world.record(5)
        let newer = try world.export()
        let (fresh, freshJSON, newerReply) = try world.centralImport(newer)
        #expect(fresh.status == 0 && freshJSON?["applied"] as? Int == 10, "\(fresh.stdout)\(fresh.stderr)")
        let (old, oldJSON, olderReply) = try world.centralImport(older)
        #expect(old.status == 0 && oldJSON?["applied"] as? Int == 0 && oldJSON?["duplicates"] as? Int == 5)
        #expect(try world.centralEvents() == 10)
        // The newer reply first, then the older: the older changes nothing.
        #expect(try world.deskImport(try #require(newerReply)).status == 0)
        let late = try world.deskImport(try #require(olderReply))
        #expect(late.status == 0 && late.stdout.contains("\"answered_now\" : 0"), "\(late.stdout)\(late.stderr)")
        try world.check(drained: true)

        // A bundle and a sync over the network carry the same items at the same time.
        _ = try world.record(40)
        let raced = try world.export()
        try world.central.start()
        let (syncing, syncOut, syncErr) = try world.desks[0].start(["sync", "--timeout", "300"])
        let (importing, importJSON, racedReply) = try world.centralImport(raced)
        syncing.waitUntilExit()
        let synced = world.desks[0].collect(syncing, syncOut, syncErr)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(importing.status == 0, "\(importing.stderr)")
        let applied = (importJSON?["applied"] as? Int ?? -1) + (importJSON?["duplicates"] as? Int ?? -1)
        #expect(applied == 40, "every item answered once by the import, applied or already there: \(importing.stdout)")
        #expect(try world.centralEvents() == 50)
        #expect(
            try world.central.query("SELECT event_id FROM events GROUP BY event_id HAVING COUNT(*) > 1").isEmpty,
            "no event twice")
        #expect(try world.deskImport(try #require(racedReply)).status == 0)
        try world.check(drained: true)
        // Status stays quiet: no bundle waits for a reply with items unanswered.
        #expect(!(try world.desks[0].run(["status"]).stdout.contains("bundle")))
    }

    @Test("Bundles awaiting replies: --since-ack, the queue, the 7-day warning in both languages, imports in order")
    func awaitingReplies() throws {
        let world = try World()
        defer { world.done() }
        _ = try world.record(3)
        let first = try world.export()
        _ = try world.record(2)
        let vietnamese = try world.desks[0].run(
            ["bundle", "export", "--out", world.stick.path, "--since-ack"], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(
            vietnamese.status == 0 && vietnamese.stdout.contains("Đã ghi"), "\(vietnamese.stdout)\(vietnamese.stderr)")
        let second = try #require(
            try FileManager.default.contentsOfDirectory(at: world.stick, includingPropertiesForKeys: nil)
                .first { $0.lastPathComponent.hasPrefix("fieldcase-02266-t1-4-5-") }, "only the items not yet carried")
        let queue = try world.desks[0].run(["queue", "--json"]).stdout
        #expect(queue.components(separatedBy: "\"in_bundle\" : \"fieldcase-02266").count - 1 == 5, "\(queue)")

        let late = "2025-06-18T09:00:00+07:00"
        let english = try world.desks[0].run(["status"], now: late)
        #expect(english.stdout.contains("has not come back for 8 days"), "\(english.stdout)")
        let warned = try world.desks[0].run(["status"], environment: ["LANG": "vi_VN.UTF-8"], now: late)
        #expect(warned.stdout.contains("chưa có gói trả lời"), "\(warned.stdout)")

        // The later bundle first: refused until the one before it is in.
        let (early, _, _) = try world.centralImport(second)
        #expect(early.status == 65 && early.stderr.contains("items before it first"), "\(early.stderr)")
        #expect(try world.centralEvents() == 0)
        let (one, _, firstReply) = try world.centralImport(first)
        #expect(one.status == 0, "\(one.stderr)")
        // As the packaged gateway's user does it: the bundle on standard input, the reply on standard output.
        let secondReply = world.stick.appendingPathComponent("reply-by-pipe.fcb")
        let two = try world.pipedImport(second, reply: secondReply)
        #expect(two.status == 0 && two.stderr.contains("save it as fieldcase-reply-02266-t1-4-5-"), "\(two.stderr)")
        #expect(try world.centralEvents() == 5)
        #expect(try world.deskImport(secondReply).status == 0)
        #expect(try world.deskImport(try #require(firstReply)).status == 0)
        #expect(try world.pending() == 0)
        #expect(!(try world.desks[0].run(["status"], now: late).stdout.contains("has not come back")))
        try world.check(drained: true)
    }

    @Test("Forged and misdirected bundles are refused with a clear message and nothing applied")
    func refusals() throws {
        let world = try World(desks: 2)
        defer { world.done() }
        _ = try world.record(3)
        let bundle = try world.export()
        let original = try Data(contentsOf: bundle)

        func refused(_ data: Data, _ name: String) throws -> RunResult {
            let file = world.stick.appendingPathComponent(name)
            try data.write(to: file)
            let (result, _, reply) = try world.centralImport(file)
            #expect(reply == nil, "no reply for a refused bundle")
            #expect(try world.centralEvents() == 0, "\(name): nothing applied")
            #expect(try world.pending() == 3)
            try world.check(drained: false)
            return result
        }

        // One flipped byte anywhere in the sealed body (and one in the header).
        for offset in [original.count / 2, 20] {
            var flipped = original
            flipped[offset] ^= 0x01
            let result = try refused(flipped, "flipped-\(offset).fcb")
            #expect(result.status == 65, "\(result.stderr)")
            #expect(
                result.stderr.contains("changed after") || result.stderr.contains("damaged")
                    || result.stderr.contains("another key"), "\(result.stderr)")
        }

        // Re-signed by the other desk, with its own registered key.
        let other = try FieldCaseStore.open(path: world.desks[1].databasePath, kdfCost: .insecureFast)
        let keys = try #require(try other.bundleKeys(creating: false))
        var resigned = original.prefix(original.count - 64)
        resigned.append(try keys.signing.signature(for: resigned))
        let forged = try refused(Data(resigned), "resigned.fcb")
        #expect(forged.status == 65 && forged.stderr.contains("changed after"), "\(forged.stderr)")
        // …and with the header naming the other desk's key.
        let parsed = try BundleFile.parse(original)
        var header = parsed.header
        header.signer = BundleFile.fingerprint(keys.signing.publicKey.rawRepresentation)
        let claimed = try refused(try Self.rewritten(original, header: header, signer: keys.signing), "claimed.fcb")
        #expect(claimed.status == 65 && claimed.stderr.contains("another key"), "\(claimed.stderr)")

        // A file that is not a bundle, and a reply given as a bundle.
        let junk = try refused(Data("not a bundle".utf8), "junk.fcb")
        #expect(junk.status == 65 && junk.stderr.contains("not a fieldcase bundle"), "\(junk.stderr)")

        // Replayed to another gateway.
        let elsewhere = try CentralServer(
            directory: world.scratch.appendingPathComponent("other-\(UUID())"), backend: .sqlite)
        try FileManager.default.createDirectory(
            atPath: (elsewhere.database as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        _ = try elsewhere.enrollToken()
        let replayed = try elsewhere.command(["bundle", "import", bundle.path, "--reply", world.stick.path])
        #expect(replayed.status == 65 && replayed.stderr.contains("another central system"), "\(replayed.stderr)")
        #expect(try elsewhere.query("SELECT COUNT(*) FROM events")[0][0] == "0")

        // From a revoked device.
        let device = try #require(try world.central.liveDevice(terminal: 1))
        #expect(try world.central.command(["revoke", device]).status == 0)
        let revoked = try refused(original, "revoked.fcb")
        #expect(revoked.status == 77 && revoked.stderr.contains("revoked"), "\(revoked.stderr)")
    }

    @Test("A bundle on a stick when its laptop was replaced is taken for the new laptop by an operator, once")
    func bundleOfReplacedLaptop() throws {
        var world = try World(desks: 1)
        defer { world.done() }
        let codes = try world.record(3)
        // A scan on the stick: the replaced laptop's may be its only copy.
        let scan = PageFiles.png(bytes: 30_000, seed: 21)
        let path = try PageFiles.write(scan, named: "p.png", in: world.scratch.appendingPathComponent("scans"))
        #expect(try world.desks[0].run(["case", "attach", codes[0], path]).status == 0)
        let bundle = try world.export()
        // The laptop is lost on the way back: the province revokes it and enrolls a replacement for terminal 1.
        let old = try #require(try world.central.liveDevice(terminal: 1))
        #expect(try world.central.command(["revoke", old]).status == 0)
        try world.central.start()
        let replacement = TestHome(url: world.scratch.appendingPathComponent("replacement/home"))
        try replacement.initialize(terminal: 1)
        let enrolled = try replacement.run(
            ["enroll", "--central", world.central.url, "--token", try world.central.enrollToken()])
        try #require(enrolled.status == 0, "enroll: \(enrolled.stderr)")
        world.central.stop()
        let successor = try #require(try world.central.liveDevice(terminal: 1))

        let (refused, _, _) = try world.centralImport(bundle, reply: false)
        #expect(refused.status == 77 && refused.stderr.contains("--for-successor"), "\(refused.stderr)")
        let withReply = try world.central.command(
            ["bundle", "import", bundle.path, "--for-successor", "--reply", world.stick.path])
        #expect(withReply.status == 64 && withReply.stderr.contains("no reply"), "\(withReply.stderr)")
        func takeForSuccessor() throws -> [String: Any] {
            let taken = try world.central.command([
                "bundle", "import", bundle.path, "--for-successor", "--json", "--pages", world.central.pages,
            ])
            try #require(taken.status == 0, "\(taken.stderr)")
            return try #require(try JSONSerialization.jsonObject(with: Data(taken.stdout.utf8)) as? [String: Any])
        }
        let first = try takeForSuccessor()
        #expect(first["applied"] as? Int == 4 && first["successor_id"] as? String == successor)
        #expect(first["pages_carried"] as? Int == 1 && first["pages_held"] as? Int == 1, "\(first)")
        let sha = SHA256.hash(data: scan).map { String(format: "%02x", $0) }.joined()
        let out = world.scratch.appendingPathComponent("kept.png").path
        #expect(
            try world.central.command(["page", "get", codes[0], sha, "--out", out, "--pages", world.central.pages])
                .status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == scan, "the stick's page, byte for byte")
        for code in codes {
            #expect(try world.central.query("SELECT COUNT(*) FROM cases WHERE code = '\(code)'")[0][0] == "1")
        }
        let again = try takeForSuccessor()
        #expect(again["applied"] as? Int == 0 && again["duplicates"] as? Int == 4)
        #expect(try world.centralEvents() == 4, "nothing doubled")
        let log = try world.central.command(["access-log", "--json"])
        #expect(log.stdout.components(separatedBy: "bundle.import.successor").count == 3, "\(log.stdout)")
    }

    @Test("A cloned desk's reply after a diverged answer marks nothing synced and applies nothing of the reply")
    func clonedDeskReply() throws {
        var world = try World(desks: 1)
        defer { world.done() }
        // The disk cloned to a second laptop (same machine id) before either recorded anything.
        let clone = TestHome(url: world.scratch.appendingPathComponent("clone/home"))
        try FileManager.default.createDirectory(
            at: clone.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: world.desks[0].url, to: clone.url)
        world.desks.append(clone)
        let original = try world.record(1)
        let (taken, _, reply) = try world.centralImport(try world.export())
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try world.deskImport(try #require(reply)).status == 0)
        // The same clock on both laptops names both bundles alike: the first stick is put away, its reply kept.
        let originalReply = world.scratch.appendingPathComponent("original-reply.fcb")
        try FileManager.default.copyItem(at: try #require(reply), to: originalReply)
        try FileManager.default.removeItem(at: world.stick)

        // The clone's dossier has the same code and wire number: the gateway holds the original's there.
        let cloned = try world.record(1, on: 1)
        #expect(cloned == original)
        // The original's reply speaks of the same wire number, but of the original's event: refused.
        let foreign = try world.deskImport(originalReply, on: 1)
        #expect(foreign.status == 65 && foreign.stderr.contains("never wrote"), "\(foreign.stderr)")
        let (answered, _, cloneReply) = try world.centralImport(try world.export(1))
        #expect(answered.status == 0, "\(answered.stderr)")
        let imported = try world.deskImport(try #require(cloneReply), on: 1)
        #expect(imported.status == 1, "the numbering went back: \(imported.stdout) \(imported.stderr)")
        #expect(imported.stderr.contains("sync stopped"), "\(imported.stderr)")
        let state = try DatabaseQueue(path: clone.databasePath).read {
            try String.fetchAll($0, sql: "SELECT state FROM outbox")
        }
        #expect(state == ["pending"], "nothing of the clone's is called synced")
        let shown = try clone.run(["case", "show", cloned[0], "--json"])
        #expect(!shown.stdout.contains("\"sync_state\" : \"synced\""), "\(shown.stdout)")
        // Importing it again changes nothing, and a later network sync still refuses.
        #expect(try world.deskImport(try #require(cloneReply), on: 1).status == 1)
        #expect(
            try DatabaseQueue(path: clone.databasePath).read {
                try String.fetchAll($0, sql: "SELECT state FROM outbox")
            } == ["pending"])
    }

    /// The bundle with `header` in place of its own, re-signed by `signer` (the sealed body kept as it is).
    static func rewritten(_ original: Data, header: BundleHeader, signer: Curve25519.Signing.PrivateKey) throws -> Data
    {
        let bytes = [UInt8](original)
        let headerLength = bytes[9..<13].reduce(0) { $0 << 8 | Int($1) }
        let rest = bytes[(13 + headerLength)..<(bytes.count - 64)]
        let encoded = try JSONEncoder().encode(header)
        var file = Data(bytes[0..<9])
        file.append(contentsOf: withUnsafeBytes(of: UInt32(encoded.count).bigEndian, Array.init))
        file.append(encoded)
        file.append(contentsOf: rest)
        file.append(try signer.signature(for: file))
        return file
    }
}
