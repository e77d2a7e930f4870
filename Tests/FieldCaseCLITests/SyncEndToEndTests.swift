import FieldCaseDomain
import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// The real `fieldcase` against a real `fieldcase-central`, over loopback HTTP.
@Suite(.serialized, .tags(.slow, .postgres))
struct SyncEndToEndTests {
    struct Setup {
        let home: TestHome
        let central: CentralServer

        init(_ backend: Backend) throws {
            home = try TestHome()
            try home.initialize()
            central = try CentralServer(directory: home.url.deletingLastPathComponent(), backend: backend)
            try central.start()
        }

        func enroll() throws {
            // Enrolling is a supervisor's act: the first officer's, whoever else was added.
            let result = try home.run(
                ["enroll", "--central", central.url, "--token", try central.enrollToken()],
                environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"])
            try #require(result.status == 0, "\(result.stderr)")
        }

        func add(_ count: Int) throws -> [String] {
            try (0..<count).map { _ in
                try home.run(TestHome.validCase + ["--phone", "0912345678"]).stdout
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }

        func syncJSON(_ extra: [String] = []) throws -> (RunResult, [String: Int]) {
            let result = try home.run(["sync", "--json", "--timeout", "600"] + extra)
            let object = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Int] ?? [:]
            return (result, object)
        }

        func done() {
            central.stop()
            home.remove()
        }
    }

    @Test(
        "Cases recorded before enrollment sync afterwards, exactly once; a second sync sends nothing",
        arguments: Backend.allCases)
    func offlineThenSync(backend: Backend) throws {
        let setup = try Setup(backend)
        defer { setup.done() }
        let codes = try setup.add(3)
        try setup.enroll()
        let (first, summary) = try setup.syncJSON()
        #expect(first.status == 0, "\(first.stderr)")
        #expect(summary["pushed"] == 3)
        #expect(summary["pending"] == 0)
        #expect((summary["bytes_sent"] ?? 0) > 0)
        #expect(
            Set(summary.keys) == [
                "pushed", "duplicates", "rejected", "conflicts", "pulled", "pending", "held", "bytes_sent",
                "bytes_received", "waiting_for_sign_in", "audit_sent", "pages_sent", "page_bytes_sent",
                "pages_waiting", "page_bytes_waiting",
            ])
        #expect(summary["pages_sent"] == 0 && summary["pages_waiting"] == 0, "no pages, none sent or waiting")
        let (second, again) = try setup.syncJSON()
        #expect(second.status == 0)
        #expect(again["pushed"] == 0)
        let central = try setup.central.command(["cases", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(central.stdout.utf8)) as? [[String: Any]])
        #expect(Set(list.compactMap { $0["code"] as? String }) == Set(codes))
        #expect(list.allSatisfy { $0["commune_code"] as? String == "02266" && $0["device_id"] is String })
        #expect(list.allSatisfy { $0["conflict"] is NSNull }, "an empty field is null, never missing")
        let queue = try setup.home.run(["queue", "--json"])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        #expect(state["pending"] as? Int == 0)
        #expect((state["items"] as? [Any])?.isEmpty == true)
        // The gateway logged at trace level through the whole run: no name, ID number or phone in any line.
        let log = setup.central.log
        #expect(log.contains("fieldcase-central"), "the server did log")
        for secret in ["Nguyễn", "Nguyen", "Đức", "001099012345", "0912345678"] {
            #expect(!log.contains(secret), "personal data '\(secret)' in the gateway log")
        }
    }

