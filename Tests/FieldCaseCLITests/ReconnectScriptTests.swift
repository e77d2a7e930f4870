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

    @Test("Two copies started together: one syncs, the other exits 75; every case arrives once")
    func twoCopies() throws {
        let setup = try SyncEndToEndTests.Setup(.sqlite)
        defer { setup.done() }
        let (home, central) = (setup.home, setup.central)
        try setup.enroll()
        _ = try setup.add(5)
        let first = try startScript(home)
        let second = try startScript(home)
        first.waitUntilExit()
        second.waitUntilExit()
        #expect([first.terminationStatus, second.terminationStatus].sorted() == [0, 75])
        #expect(try centralCaseCount(central) == 5)
    }
}
