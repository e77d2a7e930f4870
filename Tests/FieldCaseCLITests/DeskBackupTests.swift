import Foundation
import Testing

/// `fieldcase backup` and `restore` on the bad days they exist for: a name already taken, a damaged home, a
/// sync still running, a file that is not a backup. Each refusal is one line and a sysexits code.
@Suite struct DeskBackupTests {
    @Test("A supervisor disabled since the backup cannot restore it: their PIN opens it, the desk says no")
    func disabledSupervisorCannotRestore() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let lan = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        #expect(try home.run(["officer", "add", "Hà Văn Sơn", "--role", "supervisor", "--pin", "111333"]).status == 0)
        let backup = home.url.deletingLastPathComponent().appendingPathComponent("jan.bak").path
        #expect(try home.run(["backup", "--out", backup], environment: lan).status == 0)
        #expect(try home.run(["officer", "disable", "Hà Văn Sơn"], environment: lan).status == 0)
        #expect(try home.run(TestHome.validCase, environment: lan).status == 0)
        let restored = try home.run(
            ["restore", backup], environment: ["FIELDCASE_OFFICER": "Hà Văn Sơn", "FIELDCASE_PIN": "111333"])
        #expect(restored.status == 77, "\(restored.stderr)")
        // Nor by setting an enabled supervisor's PIN inside a copy of the backup: the desk asks for the PIN it knows.
        let forged = TestHome(url: home.url.deletingLastPathComponent().appendingPathComponent("forged/home"))
        try FileManager.default.createDirectory(at: forged.url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backup, toPath: forged.databasePath)
        let reset = try forged.run(
            ["officer", "pin", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_OFFICER": "Hà Văn Sơn", "FIELDCASE_PIN": "111333", "FIELDCASE_NEW_PIN": "999111"])
        #expect(reset.status == 0, "\(reset.stderr)")
        let impostor = try home.run(
            ["restore", forged.databasePath],
            environment: [
                "FIELDCASE_OFFICER": "Nguyễn Thị Lan", "FIELDCASE_PIN": "999111", "FIELDCASE_NEW_PIN": "999222",
            ])
        #expect(impostor.status == 77, "\(impostor.stderr)")
        let listed = try home.run(["case", "list", "--json"], environment: lan)
        #expect(listed.stdout.contains("Nguyễn Văn Đức"), "the dossier recorded after the disable is still there")
    }

    @Test(
        "A backup from before an officer was disabled is restored under a new key: the officer and the old recovery key open nothing"
    )
    func restoreRetiresTheKeyAgain() throws {
        let home = try TestHome()
        defer { home.remove() }
        let oldRecovery = try home.initialize()
        let lan = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        #expect(try home.run(["officer", "add", "Trần Văn Bình", "--role", "officer", "--pin", "135790"]).status == 0)
        let backup = home.url.deletingLastPathComponent().appendingPathComponent("nightly.bak").path
        #expect(try home.run(["backup", "--out", backup], environment: lan).status == 0)
        #expect(try home.run(["officer", "disable", "Trần Văn Bình"], environment: lan).status == 0)
        let restored = try home.run(["restore", backup], environment: lan)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.contains("New recovery key"), "\(restored.stdout)")
        #expect(try home.run(TestHome.validCase, environment: lan).status == 0)
        let binh = try home.run(
            ["case", "list"], environment: ["FIELDCASE_OFFICER": "Trần Văn Bình", "FIELDCASE_PIN": "135790"])
        #expect(binh.status == 77 && !binh.stdout.contains("Nguyễn Văn Đức"), "\(binh.stdout) \(binh.stderr)")
        let stale = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_RECOVERY_KEY": oldRecovery, "FIELDCASE_NEW_PIN": "445566"])
        #expect(stale.status == 77, "the recovery key of the backup's days opens nothing: \(stale.stderr)")
        #expect(try home.run(["case", "list"], environment: lan).stdout.contains("Nguyễn Văn Đức"))
    }

    @Test("A restore onto a damaged home still retires the backup's key: the recovery key of its days opens nothing")
    func restoreOntoDamagedHomeRekeys() throws {
        let home = try TestHome()
        defer { home.remove() }
        let oldRecovery = try home.initialize()
        let backup = home.url.deletingLastPathComponent().appendingPathComponent("nightly.bak").path
        #expect(try home.run(["backup", "--out", backup]).status == 0)
        #expect(try home.run(["officer", "recovery-key"]).status == 0)
        let damaged = try FileHandle(forWritingTo: URL(fileURLWithPath: home.databasePath))
        try damaged.write(contentsOf: Data(repeating: 0x41, count: 4096))
        try damaged.close()
        let restored = try home.run(["restore", backup])
        #expect(restored.status == 0 && restored.stdout.contains("New recovery key"), "\(restored.stderr)")
        #expect(try home.run(TestHome.validCase).status == 0)
        let stale = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_RECOVERY_KEY": oldRecovery, "FIELDCASE_NEW_PIN": "445566"])
        #expect(stale.status == 77, "\(stale.stderr)")
    }

    @Test("A backup never replaces a file; restore refuses what is not a backup and waits for a running sync")
    func refusals() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(TestHome.validCase).status == 0)
        let scratch = home.url.deletingLastPathComponent()
        let backup = scratch.appendingPathComponent("desk.backup").path
        #expect(try home.run(["backup", "--out", backup]).status == 0)
        let mode = try FileManager.default.attributesOfItem(atPath: backup)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        for taken in [backup, home.databasePath] {
            let again = try home.run(["backup", "--out", taken])
            #expect(again.status == 73 && again.stderr.contains("exists already"), "\(again.stderr)")
        }
        #expect(try home.run(["backup", "--out", ""]).status == 64)
        #expect(try home.run(["restore", "/dev/null"]).status == 66, "not a regular file")
        let text = scratch.appendingPathComponent("notes.txt").path
        try "not a database".write(toFile: text, atomically: true, encoding: .utf8)
        let refused = try home.run(["restore", text])
        #expect(refused.status == 65 && refused.stderr.contains("not a fieldcase backup"), "\(refused.stderr)")

        // A sync holding the home's lock: restore waits rather than write under it.
        let lock = open(home.url.appendingPathComponent("sync.lock").path, O_CREAT | O_RDWR, 0o600)
        #expect(flock(lock, LOCK_EX) == 0)
        let busy = try home.run(["restore", backup])
        #expect(busy.status == 75 && busy.stderr.contains("sync is running"), "\(busy.stderr)")
        close(lock)

        // The home's database is damaged: it is set aside, never lost, and the backup goes back.
        try Data(repeating: 0x5A, count: 8192).write(to: URL(fileURLWithPath: home.databasePath))
        for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: home.databasePath + suffix) }
        let restored = try home.run(["restore", backup])
        #expect(restored.status == 0, "\(restored.stderr)")
        let kept = try FileManager.default.contentsOfDirectory(atPath: home.url.path).filter {
            $0.hasPrefix("damaged-")
        }
        #expect(kept.count == 1, "the damaged database is kept aside")
        #expect(try home.storedNames() == ["Nguyễn Văn Đức"])
    }
}
