import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// The home folder on a small filesystem of its own: full, then freed; then read-only.
/// Needs root for `mount` (CI runs as root); a machine where mounting fails fails the test, loudly.
@Suite(.serialized)
struct DiskFaultTests {
    /// A 3 MB tmpfs that is the home folder, unmounted when done. The test's own files (the commands'
    /// captured output) stay on the ordinary disk beside it.
    final class SmallDisk {
        let mountPoint: URL
        let home: TestHome

        init() throws {
            let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
                "fieldcase-disk-\(UUID().uuidString)")
            mountPoint = scratch.appendingPathComponent("home")
            try FileManager.default.createDirectory(at: mountPoint, withIntermediateDirectories: true)
            try ChildProcess.check(["/bin/mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", mountPoint.path])
            home = TestHome(url: mountPoint)
        }

        /// Fills what is left of the disk; returns the filler so it can be removed.
        func fill() throws -> URL {
            let filler = mountPoint.appendingPathComponent("filler")
            FileManager.default.createFile(atPath: filler.path, contents: nil)
            let handle = try FileHandle(forWritingTo: filler)
            defer { try? handle.close() }
            let block = Data(count: 64 * 1024)
            while (try? handle.write(contentsOf: block)) != nil {}
            // Single pages too, so not even one free page is left.
            let page = Data(count: 512)
            while (try? handle.write(contentsOf: page)) != nil {}
            return filler
        }

        func remount(_ options: String) throws {
            try ChildProcess.check(["/bin/mount", "-o", "remount,\(options)", mountPoint.path])
        }

        func remove() {
            try? ChildProcess.check(["/bin/umount", "-l", mountPoint.path])
            try? FileManager.default.removeItem(at: mountPoint.deletingLastPathComponent())
        }
    }

    func codes(_ home: TestHome) throws -> [String] {
        try DatabaseQueue(path: home.databasePath).read { db in
            try String.fetchAll(db, sql: "SELECT code FROM cases ORDER BY code")
        }
    }

    @Test("A full disk: case add says so and exits 74, nothing stored is damaged, work goes on once space is freed")
    func diskFull() throws {
        let disk = try SmallDisk()
        defer { disk.remove() }
        let home = disk.home
        try home.initialize()
        for _ in 0..<5 { #expect(try home.run(TestHome.validCase).status == 0) }
        let before = try codes(home)
        let filler = try disk.fill()
        var refused = 0
        // Several tries: the WAL may still have room for one; none may crash or half-write.
        for _ in 0..<5 {
            let result = try home.run(TestHome.validCase + ["--summary", String(repeating: "đơn xin ", count: 400)])
            #expect(!result.signalled)
            if result.status != 0 {
                refused += 1
                #expect(result.status == 74, "\(result.stderr)")
                #expect(result.stderr == "Error: the disk is full: nothing was saved; free some space and try again\n")
            }
        }
        #expect(refused > 0, "the disk never filled")
        try FileManager.default.removeItem(at: filler)
        let store = try DatabaseQueue(path: home.databasePath)
        #expect(try store.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") } == "ok")
        let after = try codes(home)
        #expect(Array(after.prefix(before.count)) == before, "what was stored before the disk filled is intact")
        let added = try home.run(TestHome.validCase)
        #expect(added.status == 0, "\(added.stderr)")
        let queue = try home.queueJSON()
        #expect(queue["pending"] as? Int == (try codes(home)).count, "every stored case has its outbox item")
    }

    @Test("A full disk: sync --json still prints its JSON object, with the error and the exit code")
    func syncJSONOnFullDisk() throws {
        let disk = try SmallDisk()
        defer { disk.remove() }
        let home = disk.home
        try home.initialize()
        #expect(try home.run(TestHome.validCase).status == 0)
        let filler = try disk.fill()
        defer { try? FileManager.default.removeItem(at: filler) }
        // A sync after a case add that no longer fits: the home's WAL and the sync lock cannot grow.
        _ = try home.run(TestHome.validCase + ["--summary", String(repeating: "đơn xin ", count: 400)])
        let sync = try home.run(["sync", "--json"])
        #expect(!sync.signalled)
        #expect(sync.status != 0)
        let object = try JSONSerialization.jsonObject(with: Data(sync.stdout.utf8)) as? [String: Any]
        #expect(object?["exit"] as? Int == Int(sync.status), "\(sync.stdout) \(sync.stderr)")
        #expect((object?["error"] as? String)?.isEmpty == false)
        #expect(object?["pushed"] as? Int == 0)
        #expect(sync.stderr.hasPrefix("Error: ") && sync.stderr.split(separator: "\n").count == 1, "\(sync.stderr)")
    }

    @Test("A read-only home: one clear error and exit 73, for writes and reads alike; nothing crashes")
    func readOnly() throws {
        let disk = try SmallDisk()
        defer { disk.remove() }
        let home = disk.home
        try home.initialize()
        #expect(try home.run(TestHome.validCase).status == 0)
        try disk.remount("ro")
        let write = try home.run(TestHome.validCase)
        #expect(!write.signalled)
        #expect(write.status == 73, "\(write.stderr)")
        #expect(write.stderr.hasPrefix("Error: cannot write to "))
        #expect(write.stderr.split(separator: "\n").count == 1)
        // SQLite's WAL needs its shared-memory file writable even to read: reads get the same clear error.
        let read = try home.run(["case", "list"])
        #expect(!read.signalled)
        #expect(read.status == 73, "\(read.stderr)")
        #expect(read.stderr == write.stderr)
        try disk.remount("rw")
        #expect(try home.run(TestHome.validCase).status == 0)
    }
}
