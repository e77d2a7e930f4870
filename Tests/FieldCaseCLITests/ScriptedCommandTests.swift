import Foundation
import Testing

/// The scripted commands as a supervisor's script meets them: the real binary, a real home folder.
@Suite(.serialized)
struct ScriptedCommandTests {
    @Test("init creates a private home folder and database, and refuses a second init")
    func initHome() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let homeMode = try FileManager.default.attributesOfItem(atPath: home.url.path)[.posixPermissions] as? Int
        let dbMode = try FileManager.default.attributesOfItem(atPath: home.databasePath)[.posixPermissions] as? Int
        #expect(homeMode == 0o700)
        #expect(dbMode == 0o600)
        let again = try home.run(["init", "--commune", "00004", "--terminal", "2", "--officer", "Lan"])
        #expect(again.status == 1)
        #expect(again.stderr.hasPrefix("Error: this home is already set up for commune 02266"))
    }

    @Test("A commands on a home that was never set up says to run init and creates nothing")
    func notInitialized() throws {
        let home = try TestHome()
        defer { home.remove() }
        let result = try home.run(["case", "list"])
        #expect(result.status == 78, "EX_CONFIG: not set up")
        #expect(result.stderr.contains("fieldcase init"))
        #expect(!FileManager.default.fileExists(atPath: home.url.path))
    }

    @Test("case add prints the code; show, list and find return the case with stable JSON keys")
    func addShowListFind() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let nfdName = "Nguyễn Văn Đức".decomposedStringWithCanonicalMapping
        var arguments = TestHome.validCase
        arguments[5] = nfdName
        let added = try home.run(
            arguments + [
                "--phone", "0912 345 678", "--document", "Giấy chứng sinh:1:0", "--received-at", "2025-06-10T15:05",
            ],
            now: "2025-06-10T16:00:00+07:00")
        #expect(added.status == 0, "\(added.stderr)")
        let code = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "02266-250610-1001")

        let shown = try home.run(["case", "show", code, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        for key in [
            "id", "code", "procedure_code", "status", "applicant", "received_at", "due_at", "timeliness", "sync_state",
            "documents", "fee", "events",
        ] {
            #expect(json.keys.contains(key), "missing \(key)")
        }
        let applicant = try #require(json["applicant"] as? [String: Any])
        #expect(Set(applicant.keys) == ["name", "id_type", "id_number", "date_of_birth", "gender", "phone", "address"])
        #expect(Array((applicant["name"] as? String ?? "").unicodeScalars) == Array("Nguyễn Văn Đức".unicodeScalars))
        #expect(applicant["phone"] as? String == "0912345678")
        #expect(json["received_at"] as? String == "2025-06-10T15:05:00+07:00")
        #expect(json["due_at"] as? String == "2025-06-11T17:00:00+07:00")
        #expect(json["status"] as? String == "received")
        #expect(json["sync_state"] as? String == "pending")
        let events = try #require(json["events"] as? [[String: Any]])
        #expect(events.count == 1)
        #expect(events.first?["kind"] as? String == "case.created")

        let found = try home.run(["case", "find", "nguyen van duc", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])
        #expect(list.map { $0["code"] as? String } == [code])
        let table = try home.run(["case", "list"])
        #expect(table.stdout.contains("Nguyễn Văn Đức"))
        #expect(table.stdout.split(separator: "\n").allSatisfy { $0.count <= 80 })
    }

    @Test("case status walks the lifecycle; a wrong move names the allowed ones and changes nothing")
    func statusChanges() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let wrong = try home.run(["case", "status", code, "resolved"])
        #expect(wrong.status == 65)
        #expect(
            wrong.stderr
                == "Error: cannot move a dossier from received to resolved; allowed next: processing, refused, withdrawn\n"
        )
        #expect(try home.run(["case", "status", code, "refused"]).stderr.contains("reason is required"))
        #expect(try home.run(["case", "status", code, "4"]).status == 0)
        #expect(try home.run(["case", "status", code, "resolved"]).status == 0)
        let listed = try home.run(["case", "list", "--status", "resolved", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["timeliness"] as? String == "on_time")
        let shown = try home.run(["case", "show", code, "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect((json["events"] as? [Any])?.count == 3)
    }

    @Test("--overdue and --due-soon pick open dossiers by where they stand against the due time")
    func overdueFilters() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var late = TestHome.validCase
        late += ["--received-at", "2025-06-05T09:00"]
        let lateCode = try home.run(late).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let soonCode = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let overdue = try home.run(["case", "list", "--overdue"])
        #expect(overdue.stdout.contains(lateCode))
        #expect(!overdue.stdout.contains(soonCode))
        let dueSoon = try home.run(["case", "list", "--due-soon"])
        #expect(dueSoon.stdout.contains(soonCode))
        #expect(!dueSoon.stdout.contains(lateCode))
    }

    @Test("catalog lists the bundled procedures with their processing time")
    func catalog() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let result = try home.run(["catalog", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
        #expect(list.count >= 200, "the commune level's procedures of 2026")
        #expect(
            list.contains { $0["code"] as? String == "1.004222" && $0["processing"] as? String == "7 working days" })
        #expect(list.allSatisfy { $0["field_vi"] is String }, "each in its field")
        let found = try home.run(["catalog", "chung thuc ban sao", "--json"])
        let copies = try #require(try JSONSerialization.jsonObject(with: Data(found.stdout.utf8)) as? [[String: Any]])
        #expect(copies.contains { $0["code"] as? String == "2.000815" })
        #expect(copies.allSatisfy { ($0["details"] as? [String: Any])?["source"] is String }, "every entry says where")
    }

    @Test("A certified copy's fee is counted from its pages and copies unless typed")
    func feeByThePage() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let copy = [
            "case", "add", "--procedure", "2.000815", "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
            "--dob", "1999-03-04", "--gender", "male", "--json",
        ]
        let counted = try home.run(copy + ["--pages", "5", "--copies", "3"])
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(counted.stdout.contains(#""amount" : 21000"#), "\(counted.stdout)")
        let typed = try home.run(copy + ["--pages", "5", "--fee", "6000"])
        #expect(typed.stdout.contains(#""amount" : 6000"#), "\(typed.stdout)")
        let wrong = try home.run(copy + ["--pages", "0"])
        #expect(wrong.status == 65 && wrong.stderr.contains("pages"), "\(wrong.stderr)")
        let uncounted = try home.run(copy)
        #expect(uncounted.status == 0 && uncounted.stderr.contains("--pages"), "never a silent 0 ₫")
        let alone = try home.run(copy + ["--copies", "2"])
        #expect(alone.status == 64, "\(alone.stderr)")
    }

    @Test("Officer commands take a name of several words without quotes, as login does")
    func unquotedOfficerNames() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let added = try home.run(["officer", "add", "Vàng", "A", "Sử", "--role", "officer", "--pin", "135790"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("Added officer Vàng A Sử."))
        let disabled = try home.run(
            ["officer", "disable", "Vàng", "A", "Sử"], environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"])
        #expect(disabled.status == 0, "\(disabled.stderr)")
        #expect(disabled.stdout.hasPrefix("Disabled Vàng A Sử.\nNew recovery key"), "\(disabled.stdout)")
    }
}

/// Citizens' data stays private to the desk's account.
@Suite(.serialized)
struct PermissionTests {
    @Test("A world-readable database or home gets a warning and is made private before the command runs")
    func worldReadable() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        chmod(home.databasePath, 0o644)
        chmod(home.url.path, 0o755)
        let result = try home.run(["case", "list"])
        #expect(result.status == 0)
        #expect(result.stderr.contains("Warning: \(home.databasePath) was open to other users (mode 644)"))
        #expect(result.stderr.contains("Warning: \(home.url.path) was open to other users (mode 755)"))
        let databaseMode =
            try FileManager.default.attributesOfItem(atPath: home.databasePath)[.posixPermissions] as? Int
        let homeMode = try FileManager.default.attributesOfItem(atPath: home.url.path)[.posixPermissions] as? Int
        #expect(databaseMode == 0o600)
        #expect(homeMode == 0o700)
        #expect(try home.run(["case", "list"]).stderr.isEmpty, "once fixed, nothing more is said")
    }
}