    @Test(
        "A provincial update reaches the desk; a stale desk change is marked conflict with the reason and never blocks",
        arguments: Backend.allCases)
    func provincialUpdateAndConflict(backend: Backend) throws {
        let setup = try Setup(backend)
        defer { setup.done() }
        let codes = try setup.add(2)
        try setup.enroll()
        #expect(try setup.syncJSON().0.status == 0)
        try setup.central.command(["case-status", codes[0], "processing"])
        try setup.central.command(["case-status", codes[0], "supplement_requested", "--reason", "thiếu bản sao"])
        // Meanwhile, offline, the desk moves the same dossier on, and the other one too.
        #expect(try setup.home.run(["case", "status", codes[0], "withdrawn"]).status == 0)
        #expect(try setup.home.run(["case", "status", codes[1], "processing"]).status == 0)
        let (result, summary) = try setup.syncJSON()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(summary["conflicts"] == 1)
        #expect(summary["pushed"] == 1)
        let queue = try setup.home.run(["queue", "--json"])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        #expect(state["conflict"] as? Int == 1)
        let item = try #require((state["items"] as? [[String: Any]])?.first)
        #expect(item["case_code"] as? String == codes[0])
        #expect((item["last_error"] as? String)?.contains("supplement_requested") == true)
        let shown = try setup.home.run(["case", "show", codes[0], "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["status"] as? String == "supplement_requested")
        let updates = try #require(json["central_updates"] as? [[String: Any]])
        #expect(updates.map { $0["status"] as? String } == ["processing", "supplement_requested"])
        #expect(
            updates.first?["actor"] as? String == "unix:" + NSUserName(),
            "the actor is the system user who ran case-status on the gateway host")
        let other = try setup.central.command(["cases", "--json", "--status", "processing"])
        #expect(other.stdout.contains(codes[1]))
    }

    @Test(
        "The desk shows the central's due date and pause: a dossier recorded under an older catalog, a conflict answered at sync time",
        arguments: Backend.allCases)
    func centralClock(backend: Backend) throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        // The province's catalog gives birth registration five working days; the desk's bundled one, the same day.
        var catalog = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        catalog["version"] = "2026.92"
        catalog["procedures"] = (catalog["procedures"] as? [[String: Any]] ?? []).map { procedure in
            var procedure = procedure
            if procedure["code"] as? String == "1.001193" {
                procedure["processing"] = ["kind": "working_days", "days": 5]
            }
            return procedure
        }
        let path = home.url.deletingLastPathComponent().appendingPathComponent("province.json")
        try JSONSerialization.data(withJSONObject: catalog).write(to: path)
        let central = try CentralServer(directory: home.url.deletingLastPathComponent(), backend: backend)
        central.serveArguments = ["--catalog", path.path]
        try central.start()
        defer { central.stop() }
        let codes = try (0..<2).map { _ in
            try home.run(TestHome.validCase + ["--phone", "0912345678"]).stdout
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func deskClock(_ code: String) throws -> (due: Int64?, paused: Int64?) {
            let queue = try DatabaseQueue(path: home.databasePath)
            return try queue.read { db in
                let row = try Row.fetchOne(
                    db, sql: "SELECT due_at, paused_since FROM cases WHERE code = ?", arguments: [code])
                return (row?["due_at"], row?["paused_since"])
            }
        }
        func centralClock(_ code: String) throws -> (due: Int64?, paused: Int64?) {
            let row = try #require(
                try central.query("SELECT due_at, paused_since FROM cases WHERE code = '\(code)'").first)
            return (
                row[0].flatMap(LocalTime.init(iso8601:))?.epochSeconds,
                row[1].flatMap(LocalTime.init(iso8601:))?.epochSeconds
            )
        }
        let before = try deskClock(codes[0])
        #expect(
            try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
        #expect(try home.run(["sync"]).status == 0)
        let synced = try centralClock(codes[0])
        #expect(synced.due != nil && synced.due != before.due, "the province's catalog gives another due date")
        #expect(try deskClock(codes[0]).due == synced.due, "the desk shows the central due date, not its own")
        // The province asks for papers now; the desk, offline on a clock a year behind, withdraws the dossier.
        try central.command(["case-status", codes[1], "processing"])
        try central.command(["case-status", codes[1], "supplement_requested", "--reason", "thiếu bản sao"])
        #expect(try home.run(["case", "status", codes[1], "withdrawn"]).status == 0)
        let answered = try home.run(["sync", "--json"])
        let summary = try JSONSerialization.jsonObject(with: Data(answered.stdout.utf8)) as? [String: Int]
        #expect(summary?["conflicts"] == 1, "\(answered.stdout)")
        let province = try centralClock(codes[1])
        #expect(province.paused != nil)
        let desk = try deskClock(codes[1])
        #expect(desk.paused == province.paused, "the pause runs from the province's request, not from the desk's sync")
        #expect(desk.due == province.due)
    }

