import FieldCaseHarness
import Foundation
import Testing

/// What a new user meets in the first hour, through the real binaries: where the data goes, dates and fees
/// as they are written on paper, searches without quotes, a unit code the province registered after set-up,
/// and the gateway's listings.
@Suite(.serialized)
struct FirstUseTests {
    /// Runs `fieldcase ARGS` with exactly `environment` (no FIELDCASE_HOME), as a shell would.
    static func bare(_ arguments: [String], environment: [String: String], in folder: URL) throws -> RunResult {
        let process = Process()
        process.executableURL = FieldCaseBinary.url
        process.arguments = arguments
        process.environment = environment.merging(["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"]) { mine, _ in mine }
        process.currentDirectoryURL = folder
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), signalled: false)
    }

    static let setUp = [
        "init", "--commune", "02266", "--terminal", "1", "--officer", "Nguyễn Thị Lan", "--pin", "246810",
    ]

    @Test("The data goes under $XDG_DATA_HOME, else under $HOME as the environment says, not the passwd entry's")
    func homeFromEnvironment() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-home-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let home = scratch.appendingPathComponent("officer")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        let fast = ["FIELDCASE_INSECURE_FAST_KDF": "1", "FIELDCASE_NOW": "2025-06-10T09:00:00+07:00"]
        let first = try Self.bare(Self.setUp, environment: fast.merging(["HOME": home.path]) { $1 }, in: scratch)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.path + "/.local/share/fieldcase/fieldcase.sqlite"))

        let data = scratch.appendingPathComponent("data")
        let second = try Self.bare(
            Self.setUp, environment: fast.merging(["HOME": home.path, "XDG_DATA_HOME": data.path]) { $1 }, in: scratch)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(FileManager.default.fileExists(atPath: data.path + "/fieldcase/fieldcase.sqlite"))
    }

    @Test("Dates as DD/MM/YYYY and fees as 20.000 or 20,000 are taken; a search needs no quotes")
    func paperFormats() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let typed = [
            "case", "add", "--procedure", "1.001193", "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
            "--dob", "04/03/1999", "--gender", "male", "--json",
        ]
        for (fee, amount) in [("20.000", 20_000), ("20,000", 20_000), ("1.250.000 đ", 1_250_000), ("8000", 8000)] {
            let added = try home.run(typed + ["--fee", fee])
            #expect(added.status == 0, "\(fee): \(added.stderr)")
            let json = try JSONSerialization.jsonObject(with: Data(added.stdout.utf8)) as? [String: Any]
            #expect((json?["fee"] as? [String: Any])?["amount"] as? Int == amount, "\(fee): \(added.stdout)")
            #expect((json?["applicant"] as? [String: Any])?["date_of_birth"] as? String == "1999-03-04")
        }
        for (option, value) in [
            ("--fee", "20.00"), ("--fee", "2,0000"), ("--fee", "20.000,5"), ("--fee", "000.001"),
            ("--dob", "31/02/1999"),
        ] {
            var arguments = typed
            if option == "--dob" { arguments[arguments.firstIndex(of: "04/03/1999")!] = value }
            let refused = try home.run(arguments + (option == "--fee" ? ["--fee", value] : []))
            #expect(refused.status == 65, "\(value): \(refused.stderr)")
            #expect(refused.stderr.hasPrefix("Error: "), "\(value): \(refused.stderr)")
        }
        #expect(try home.run(["case", "list", "--json"]).stdout.components(separatedBy: "\"code\"").count - 1 == 4)
        let since = try home.run(["audit", "--since", "01/06/2025", "--json"])
        #expect(since.status == 0, "\(since.stderr)")

        let found = try home.run(["case", "find", "nguyen", "van", "duc", "--json"])
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.components(separatedBy: "\"code\"").count - 1 == 4, "\(found.stdout)")
        let none = try home.run(["case", "find", "nguyen", "van", "an", "--json"])
        #expect(!none.stdout.contains("\"code\""), "all the words must match: \(none.stdout)")
    }

    @Test("A supervisor changes the unit code of a desk set up without it: recorded dossiers follow, then it enrolls")
    func unitCodeAfterSetUp() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code == "02266-250610-1001")
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        #expect(try central.command(["register-commune", "02266", "--unit-code", "000.00.06.H56"]).status == 0)
        let supervisor = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]

        // Refused with what to do, in the officer's language, and nothing enrolled.
        let token = try central.enrollToken()
        let refused = try home.run(["enroll", "--central", central.url, "--token", token], environment: supervisor)
        #expect(refused.status == 65, "\(refused.stderr)")
        #expect(refused.stderr.contains("fieldcase unit-code 000.00.06.H56"), "\(refused.stderr)")
        let vietnamese = try home.run(
            ["enroll", "--central", central.url, "--token", token],
            environment: supervisor.merging(["LANG": "vi_VN.UTF-8"]) { $1 })
        #expect(
            vietnamese.stderr.contains("giám sát viên chạy 'fieldcase unit-code 000.00.06.H56'"), "\(vietnamese.stderr)"
        )

        // An officer may look, not change; a bad code writes nothing.
        #expect(try home.run(["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790"]).status == 0)
        let officer = try home.run(
            ["unit-code", "000.00.06.H56"],
            environment: ["FIELDCASE_OFFICER": "Lò Văn Pang", "FIELDCASE_PIN": "135790"])
        #expect(officer.status == 77, "\(officer.stderr)")
        #expect(try home.run(["unit-code", "000 00"], environment: supervisor).status == 65)
        #expect(try home.run(["unit-code"]).stdout.contains("Dossier codes 02266-YYMMDD-1NNN"))

        let changed = try home.run(["unit-code", "000.00.06.H56"], environment: supervisor)
        #expect(changed.status == 0, "\(changed.stderr)")
        #expect(changed.stdout.contains("02266-250610-1001 is now 000.00.06.H56-250610-1001"), "\(changed.stdout)")
        let shown = try home.run(["case", "show", "000.00.06.H56-250610-1001", "--json"], environment: supervisor)
        #expect(shown.status == 0, "the dossier answers to its new code: \(shown.stderr)")
        let old = try home.run(["case", "show", "02266-250610-1001", "--json"], environment: supervisor)
        #expect(
            old.stdout.contains("000.00.06.H56-250610-1001"), "and to the code on the citizen's slip: \(old.stderr)")
        let found = try home.run(["case", "find", "000.00.06.H56-250610-1001", "--json"], environment: supervisor)
        #expect(found.stdout.contains("\"000.00.06.H56-250610-1001\""), "a code with dots is searched as a code")
        let audit = try home.run(["audit", "--json"], environment: supervisor).stdout
        #expect(audit.contains("device.unit_code_changed") && audit.contains("case.recoded"))
        let next = try home.run(TestHome.validCase, environment: supervisor).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(next == "000.00.06.H56-250610-1002")

        let enrolled = try home.run(
            ["enroll", "--central", central.url, "--token", token], environment: supervisor)
        #expect(enrolled.status == 0, "the token still works after the refusal: \(enrolled.stderr)")
        #expect(try home.run(["sync", "--timeout", "600"]).status == 0)
        let held = try central.query("SELECT code FROM cases ORDER BY code").map { $0.first ?? nil }
        #expect(held == ["000.00.06.H56-250610-1001", "000.00.06.H56-250610-1002"])
        // Once enrolled, the central system holds the desk to its code.
        let late = try home.run(["unit-code", "02266"], environment: supervisor)
        #expect(late.status == 77 && late.stderr.contains("enrolled"), "\(late.stderr)")
    }

    @Test("Gateway listings print one row a line, audit times as dates, and no command makes a stray database")
    func gatewayListings() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        try central.start()
        defer { central.stop() }
        let enrolled = try home.run(
            ["enroll", "--central", central.url, "--token", try central.enrollToken()],
            environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"])
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        for _ in 0..<2 { try home.run(TestHome.validCase) }
        #expect(try home.run(["sync", "--timeout", "600"]).status == 0)

        for listing in [["cases"], ["devices"], ["report", "overdue"]] {
            let output = try central.command(listing).stdout
            #expect(!output.contains("\\u000a"), "\(listing): \(output)")
            let lines = output.split(separator: "\n")
            #expect(lines.count == (listing == ["cases"] ? 3 : 2), "\(listing): a header and a line a row: \(output)")
        }
        let device = try #require(try central.query("SELECT id FROM devices").first?.first ?? nil)
        let trail = try central.command(["audit", "--device", device]).stdout
        let first = try #require(trail.split(separator: "\n").first)
        #expect(first.split(separator: " ").dropFirst().first?.hasSuffix("+07:00") == true, "\(trail)")

        // An operator in another folder, naming no database: refused, nothing created there.
        let elsewhere = home.url.deletingLastPathComponent().appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = CentralServer.binary
        process.arguments = ["enroll-token", "--commune", "02266"]
        process.currentDirectoryURL = elsewhere
        var environment = ProcessInfo.processInfo.environment
        environment["FIELDCASE_CENTRAL_DB"] = nil
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = Pipe()
        try process.run()
        let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 66, "\(message)")
        #expect(message.contains("no gateway database at ./central-data/central.sqlite"), "\(message)")
        #expect(!FileManager.default.fileExists(atPath: elsewhere.appendingPathComponent("central-data").path))
        // Naming a new file is setting one up, and it is said.
        let named = elsewhere.appendingPathComponent("new.sqlite").path
        let created = try ChildProcess.run([
            CentralServer.binary.path, "enroll-token", "--commune", "02266", "--db", named,
        ])
        #expect(created.status == 0 && created.output.contains("Note: created a new gateway database at \(named)"))
    }

    @Test("A dossier's history shows what the central system said with escapes and line breaks made harmless")
    func historyEscaped() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try ChildProcess.check([
            "/usr/bin/sqlite3", home.databasePath,
            "UPDATE outbox SET last_error = 'refused' || char(27) || '[2J' || char(10) || 'FAKE LINE'",
        ])
        let shown = try home.run(["case", "show", code])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(!shown.stdout.unicodeScalars.contains("\u{1B}"), "\(shown.stdout)")
        #expect(!shown.stdout.split(separator: "\n").contains { $0.hasPrefix("FAKE LINE") }, "\(shown.stdout)")
    }
}
