import Foundation
import GRDB
import Testing

/// Supervisors' powers and their limits, through the real binary: roles, PIN lockout, queue review,
/// review-before-sync against a real gateway, discard and the audit trail.
@Suite(.serialized, .tags(.postgres))
struct SupervisorTests {
    static let officer = ["FIELDCASE_OFFICER": "Lò Văn Pang", "FIELDCASE_PIN": "135790"]
    static let supervisor = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]

    /// A desk with supervisor Nguyễn Thị Lan (PIN 246810), officer Lò Văn Pang (PIN 135790) and one case.
    static func desk() throws -> (TestHome, String) {
        let home = try TestHome()
        try home.initialize()
        let added = try home.run(["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790"])
        try #require(added.status == 0, "\(added.stderr)")
        let code = try home.run(TestHome.validCase, environment: supervisor).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        return (home, code)
    }

    @Test("An officer cannot hold, release, retry, discard, add or disable officers, reset PINs or change policy")
    func officerRefused() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        let before = try home.snapshot()
        let attempts: [[String]] = [
            ["queue", "hold", code], ["queue", "release", code], ["queue", "retry", "1"],
            ["queue", "discard", "1", "--reason", "duplicate"],
            ["officer", "add", "Hà Văn Tú", "--role", "supervisor", "--pin", "999999"],
            ["officer", "disable", "Nguyễn Thị Lan"], ["officer", "enable", "Nguyễn Thị Lan"],
            ["officer", "pin", "Nguyễn Thị Lan"], ["policy", "review-before-sync", "on"],
        ]
        for arguments in attempts {
            let result = try home.run(
                arguments, environment: Self.officer.merging(["FIELDCASE_NEW_PIN": "111111"]) { $1 })
            #expect(result.status == 77, "\(arguments): \(result.stderr)")
            #expect(result.stderr.hasPrefix("Error: only a supervisor may"), "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1)
        }
        #expect(try home.snapshot() == before, "a refused command wrote nothing")
        // The officer still does an officer's work.
        #expect(try home.run(["case", "status", code, "processing"], environment: Self.officer).status == 0)
    }

    @Test("Five wrong PINs lock the officer; the right PIN is refused, also with the clock set on, until a reset")
    func lockout() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        let wrong = ["FIELDCASE_OFFICER": "Lò Văn Pang", "FIELDCASE_PIN": "000000"]
        let start = "2025-06-10T09:00:00+07:00"
        for attempt in 1...4 {
            let result = try home.run(["case", "status", code, "processing"], environment: wrong, now: start)
            #expect(result.status == 77)
            #expect(
                result.stderr.contains("wrong PIN for 'Lò Văn Pang'; \(5 - attempt) more wrong"), "\(result.stderr)")
        }
        let fifth = try home.run(["case", "status", code, "processing"], environment: wrong, now: start)
        #expect(fifth.status == 77)
        #expect(fifth.stderr.contains("locked after 5 wrong PINs until 09:05"), "\(fifth.stderr)")
        for now in ["2025-06-10T09:00:30+07:00", "2025-06-10T09:04:59+07:00"] {
            let locked = try home.run(["case", "status", code, "processing"], environment: Self.officer, now: now)
            #expect(locked.status == 77, "still locked at \(now)")
            #expect(locked.stderr.contains("is locked"))
        }
        #expect(
            try home.run(["case", "show", code, "--json"], environment: Self.supervisor).stdout
                .contains("\"status\" : \"received\""))
        // The lock runs on the boot clock: the wall clock set five minutes on does not lift it.
        let after = try home.run(
            ["case", "status", code, "processing"], environment: Self.officer, now: "2025-06-10T09:05:00+07:00")
        #expect(after.status == 77, "\(after.stderr)")
        let reset = try home.run(
            ["officer", "pin", "Lò Văn Pang"],
            environment: Self.supervisor.merging(["FIELDCASE_NEW_PIN": "135790"]) { $1 })
        #expect(reset.status == 0, "\(reset.stderr)")
        let lifted = try home.run(
            ["case", "status", code, "processing"],
            environment: Self.officer.merging(["FIELDCASE_NEW_PIN": "135791"]) { $1 })
        #expect(lifted.status == 0, "\(lifted.stderr)")
        let audit = try home.auditJSON()
        #expect(audit.filter { $0["action"] as? String == "officer.pin_failed" }.count == 5)
        #expect(audit.filter { $0["action"] as? String == "officer.locked" }.count == 1)
        #expect(
            !(try home.run(["audit", "--json"], environment: Self.supervisor).stdout.contains("000000")),
            "the wrong PIN is not recorded")
    }

    @Test("A supervisor raises the PIN length: shorter new PINs are refused, shorter PINs are replaced at sign-in")
    func pinLength() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(["policy", "pin-length", "5"], environment: Self.supervisor).status == 64)
        let raised = try home.run(["policy", "pin-length", "12"], environment: Self.supervisor)
        #expect(raised.status == 0, "\(raised.stderr)")
        #expect(raised.stdout.contains("pin-length 12"))
        // The supervisor's own 6-digit PIN still opens the home once, and must be replaced by a long one then.
        let unasked = try home.run(["case", "list"])
        #expect(unasked.status == 64 && unasked.stderr.contains("12-12 digits"), "\(unasked.stderr)")
        let refused = try home.run(["case", "list"], environment: ["FIELDCASE_NEW_PIN": "112233"])
        #expect(refused.status == 65 && refused.stderr.contains("12 to 12 digits"), "\(refused.stderr)")
        let replaced = try home.run(["case", "list"], environment: ["FIELDCASE_NEW_PIN": "112233445566"])
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try home.run(["case", "list"]).status == 77, "the old PIN no longer opens anything")
        let long = ["FIELDCASE_PIN": "112233445566", "FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        let short = try home.run(
            ["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790"], environment: long)
        #expect(short.status == 65 && short.stderr.contains("12 to 12 digits"), "\(short.stderr)")
        let added = try home.run(
            ["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790135790"], environment: long)
        #expect(added.status == 0, "\(added.stderr)")
        let audit = try home.run(["audit"], environment: long)
        #expect(audit.stdout.contains("pin-length"), "\(audit.stdout) \(audit.stderr)")
    }

    @Test("A PIN is needed: without FIELDCASE_PIN and without a terminal a scripted command is refused")
    func pinRequired() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        let result = try home.run(
            ["case", "status", code, "processing"],
            environment: ["FIELDCASE_OFFICER": "Lò Văn Pang", "FIELDCASE_PIN": ""])
        #expect(result.status == 77)
        #expect(
            result.stderr
                == "Error: officer 'Lò Văn Pang' needs a PIN: set FIELDCASE_PIN or run the command on a terminal\n")
    }

    @Test(
        "Review before sync: held dossiers stay on the device until released, and never block the others",
        arguments: Backend.allCases)
    func reviewBeforeSync(backend: Backend) throws {
        let setup = try SyncEndToEndTests.Setup(backend)
        defer { setup.done() }
        let home = setup.home
        #expect(try home.run(["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790"]).status == 0)
        try setup.enroll()
        let first = try home.run(TestHome.validCase, environment: Self.officer).stdout.trimmed
        #expect(try home.run(["policy", "review-before-sync", "on"], environment: Self.supervisor).status == 0)
        let held = try home.run(TestHome.validCase, environment: Self.officer).stdout.trimmed
        let second = try home.run(TestHome.validCase, environment: Self.officer).stdout.trimmed
        // A later change to a held dossier is held with it; a change to a released one is not.
        #expect(try home.run(["case", "status", held, "processing"], environment: Self.officer).status == 0)
        #expect(try home.run(["case", "status", first, "processing"], environment: Self.officer).status == 0)

        let (sync, summary) = try setup.syncJSON()
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(summary["pushed"] == 2, "the first case and its change")
        #expect(try centralCodes(setup) == [first])
        let queue = try home.queueJSON()
        #expect(queue["held"] as? Int == 3)
        #expect(queue["pending"] as? Int == 0)

        #expect(try home.run(["queue", "release", second], environment: Self.supervisor).status == 0)
        #expect(try setup.syncJSON().1["pushed"] == 1)
        #expect(try centralCodes(setup) == [first, second])

        #expect(try home.run(["queue", "release", held], environment: Self.supervisor).status == 0)
        let (last, totals) = try setup.syncJSON()
        #expect(last.status == 0, "\(last.stderr)")
        #expect(totals["pushed"] == 2)
        #expect(totals["rejected"] == 0, "the held dossier's events arrived in order")
        #expect(try centralCodes(setup) == [first, held, second].sorted())
        let statuses = try centralStatuses(setup)
        #expect(statuses[held] == "processing")
        #expect(statuses[first] == "processing")
        #expect(try setup.syncJSON().1["pushed"] == 0, "nothing is sent twice")
    }

    @Test("Discard keeps the dossier, marks it, takes its unsent items out of the queue and records who and why")
    func discard() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        #expect(try home.run(["case", "status", code, "processing"], environment: Self.supervisor).status == 0)
        let missingReason = try home.run(["queue", "discard", "1"], environment: Self.supervisor)
        #expect(missingReason.status == 64)
        let result = try home.run(
            ["queue", "discard", "1", "--reason", "recorded twice by mistake"], environment: Self.supervisor,
            now: "2025-06-10T10:00:00+07:00")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Discarded \(code) (items 1, 2).\n")
        let shown = try home.json(["case", "show", code, "--json"]) as? [String: Any]
        #expect(shown?["discarded_at"] as? String == "2025-06-10T10:00:00+07:00")
        #expect(shown?["sync_state"] as? String == "discarded")
        let queue = try home.queueJSON()
        #expect(queue["pending"] as? Int == 0)
        #expect((queue["items"] as? [Any])?.isEmpty == true)
        // Reads are on record too: the discard is the newest change, not the newest entry.
        let entry = try #require(try home.auditJSON().last { $0["action"] as? String == "queue.discarded" })
        #expect(entry["officer"] as? String == "Nguyễn Thị Lan")
        #expect(entry["reason"] as? String == "recorded twice by mistake")
        #expect(entry["case_code"] as? String == code)
        #expect((entry["before"] as? [String: String])?["state"] == "pending")
        #expect((entry["after"] as? [String: String])?["state"] == "discarded")
        #expect(entry["device_id"] is String)
        let refused = try home.run(["case", "status", code, "resolved"], environment: Self.supervisor)
        #expect(refused.status == 65)
        #expect(refused.stderr.contains("was discarded"))
        #expect(
            try home.run(["queue", "discard", "1", "--reason", "again"], environment: Self.supervisor).status == 65)
        let rows = try home.withDatabase { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox")! }
        #expect(rows == 2, "nothing was deleted")
    }

    @Test("The audit trail cannot be rewritten or deleted, by any command or by SQL")
    func auditAppendOnly() throws {
        let (home, code) = try Self.desk()
        defer { home.remove() }
        #expect(try home.run(["case", "status", code, "processing"], environment: Self.supervisor).status == 0)
        let before = try home.auditRows()
        #expect(before.count >= 5)
        // Every command of the tree, with the arguments that would touch the trail if anything could.
        let backup = home.url.deletingLastPathComponent().appendingPathComponent("desk.backup").path
        let invocations: [[String]] = [
            ["backup", "--out", backup], ["case", "list"], ["case", "show", code], ["case", "find", "duc"],
            TestHome.validCase,
            ["case", "status", code, "resolved"], ["case", "receipt", code, "--out", home.url.path + "/slip.txt"],
            ["catalog"], ["queue"], ["queue", "hold", code], ["queue", "release", code], ["queue", "retry", "1"],
            ["queue", "discard", "3", "--reason", "test"], ["officer", "list"],
            ["officer", "add", "Hà Văn Tú", "--role", "officer", "--pin", "432100"],
            ["officer", "disable", "Hà Văn Tú"],
            ["officer", "enable", "Hà Văn Tú"], ["officer", "pin"], ["policy", "review-before-sync", "on"], ["policy"],
            ["unit-code", "000.00.06.H56"], ["unit-code"],
            ["audit"], ["audit", "--case", code], ["status"],
            ["export", "--format", "csv", "--out", home.url.path + "/x.csv"],
            ["report", "monthly", "--month", "2025-06"],
            ["bundle", "export", "--out", home.url.deletingLastPathComponent().path], ["bundle", "import", backup],
            // The trail goes back to the backup's, which holds every entry from before; what came after is kept
            // beside the home in the copy restore makes first.
            ["restore", backup], ["sync", "--timeout", "1"],
            ["enroll", "--central", "http://127.0.0.1:9", "--token", "fce_x"],
            ["init", "--commune", "02266", "--terminal", "2", "--officer", "X"],
        ]
        let covered = Set(invocations.map { $0[0] })
        #expect(Set(try home.commandNames()).subtracting(["help", "shell"]) == covered, "every command is tried here")
        for arguments in invocations {
            _ = try home.run(arguments, environment: Self.supervisor.merging(["FIELDCASE_NEW_PIN": "864200"]) { $1 })
            let now = try home.auditRows()
            #expect(Array(now.prefix(before.count)) == before, "\(arguments) changed an existing entry")
        }
        #expect(try home.auditRows().count > before.count, "the commands above did add entries")
        for statement in ["UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"] {
            #expect(throws: DatabaseError.self) { try home.withDatabase { db in try db.execute(sql: statement) } }
        }
        #expect(try home.auditRows().prefix(before.count) == before[...])
    }

    func centralCodes(_ setup: SyncEndToEndTests.Setup) throws -> [String] {
        try centralStatuses(setup).keys.sorted()
    }

    func centralStatuses(_ setup: SyncEndToEndTests.Setup) throws -> [String: String] {
        let list = try JSONSerialization.jsonObject(
            with: Data(try setup.central.command(["cases", "--json"]).stdout.utf8))
        return Dictionary(
            uniqueKeysWithValues: ((list as? [[String: Any]]) ?? []).compactMap { item in
                (item["code"] as? String).map { ($0, item["status"] as? String ?? "") }
            })
    }
}

extension TestHome {
    /// Every table's rows, to show a command changed nothing.
    func snapshot() throws -> [String] {
        try withDatabase { db in
            try ["officers", "cases", "case_events", "outbox", "audit_log", "settings"].flatMap { table in
                try Row.fetchAll(db, sql: "SELECT * FROM \(table) ORDER BY rowid").map { "\(table) \($0)" }
            }
        }
    }

    func auditRows() throws -> [String] {
        try withDatabase { db in try Row.fetchAll(db, sql: "SELECT * FROM audit_log ORDER BY id").map(\.description) }
    }

    func auditJSON() throws -> [[String: Any]] {
        (try json(["audit", "--json"]) as? [[String: Any]]) ?? []
    }

    func queueJSON() throws -> [String: Any] {
        (try json(["queue", "--json"]) as? [String: Any]) ?? [:]
    }

    func json(_ arguments: [String], now: String? = "2025-06-10T09:00:00+07:00") throws -> Any {
        // Reads need a signed-in officer: the supervisor every test home starts with.
        let result = try run(arguments, environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"], now: now)
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    func withDatabase<T>(_ body: (Database) throws -> T) throws -> T {
        let queue = try DatabaseQueue(path: databasePath)
        return try queue.write(body)
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
