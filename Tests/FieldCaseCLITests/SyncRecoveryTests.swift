import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// The real binaries through the field's bad days: answers lost after commit, homes restored from an older
/// copy, replaced laptops, a central database restored from a backup, a gateway that never answers.
@Suite(.serialized, .tags(.postgres))
struct SyncRecoveryTests {
    /// One desk of commune 02266 enrolled with a fresh gateway.
    struct Desk {
        let home: TestHome
        let central: CentralServer

        init(_ backend: Backend = .sqlite, terminal: Int = 1) throws {
            home = try TestHome()
            try home.initialize(terminal: terminal)
            central = try CentralServer(directory: home.url.deletingLastPathComponent(), backend: backend)
            try central.start()
            try enroll()
        }

        func enroll(_ extra: [String] = []) throws {
            let token = try central.enrollToken(terminal: extra.contains("--terminal") ? Int(extra.last!) : nil)
            let result = try home.run(["enroll", "--central", central.url, "--token", token] + extra)
            #expect(result.status == 0, "enroll: \(result.stderr)")
        }

        func add(_ count: Int, to home: TestHome? = nil) throws -> [String] {
            try (0..<count).map { _ in
                let result = try (home ?? self.home).run(TestHome.validCase)
                #expect(result.status == 0, "\(result.stderr)")
                return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }

        func sync(_ home: TestHome? = nil, _ extra: [String] = []) throws -> RunResult {
            try (home ?? self.home).run(["sync", "--timeout", "600"] + extra)
        }

        func queue(_ home: TestHome? = nil) throws -> [String: Any] {
            let result = try (home ?? self.home).run(["queue", "--json"])
            return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        }

        /// Code → (case id, status) on the central system.
        func centralCases() throws -> [String: (id: String, status: String)] {
            var cases: [String: (id: String, status: String)] = [:]
            for row in try central.query("SELECT code, case_id, status FROM cases") {
                cases[row[0]!] = (row[1]!, row[2]!)
            }
            return cases
        }

        func local(_ sql: String, home: TestHome? = nil) throws -> [Row] {
            try DatabaseQueue(path: (home ?? self.home).databasePath).read { try Row.fetchAll($0, sql: sql) }
        }

        func done() {
            central.stop()
            home.remove()
        }
    }

    /// A copy of a home folder (database, WAL and all) taken while no process has it open.
    static func copy(_ home: TestHome, to target: URL) throws {
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(at: home.url, to: target)
    }

