import Foundation
import Testing

/// `sync/fieldcase-sync-on-reconnect`, run as NetworkManager or systemd would run it.
@Suite(.serialized)
struct ReconnectScriptTests {
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sync/fieldcase-sync-on-reconnect")

    func startScript(_ home: TestHome) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = [Self.script.path]
        var environment = ProcessInfo.processInfo.environment
        environment["FIELDCASE_HOME"] = home.url.path
        environment["FIELDCASE_BIN"] = FieldCaseBinary.url.path
        environment["FIELDCASE_WAIT_INTERVAL"] = "1"
        environment["FIELDCASE_WAIT_MAX"] = "60"
        environment["FIELDCASE_NOW"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func centralCaseCount(_ central: CentralServer) throws -> Int {
        let result = try central.command(["cases", "--json"])
        return ((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [Any])?.count ?? -1
    }

    @Test("Central down: the script waits; central up: it syncs once and exits 0")
    func waitsThenSyncs() throws {
        let setup = try SyncEndToEndTests.Setup(.sqlite)
        defer { setup.done() }
        let (home, central) = (setup.home, setup.central)
        try setup.enroll()
        _ = try setup.add(1)
        central.stop()
        let script = try startScript(home)
        Thread.sleep(forTimeInterval: 3)
        #expect(script.isRunning, "the script keeps waiting while the central system is down")
        try central.start()
        script.waitUntilExit()
        #expect(script.terminationStatus == 0)
        #expect(try centralCaseCount(central) == 1)
    }

    /// Whether a flock(2) lock is held on `path`, read from /proc/locks: probing with flock itself would hold the
    /// lock for a moment and could turn a starting script away.
    static func isLocked(_ path: String) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else { return false }
        let locks = (try? String(contentsOfFile: "/proc/locks", encoding: .utf8)) ?? ""
        return locks.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            // "1: FLOCK  ADVISORY  WRITE pid major:minor:inode 0 EOF"; a waiter's line has "->".
            return fields.contains("FLOCK") && !fields.contains("->")
                && fields.contains { $0.hasSuffix(":\(info.st_ino)") }
        }
    }

    @Test("Two copies at once: one syncs, the other exits 75; every case arrives once")
    func twoCopies() throws {
        let setup = try SyncEndToEndTests.Setup(.sqlite)
        defer { setup.done() }
        let (home, central) = (setup.home, setup.central)
        try setup.enroll()
        _ = try setup.add(5)
        // The central system does not answer, so the first copy holds the lock, waiting, while the second
        // starts: the two overlap however slowly either starts. Frozen, not stopped: a stopped gateway's port
        // can be taken by another test's gateway, which would answer the first copy (seen once under CI load).
        central.freeze()
        let first = try startScript(home)
        defer { if first.isRunning { first.terminate() } }
        let lock = home.url.appendingPathComponent("reconnect.lock").path
        let deadline = Date().addingTimeInterval(120)
        while !Self.isLocked(lock), first.isRunning, Date() < deadline { usleep(20_000) }
        try #require(Self.isLocked(lock), "the first copy took the lock")
        let second = try startScript(home)
        second.waitUntilExit()
        #expect(second.terminationStatus == 75, "the second copy finds the lock held and leaves it")
        #expect(first.isRunning, "the first copy still waits for the central system")
        central.freeze(false)
        first.waitUntilExit()
        #expect(first.terminationStatus == 0)
        #expect(try centralCaseCount(central) == 5)
    }
}