    @Test(
        "A discarded move puts the desk back on the province's status with the province's clock, not one counted from the discard",
        arguments: Backend.allCases)
    func discardTakesCentralClock(backend: Backend) throws {
        let setup = try Setup(backend)
        defer { setup.done() }
        let code = try #require(try setup.add(1).first)
        try setup.enroll()
        #expect(try setup.syncJSON().0.status == 0)
        try setup.central.command(["case-status", code, "processing"])
        try setup.central.command(["case-status", code, "supplement_requested", "--reason", "thiếu bản sao"])
        // The desk moves it too, a supervisor holds that move, the province's updates arrive meanwhile.
        #expect(try setup.home.run(["case", "status", code, "processing"]).status == 0)
        #expect(try setup.home.run(["queue", "hold", "2", "--reason", "kiểm tra lại"]).status == 0)
        #expect(try setup.syncJSON().0.status == 0)
        let discarded = try setup.home.run(
            ["queue", "discard", "2", "--reason", "tỉnh đã xử lý"], now: "2025-06-12T10:00:00+07:00")
        #expect(discarded.status == 0, "\(discarded.stderr)")
        let desk = try DatabaseQueue(path: setup.home.databasePath).read { db in
            try Row.fetchOne(
                db, sql: "SELECT status, paused_since, due_at FROM cases WHERE code = ?", arguments: [code])
        }
        let central = try #require(
            try setup.central.query("SELECT paused_since, due_at FROM cases WHERE code = '\(code)'").first)
        #expect(desk?["status"] == "supplement_requested")
        #expect(
            (desk?["paused_since"] as Int64?) == central[0].flatMap(LocalTime.init(iso8601:))?.epochSeconds,
            "the pause runs from the province's request")
        #expect((desk?["due_at"] as Int64?) == central[1].flatMap(LocalTime.init(iso8601:))?.epochSeconds)
    }

    @Test(
        "Exit codes: 75 when central is down (nothing lost), 77 when the token is revoked, 75 when a sync is running",
        arguments: Backend.allCases)
    func exitCodes(backend: Backend) throws {
        let setup = try Setup(backend)
        defer { setup.done() }
        try setup.enroll()
        _ = try setup.add(2)
        setup.central.stop()
        let down = try setup.home.run(["sync", "--timeout", "10"])
        #expect(down.status == 75)
        #expect(down.stderr.contains("cannot be reached"))
        let queue = try setup.home.run(["queue", "--json"])
        let state = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        #expect(state["pending"] as? Int == 2)
        #expect((state["items"] as? [[String: Any]])?.first?["attempts"] as? Int == 1)

        try setup.central.start()
        let lockPath = setup.home.url.appendingPathComponent("sync.lock").path
        let descriptor = open(lockPath, O_CREAT | O_RDWR, 0o600)
        #expect(flock(descriptor, LOCK_EX | LOCK_NB) == 0)
        let busy = try setup.home.run(["sync"])
        #expect(busy.status == 75)
        #expect(busy.stderr.contains("sync already running"))
        close(descriptor)
        #expect(try setup.home.run(["sync", "--quiet"]).status == 0)

        let devices = try setup.central.command(["devices", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
        try setup.central.command(["revoke", try #require(list.first?["device_id"] as? String)])
        let revoked = try setup.home.run(["sync"])
        #expect(revoked.status == 77)
        #expect(revoked.stderr.contains("enroll again"))
        // Enrolling again, the desk goes on where it stopped: nothing resent, nothing stuck.
        try setup.enroll()
        _ = try setup.add(1)
        let (again, summary) = try setup.syncJSON()
        #expect(again.status == 0, "\(again.stderr)")
        #expect(summary["pushed"] == 1)
        #expect(summary["rejected"] == 0)
        #expect(summary["pending"] == 0)
    }

    @Test("Enrollment refuses plain http to another host, and a used token", arguments: Backend.allCases)
    func enrollmentChecks(backend: Backend) throws {
        let setup = try Setup(backend)
        defer { setup.done() }
        let insecure = try setup.home.run(["enroll", "--central", "http://central.example.vn", "--token", "x"])
        #expect(insecure.status == 64)
        #expect(insecure.stderr.contains("--insecure"))
        let token = try setup.central.enrollToken()
        #expect(try setup.home.run(["enroll", "--central", setup.central.url, "--token", token]).status == 0)
        let reused = try setup.home.run(["enroll", "--central", setup.central.url, "--token", token])
        #expect(reused.status == 77)
        #expect(reused.stderr.contains("already used"))
    }

    @Test("Enrollment downloads the central catalog; a later sync takes a new version, and only then")
    func catalogFromCentral() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        let bundled =
            try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as! [String: Any]
        func write(version: String, extraProcedure: String) throws -> String {
            var catalog = bundled
            catalog["version"] = version
            var procedures = catalog["procedures"] as! [[String: Any]]
            procedures.append([
                "code": extraProcedure, "name_vi": "Thủ tục thử", "name_en": "Trial procedure",
                "processing": ["kind": "working_days", "days": 2], "fee": 0, "documents": [],
            ])
            catalog["procedures"] = procedures
            let path = scratch.appendingPathComponent("catalog-\(version).json").path
            try JSONSerialization.data(withJSONObject: catalog).write(to: URL(fileURLWithPath: path))
            return path
        }
        let central = try CentralServer(directory: scratch)
        central.serveArguments = ["--catalog", try write(version: "2026.91", extraProcedure: "9.000001")]
        try central.start()
        defer { central.stop() }
        #expect(try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
        #expect(try home.run(["catalog", "--json"]).stdout.contains("9.000001"))
        central.stop()
        central.serveArguments = ["--catalog", try write(version: "2026.92", extraProcedure: "9.000002")]
        try central.start()
        let (_, summary) = try {
            let result = try home.run(["sync", "--json"])
            return (
                result, (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Int] ?? [:]
            )
        }()
        let listed = try home.run(["catalog", "--json"]).stdout
        #expect(listed.contains("9.000002"))
        #expect(!listed.contains("9.000001"))
        let again = try home.run(["sync", "--json"])
        let second = (try? JSONSerialization.jsonObject(with: Data(again.stdout.utf8))) as? [String: Int] ?? [:]
        #expect(
            (second["bytes_received"] ?? 0) < (summary["bytes_received"] ?? 0), "an unchanged catalog is not sent again"
        )
    }

    @Test("1,000 cases recorded offline drain with one sync over 64 kbit/s and 300 ms latency")
    func slowLink() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let names = ["Nguyễn Văn Đức", "Trần Thị Hoa", "Lò Văn Pằng", "Hoàng Thị Mai", "Vàng A Sử"]
        // Two days of work: a terminal issues at most 999 codes a day.
        let lines = (0..<1000).map { index in
            "case add --procedure 1.004222 --name '\(names[index % names.count])' --id-number 001099012345 "
                + "--dob 1999-03-04 --gender male --phone 09\(String(format: "%08d", index)) --document 'Tờ khai:1:0' "
                + "--received-at \(index < 500 ? "2025-06-09" : "2025-06-10")T08:00"
        }
        #expect(try home.script(lines).status == 0)
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        #expect(try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
        let proxy = try LinkProxy(upstreamPort: central.port, seed: 1) { _ in
            LinkProxy.Profile(latencyMilliseconds: 300, bytesPerSecond: 8000)
        }
        defer { proxy.stop() }
        let started = Date()
        let result = try home.run(["sync", "--json", "--timeout", "600", "--central", proxy.url])
        let elapsed = Date().timeIntervalSince(started)
        let summary = (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [String: Int] ?? [:]
        #expect(result.status == 0, "\(result.stderr)")
        #expect(summary["pushed"] == 1000)
        #expect(summary["pending"] == 0)
        let perCase = Double(summary["bytes_sent"] ?? 0) / 1000
        print(
            String(
                format: "slow link: 1000 cases in %.1f s, %.0f bytes sent per case, %d bytes received", elapsed,
                perCase, summary["bytes_received"] ?? 0))
        #expect(try central.command(["cases", "--json"]).stdout.components(separatedBy: "\"code\"").count - 1 == 1000)
    }
}