    @Test("Hole 1: an answer lost after commit never turns a conflict into synced", arguments: Backend.allCases)
    func lostAnswerKeepsTheConflict(backend: Backend) throws {
        let desk = try Desk(backend)
        defer { desk.done() }
        let code = try #require(try desk.add(1).first)
        #expect(try desk.sync().status == 0)
        try desk.central.command(["case-status", code, "processing"])
        let refused = try desk.home.run(["case", "status", code, "refused", "--reason", "thiếu giấy khai sinh"])
        #expect(refused.status == 0, "\(refused.stderr)")
        // The gateway commits the conflict; the answer never reaches the desk.
        var lost = LinkProxy.Profile()
        lost.dropResponse = true
        let proxy = try LinkProxy(upstreamPort: desk.central.port, profile: lost)
        defer { proxy.stop() }
        // The push must reach the gateway before the desk's deadline; the desk then retries (each answer lost)
        // until the deadline, so the run lasts about that long however fast the machine is.
        #expect(try desk.sync(nil, ["--central", proxy.url, "--timeout", "20"]).status == 75)
        #expect(
            try desk.central.query("SELECT outcome FROM events WHERE case_code = '\(code)' ORDER BY seq").map { $0[0] }
                == ["applied", "conflict"])
        let again = try desk.sync()
        #expect(again.status == 0, "\(again.stderr)")
        let queue = try desk.queue()
        #expect(queue["conflict"] as? Int == 1, "the retry was answered duplicate, and the desk kept the conflict")
        #expect(
            try desk.local("SELECT state FROM outbox ORDER BY seq").map { $0["state"] as String } == [
                "synced", "conflict",
            ])
        let item = try #require((queue["items"] as? [[String: Any]])?.first)
        #expect((item["last_error"] as? String)?.contains("processing") == true, "with the gateway's reason")
        #expect(try desk.local("SELECT status FROM cases").map { $0["status"] as String } == ["processing"])
        #expect(try desk.centralCases()[code]?.status == "processing")
        #expect(try desk.central.command(["conflicts", "--json"]).stdout.contains(code), "open on the central side")
    }

    @Test(
        "Hole 2: a home restored from an older copy diverges; enrolled again it sends what the central lacks under new codes",
        arguments: Backend.allCases)
    func restoredHomeDiverges(backend: Backend) throws {
        let desk = try Desk(backend)
        defer { desk.done() }
        _ = try desk.add(2)
        #expect(try desk.sync().status == 0)
        let backup = desk.home.url.deletingLastPathComponent().appendingPathComponent("backup")
        try Self.copy(desk.home, to: backup)
        let lostToTheDesk = try desk.add(2)
        #expect(try desk.sync().status == 0)
        let before = try desk.centralCases()
        // The laptop's disk is restored from the copy: its numbers and codes go back.
        try FileManager.default.removeItem(at: desk.home.url)
        try FileManager.default.copyItem(at: backup, to: desk.home.url)
        let reused = try #require(try desk.add(1).first)
        #expect(lostToTheDesk.contains(reused), "the restored desk mints a code the central system already holds")
        let stopped = try desk.home.run(["sync", "--json", "--timeout", "600"])
        #expect(stopped.status == 1)
        #expect(
            stopped.stderr.contains("numbering went back") && stopped.stderr.contains("enroll"), "\(stopped.stderr)")
        let failure = try #require(try JSONSerialization.jsonObject(with: Data(stopped.stdout.utf8)) as? [String: Any])
        #expect(failure["exit"] as? Int == 1)
        #expect((failure["error"] as? String)?.contains("numbering went back") == true)
        #expect(
            try desk.centralCases().mapValues(\.id) == before.mapValues(\.id), "nothing of the other dossiers moved")
        // A second sync stays stopped without sending anything.
        #expect(try desk.sync().status == 1)
        // The supervisor's way out: the operator revokes the old identity and issues a token; enroll, sync.
        try desk.central.command(["revoke", try #require(try desk.central.liveDevice(terminal: 1))])
        try desk.enroll()
        let healed = try desk.sync()
        #expect(healed.status == 0, "\(healed.stderr)")
        let after = try desk.centralCases()
        #expect(after.count == 5, "the new dossier reached the central system")
        for (code, held) in before { #expect(after[code]?.id == held.id, "\(code) still the same dossier") }
        let recoded = try desk.local("SELECT before, after FROM audit_log WHERE action = 'case.recoded'")
        #expect(recoded.count == 1)
        let newCode = try #require(
            try desk.local("SELECT code FROM cases ORDER BY received_at DESC, rowid DESC").first?["code"] as String?)
        #expect(newCode != reused && after[newCode] != nil)
        #expect((try desk.queue())["pending"] as? Int == 0)
        #expect((try desk.queue())["rejected"] as? Int == 0)
    }

    @Test("Hole 6: a replacement laptop continues the revoked predecessor's seq series and dossier numbers")
    func replacementLaptopContinues() throws {
        let desk = try Desk()
        defer { desk.done() }
        let old = try desk.add(3)
        #expect(try desk.sync().status == 0)
        try desk.central.command(["revoke", try #require(try desk.central.liveDevice(terminal: 1))])
        let laptop = try TestHome()
        defer { laptop.remove() }
        try laptop.initialize(terminal: 1)
        let enrolled = try laptop.run([
            "enroll", "--central", desk.central.url, "--token", try desk.central.enrollToken(),
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let fresh = try #require(try desk.add(1, to: laptop).first)
        #expect(!old.contains(fresh), "\(fresh) was already used by the laptop it replaces")
        let synced = try desk.sync(laptop)
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try desk.centralCases().count == 4)
        let live = try #require(try desk.central.liveDevice(terminal: 1))
        #expect(try desk.central.query("SELECT last_seq FROM devices WHERE id = '\(live)'").first?.first == "4")
    }

    @Test(
        "Hole 9: a central database restored from a backup gets from the desk what it lacks, with or without a new epoch",
        arguments: [true, false])
    func restoredCentralGetsWhatItLacks(newEpoch: Bool) throws {
        let desk = try Desk()
        defer { desk.done() }
        let first = try desk.add(2)
        #expect(try desk.sync().status == 0)
        let database = URL(fileURLWithPath: desk.central.database)
        let backup = database.deletingLastPathComponent().appendingPathComponent("central-backup.sqlite")
        // An online backup, as an operator's nightly job takes it while the gateway serves.
        try ChildProcess.check(["/usr/bin/sqlite3", database.path, ".backup '\(backup.path)'"])
        let later = try desk.add(2)
        let moved = try desk.home.run(["case", "status", later[0], "processing"])
        #expect(moved.status == 0)
        // A provincial update the restore will lose: the desk must end up showing the central status again.
        try desk.central.command(["case-status", first[0], "processing"])
        #expect(try desk.sync().status == 0)
        #expect(try desk.local("SELECT status FROM cases WHERE code = '\(first[0])'").first?["status"] == "processing")
        desk.central.stop()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try FileManager.default.copyItem(at: backup, to: database)
        // An operator who forgets new-epoch: the desk notices that the gateway holds less than it answered.
        if newEpoch { #expect(try desk.central.command(["new-epoch"]).status == 0) }
        try desk.central.start()
        #expect(try desk.centralCases().count == 2, "the backup predates two dossiers")
        let healed = try desk.sync()
        #expect(healed.status == 0, "\(healed.stderr)")
        let after = try desk.centralCases()
        #expect(after.count == 4)
        #expect(after[later[0]]?.status == "processing")
        #expect((try desk.queue())["pending"] as? Int == 0)
        let statuses = try desk.local("SELECT code, status FROM cases")
        for row in statuses {
            #expect(after[row["code"]]?.status == row["status"], "desk and central agree on \(row["code"] as String)")
        }
        // The history goes on: a provincial update of the new history reaches the desk.
        try desk.central.command(["case-status", first[1], "processing"])
        #expect(try desk.sync().status == 0)
        #expect(try desk.local("SELECT status FROM cases WHERE code = '\(first[1])'").first?["status"] == "processing")
    }

    @Test(
        "fieldcase-central backup and restore (online copy or pg_dump; new epoch): the desk resends what it lacks",
        arguments: Backend.allCases)
    func gatewayBackupAndRestore(backend: Backend) throws {
        let desk = try Desk(backend)
        defer { desk.done() }
        let first = try desk.add(2)
        #expect(try desk.sync().status == 0)
        let scratch = URL(fileURLWithPath: desk.central.logPath).deletingLastPathComponent()
        let backup = scratch.appendingPathComponent("central-\(backend).backup").path
        let taken = try desk.central.command(["backup", "--out", backup])
        #expect(taken.status == 0, "\(taken.stderr)")
        #expect(try desk.central.command(["backup", "--out", backup]).status == 74, "never over an existing file")
        let later = try desk.add(2)
        #expect(try desk.sync().status == 0)
        #expect(try desk.centralCases().count == 4)
        desk.central.stop()
        let restored = try desk.central.command(["restore", backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("New epoch"))
        let kept =
            restored.stdout.components(separatedBy: "what it held before is in ").last?
            .components(separatedBy: ". New epoch").first ?? ""
        #expect(FileManager.default.fileExists(atPath: kept), "the replaced database is kept: \(kept)")
        try desk.central.start()
        #expect(Set(try desk.centralCases().keys) == Set(first), "the backup predates two dossiers")
        let healed = try desk.sync()
        #expect(healed.status == 0, "\(healed.stderr)")
        let after = try desk.centralCases()
        #expect(Set(after.keys) == Set(first + later), "each dossier once, none lost")
        #expect((try desk.queue())["pending"] as? Int == 0)
    }

    @Test("Hole 12: --timeout is a hard deadline against a gateway that accepts and never answers; --json says why")
    func hardDeadline() throws {
        let desk = try Desk()
        defer { desk.done() }
        _ = try desk.add(1)
        let held = try desk.add(1)
        #expect(try desk.home.run(["queue", "hold", held[0]]).status == 0)
        let silent = try SilentListener()
        defer { silent.close() }
        let started = Date()
        let result = try desk.home.run([
            "sync", "--json", "--timeout", "3", "--central", "http://127.0.0.1:\(silent.port)",
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 75)
        // Before, a 3-second timeout let one request wait its own 30 seconds (at least 30 s in all); the ceiling,
        // under that, leaves a slow machine 22 s for starting the desk and stopping it.
        #expect(elapsed < 25, "took \(elapsed) s")
        let failure = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(failure["exit"] as? Int == 75)
        #expect(failure["error"] is String)
        #expect(failure["pushed"] as? Int == 0)
        let summary = try desk.home.run(["sync", "--json", "--timeout", "600"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(summary.stdout.utf8)) as? [String: Any])
        #expect(object["held"] as? Int == 1, "the summary says what a supervisor holds back")
    }
}

/// A TCP port that accepts connections and never says a word.
final class SilentListener {
    let descriptor: Int32
    let port: Int

    init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.descriptor = descriptor
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 16) == 0
                    && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw CentralFailure(message: "cannot listen") }
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    func close() { Glibc.close(descriptor) }
}
