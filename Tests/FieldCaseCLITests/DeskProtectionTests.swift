import FieldCaseHarness
import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// Citizens' data on the desk, tried with the real binary as an officer, a thief with a copied home folder,
/// and someone who edits the audit trail would.
@Suite(.serialized, .tags(.slow, .terminal))
struct DeskProtectionTests {
    static let noPIN = ["FIELDCASE_PIN": ""]

    @Test("init and officer add refuse an officer without a PIN, or with fewer than 6 digits; nothing is written")
    func pinRequired() throws {
        let home = try TestHome()
        defer { home.remove() }
        let base = ["init", "--commune", "02266", "--terminal", "1", "--officer", "Nguyễn Thị Lan"]
        let none = try home.run(base)
        #expect(none.status == 64)
        #expect(none.stderr.contains("a PIN is required"))
        let short = try home.run(base + ["--pin", "2468"])
        #expect(short.status == 65)
        #expect(!FileManager.default.fileExists(atPath: home.databasePath), "bad input writes nothing")

        try home.initialize()
        let added = try home.run(["officer", "add", "Hà Văn Tú", "--role", "officer"])
        #expect(added.status == 64)
        #expect(try home.run(["officer", "add", "Hà Văn Tú", "--role", "officer", "--pin", "12345"]).status == 65)
        #expect(try home.run(["officer", "list", "--json"]).stdout.contains("Hà Văn Tú") == false)
    }

    @Test("Every read of citizens' data needs the PIN; with it, each view, search, export and report is audited")
    func readsNeedAnOfficer() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase + ["--phone", "0912345678"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let outside = home.url.deletingLastPathComponent().appendingPathComponent("export.csv").path
        let reads: [[String]] = [
            ["case", "list"], ["case", "list", "--json"], ["case", "show", code], ["case", "find", "Đức"],
            ["case", "receipt", code], ["status"], ["audit"], ["audit", "--verify"],
            ["export", "--format", "csv", "--out", outside], ["report", "monthly", "--month", "2025-06"],
        ]
        for read in reads {
            let refused = try home.run(read, environment: Self.noPIN)
            #expect(refused.status == 77, "\(read): \(refused.stderr)")
            #expect(!refused.stdout.contains("Nguyễn Văn Đức") && !refused.stdout.contains("001099012345"), "\(read)")
        }
        for read in reads {
            let allowed = try home.run(read)
            #expect(allowed.status == 0, "\(read): \(allowed.stderr)")
        }
        let trail = try home.run(["audit", "--json"]).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(trail.utf8)) as? [[String: Any]])
        let actions = entries.compactMap { $0["action"] as? String }
        for action in [
            "case.viewed", "case.receipt_printed", "cases.searched", "cases.listed", "cases.exported",
            "report.viewed", "audit.viewed",
        ] {
            #expect(actions.contains(action), "\(action) is on record")
        }
        #expect(entries.contains { $0["action"] as? String == "case.viewed" && $0["case_code"] as? String == code })
        #expect(!trail.contains("Đức"), "the search words are not kept, only how many")
        let inside = try home.run(["export", "--format", "csv", "--out", home.url.appendingPathComponent("x.csv").path])
        #expect(inside.status == 73, "an export never lands in clear inside the sealed home")
        let link = home.url.deletingLastPathComponent().appendingPathComponent("home-link")
        try FileManager.default.createSymbolicLink(at: link, withDestinationURL: home.url)
        let linked = try home.run(["export", "--format", "csv", "--out", link.appendingPathComponent("y.csv").path])
        #expect(linked.status == 73, "nor through a link to it")
        #expect(!FileManager.default.fileExists(atPath: home.url.appendingPathComponent("y.csv").path))
    }

    /// Dossiers recorded before a home is copied: 300 in CI, 1,000 under `FIELDCASE_FULL=1`.
    static let copiedDossiers = TestScale.pick(ci: 300, full: 1000)

    @Test("A copied home (database, WAL, history) holds none of the personal values of its recorded dossiers")
    func copiedHomeRevealsNothing() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let people = (1...Self.copiedDossiers).map(Person.init)
        let script = people.map(\.shellLine).joined(separator: "\n") + "\n"
        let recorded = try home.script(Array(script.utf8), arguments: ["--keep-going"])
        #expect(recorded.status == 0, "\(recorded.stderr.prefix(500))")
        #expect(
            try home.run(["case", "list", "--json", "--limit", "0"]).stdout.components(separatedBy: "\"code\"").count
                == people.count + 1)
        // A copy taken while a shell holds the store open, so the WAL is there too.
        let holder = try PseudoTerminal(home: home, arguments: ["shell"], environment: ["FIELDCASE_PIN": "246810"])
        defer { holder.close() }
        try holder.expect("fieldcase")
        let copy = home.url.deletingLastPathComponent().appendingPathComponent("stolen")
        // File by file, as a thief's copy goes: the shell may remove its WAL between the listing and the copy.
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: home.url.path) {
            try? FileManager.default.copyItem(
                at: home.url.appendingPathComponent(name), to: copy.appendingPathComponent(name))
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: copy.path)
        let bytes = try files.map { try Data(contentsOf: copy.appendingPathComponent($0)) }
        #expect(files.contains("fieldcase.sqlite"))
        for person in people {
            for value in person.personalValues {
                let needle = Data(value.utf8)
                #expect(!bytes.contains { $0.range(of: needle) != nil }, "\(value) found in a copy of the home")
            }
        }
        let found = try home.run(["case", "find", people[people.count / 2].name])
        #expect(found.stdout.contains(people[people.count / 2].name), "the data is all there for a signed-in officer")
    }

    @Test("The recovery key printed by init restores access when every PIN is forgotten")
    func recoveryKey() throws {
        let home = try TestHome()
        defer { home.remove() }
        let key = try home.initialize()
        _ = try home.run(TestHome.validCase)
        let wrong = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: [
                "FIELDCASE_RECOVERY_KEY": "ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD-ABCD", "FIELDCASE_NEW_PIN": "112233",
            ])
        #expect(wrong.status == 77)
        let recovered = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_RECOVERY_KEY": key.lowercased(), "FIELDCASE_NEW_PIN": "112233"])
        #expect(recovered.status == 0, "\(recovered.stderr)")
        #expect(try home.run(["case", "list"]).status == 77, "the forgotten PIN no longer opens anything")
        let list = try home.run(["case", "list"], environment: ["FIELDCASE_PIN": "112233"])
        #expect(list.status == 0 && list.stdout.contains("Nguyễn Văn Đức"))
        #expect(try home.run(["audit"], environment: ["FIELDCASE_PIN": "112233"]).stdout.contains("officer.recovered"))
        // A renewed recovery key comes with a new data key: the old key opens nothing, the others get one-time PINs.
        let lan = ["FIELDCASE_PIN": "112233", "FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        #expect(
            try home.run(["officer", "add", "Lò Văn Pằng", "--role", "officer", "--pin", "135790"], environment: lan)
                .status == 0)
        let renewed = try home.run(["officer", "recovery-key"], environment: lan)
        #expect(renewed.status == 0, "\(renewed.stderr)")
        let printed = renewed.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let oneTime = try #require(printed.first { $0.hasPrefix("Lò Văn Pằng: ") }?.split(separator: " ").last)
        let stale = try home.run(
            ["officer", "recover", "Nguyễn Thị Lan"],
            environment: ["FIELDCASE_RECOVERY_KEY": key, "FIELDCASE_NEW_PIN": "445566"])
        #expect(stale.status == 77, "the old recovery key opens nothing: \(stale.stderr)")
        let pang = ["FIELDCASE_OFFICER": "Lò Văn Pằng"]
        #expect(
            try home.run(["case", "list"], environment: pang.merging(["FIELDCASE_PIN": "135790"]) { $1 }).status == 77)
        let chosen = try home.run(
            ["case", "list"],
            environment: pang.merging(["FIELDCASE_PIN": String(oneTime), "FIELDCASE_NEW_PIN": "975310"]) { $1 })
        #expect(chosen.status == 0 && chosen.stdout.contains("Nguyễn Văn Đức"), "\(chosen.stderr)")
        #expect(try home.run(["audit"], environment: lan).stdout.contains("device.rekeyed"))
    }

    @Test("Thirty tries at once get no more PIN checks than five in a row: the rest meet the lock")
    func parallelTries() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(["officer", "add", "Lò Văn Pằng", "--role", "officer", "--pin", "135790"]).status == 0)
        let started = try (0..<30).map { index in
            try home.start(
                ["case", "list", "--as", "Lò Văn Pằng"],
                environment: ["FIELDCASE_PIN": String(format: "9%05d", index), "FIELDCASE_INSECURE_FAST_KDF": "0"])
        }
        let results = started.map { process, out, err in
            process.waitUntilExit()
            return home.collect(process, out, err)
        }
        #expect(results.allSatisfy { $0.status == 77 })
        let trail = try home.run(["audit", "--json", "--as", "Nguyễn Thị Lan"]).stdout
        let entries = try #require(try JSONSerialization.jsonObject(with: Data(trail.utf8)) as? [[String: Any]])
        #expect(
            entries.filter { $0["action"] as? String == "officer.pin_failed" }.count <= 5, "only five PINs were tried")
        #expect(
            try home.run(["case", "list", "--as", "Lò Văn Pằng"], environment: ["FIELDCASE_PIN": "135790"]).status == 77
        )
    }

    @Test("A wrap made at the test knob's cost is made again at the standard cost at the next sign-in")
    func weakWrapUpgraded() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        func cost() throws -> Int {
            let text = try DatabaseQueue(path: home.databasePath).read { db in
                try String.fetchOne(db, sql: "SELECT key_wrap FROM officers WHERE id = 1")
            }
            let wrap = try JSONSerialization.jsonObject(with: Data((text ?? "").utf8)) as? [String: Any]
            return wrap?["n"] as? Int ?? -1
        }
        #expect(try cost() == 16)
        #expect(try home.run(["case", "list"], environment: ["FIELDCASE_INSECURE_FAST_KDF": "0"]).status == 0)
        #expect(try cost() == 1 << 14)
        #expect(try home.run(["case", "list"]).status == 0, "the PIN still opens it")
    }

    @Test("An officer made supervisor by a plain sqlite3 UPDATE cannot act as one; audit --verify names them")
    func roleTamper() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(["officer", "add", "Hà Văn Tú", "--role", "officer", "--pin", "135790"]).status == 0)
        let tu = ["FIELDCASE_OFFICER": "Hà Văn Tú", "FIELDCASE_PIN": "135790"]
        #expect(try home.run(["case", "list"], environment: tu).status == 0)
        let queue = try DatabaseQueue(path: home.databasePath)
        try queue.write { db in
            try db.execute(sql: "UPDATE officers SET role = 'supervisor' WHERE name = 'Hà Văn Tú'")
        }
        let add = ["officer", "add", "Lò Văn Pằng", "--role", "supervisor", "--pin", "246813"]
        let promoted = try home.run(add, environment: tu)
        #expect(promoted.status == 65, "\(promoted.stdout) \(promoted.stderr)")
        #expect(promoted.stderr.contains("changed outside fieldcase"))
        let lan = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        #expect(try home.run(["officer", "list", "--json"], environment: lan).stdout.contains("Lò Văn Pằng") == false)
        let verify = try home.run(["audit", "--verify"], environment: lan)
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.contains("Hà Văn Tú is supervisor but was added as officer"), "\(verify.stderr)")

        // A shell signed in before the UPDATE acts as the officer its sign-in checked, never as the row says now.
        try queue.write { db in
            try db.execute(sql: "UPDATE officers SET role = 'officer' WHERE name = 'Hà Văn Tú'")
        }
        let shell = try PseudoTerminal(home: home, arguments: ["shell"], environment: tu)
        defer { shell.close() }
        shell.line("case list")
        let listed = try shell.expect("fieldcase")
        try queue.write { db in
            try db.execute(sql: "UPDATE officers SET role = 'supervisor' WHERE name = 'Hà Văn Tú'")
        }
        shell.line("officer add \"Lò Văn Pằng\" --role supervisor --pin 246813")
        _ = try shell.expect("changed outside fieldcase", after: listed)
        shell.line("quit")
        _ = shell.waitForExit()
        #expect(try home.run(["officer", "list", "--json"], environment: lan).stdout.contains("Lò Văn Pằng") == false)

        // With the trail's entry out of the way too, the wrap itself refuses: it binds the role it was made for.
        try queue.writeWithoutTransaction { db in
            try db.execute(sql: "DROP TRIGGER audit_log_append_only_update")
            try db.execute(
                sql: "UPDATE audit_log SET subject = 'x' WHERE action = 'officer.added' AND subject = 'Hà Văn Tú'")
        }
        let unbound = try home.run(add, environment: tu)
        #expect(unbound.status != 0, "\(unbound.stdout)")
        #expect(unbound.stderr.contains("wrong PIN"), "\(unbound.stderr)")
        #expect(try home.run(["officer", "list", "--json"], environment: lan).stdout.contains("Lò Văn Pằng") == false)
    }

    @Test("A sealed home whose keyring was deleted is not sealed again with a new key at the next sign-in")
    func keyringDeleted() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let queue = try DatabaseQueue(path: home.databasePath)
        try queue.write { db in
            try db.execute(sql: "DELETE FROM keyring; UPDATE officers SET key_wrap = NULL")
        }
        let taken = try home.run(["case", "list"], environment: ["FIELDCASE_NEW_PIN": "999111"])
        #expect(taken.status == 65, "\(taken.stdout) \(taken.stderr)")
        #expect(taken.stderr.contains("keyring") && !taken.stdout.contains("recovery key"), "\(taken.stderr)")
        #expect(try queue.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM keyring") } == 0)
    }

    @Test("Five wrong PINs lock an officer; the clock moved to 2030 or 2020 does not lift it; a supervisor does")
    func lockHolds() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(["officer", "add", "Lò Văn Pằng", "--role", "officer", "--pin", "135790"]).status == 0)
        let pang = ["FIELDCASE_OFFICER": "Lò Văn Pằng"]
        for _ in 0..<5 {
            #expect(
                try home.run(["case", "list"], environment: pang.merging(["FIELDCASE_PIN": "000000"]) { $1 }).status
                    == 77)
        }
        for now in ["2030-01-01T09:00:00+07:00", "2020-01-01T09:00:00+07:00", "2025-06-10T09:10:00+07:00"] {
            let locked = try home.run(
                ["case", "list"], environment: pang.merging(["FIELDCASE_PIN": "135790"]) { $1 }, now: now)
            #expect(locked.status == 77, "still locked at \(now)")
            #expect(locked.stderr.contains("locked"), "\(locked.stderr)")
        }
        let reset = try home.run(
            ["officer", "pin", "Lò Văn Pằng"],
            environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan", "FIELDCASE_NEW_PIN": "864200"])
        #expect(reset.status == 0, "\(reset.stderr)")
        let lifted = try home.run(
            ["case", "list"],
            environment: pang.merging(["FIELDCASE_PIN": "864200", "FIELDCASE_NEW_PIN": "975310"]) { $1 })
        #expect(lifted.status == 0, "\(lifted.stderr)")
        #expect(
            try home.run(["case", "list"], environment: pang.merging(["FIELDCASE_PIN": "975310"]) { $1 }).status == 0,
            "the PIN a supervisor set was replaced by the officer's own at once")
    }

    @Test("Enrolling needs a supervisor's PIN and is audited; sync then needs no officer", arguments: [Backend.sqlite])
    func enrollment(backend: Backend) throws {
        let setup = try SyncEndToEndTests.Setup(backend)
        defer { setup.done() }
        _ = try setup.add(2)
        #expect(
            try setup.home.run(["officer", "add", "Lò Văn Pằng", "--role", "officer", "--pin", "135790"]).status == 0)
        let lan = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        let token = try setup.central.enrollToken()
        let byOfficer = try setup.home.run(
            ["enroll", "--central", setup.central.url, "--token", token],
            environment: ["FIELDCASE_OFFICER": "Lò Văn Pằng", "FIELDCASE_PIN": "135790"])
        #expect(byOfficer.status == 77)
        #expect(
            try setup.home.run(
                ["enroll", "--central", setup.central.url, "--token", token],
                environment: lan.merging(Self.noPIN) { $1 }
            ).status == 77)
        let enrolled = try setup.home.run(
            ["enroll", "--central", setup.central.url, "--token", token], environment: lan)
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let elsewhere = try setup.home.run(
            ["sync", "--central", "http://127.0.0.1:9", "--timeout", "2"],
            environment: ["FIELDCASE_OFFICER": "Lò Văn Pằng", "FIELDCASE_PIN": "135790"])
        #expect(elsewhere.status == 77, "only a supervisor sends the device token to another address")
        let trail = try setup.home.run(["audit", "--json"], environment: lan).stdout
        #expect(trail.contains("device.enrolled") && trail.contains(setup.central.url))
        let (synced, counts) = try setup.syncJSON()
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(counts["pushed"] == 2)
        let stored = try setup.central.query("SELECT payload FROM events ORDER BY seq")
        #expect(
            stored.count == 2 && stored.allSatisfy { $0[0]?.contains("Nguyễn Văn Đức") == true }, "opened centrally")
    }
}

extension DeskProtectionTests {
    /// A home as the release before sealing left it: `count` clear dossiers with their events, a clear search
    /// index, a supervisor whose PIN is the 4-digit 2468 (PBKDF2).
    static func legacyHome(_ home: TestHome, people: [Person]) throws {
        try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
        let queue = try DatabaseQueue(path: home.databasePath)
        try Schema.migrator.migrate(queue, upTo: "v6 certificate authority of the central system")
        let salt = Data(repeating: 5, count: 16)
        try queue.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
        try queue.write { db in
            try db.execute(sql: "INSERT INTO profile VALUES (1, 'device-1', '02266', '02266', 1, 0)")
            try db.execute(
                sql: """
                    INSERT INTO officers (id, name, role, pin_hash, pin_salt, pin_rounds, created_at)
                    VALUES (1, 'Nguyễn Thị Lan', 'supervisor', ?, ?, 1000, 0)
                    """, arguments: [try PINHash.derive(pin: "2468", salt: salt, rounds: 1000), salt])
            try LegacyCatalog.insert(db)
            for (index, person) in people.enumerated() {
                let code = String(format: "02266-250610-1%03d", index + 1)
                let id = "case-\(index)"
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, code, procedure_code, channel, applicant_name, id_type, id_number,
                            date_of_birth, gender, phone, address, documents, fee, paid, received_at, due_at, status,
                            officer_id, updated_at)
                        VALUES (?, ?, '1.001193', 'in_person', ?, 'cccd', ?, ?, 'female', ?, ?, '[]', 0, 0,
                            1749520800, 1749549600, 'received', 1, 1749520800)
                        """,
                    arguments: [
                        id, code, person.name, person.idNumber, person.dateOfBirth, person.phone, person.address,
                    ])
                try db.execute(
                    sql: "INSERT INTO case_search (rowid, key) SELECT rowid, ? FROM cases WHERE id = ?",
                    arguments: ["\(VietnameseText.folded(person.name)) \(person.idNumber) \(person.phone)", id])
                let applicant = Applicant(
                    name: person.name, idType: .cccd, idNumber: person.idNumber,
                    dateOfBirth: LocalDate(iso: person.dateOfBirth) ?? LocalDate(dayNumber: 0), gender: .female,
                    phone: person.phone, address: person.address)
                let payload = String(decoding: try JSONEncoder().encode(["applicant": applicant]), as: UTF8.self)
                try db.execute(
                    sql: "INSERT INTO case_events VALUES (?, ?, ?, 'case.created', ?, 1, 1749520800)",
                    arguments: [index + 1, "event-\(index)", id, payload])
                try db.execute(
                    sql: "INSERT INTO outbox (seq, state, enqueued_at, updated_at) VALUES (?, 'pending', 0, 0)",
                    arguments: [index + 1])
            }
        }
    }

    @Test("A home from the last release is sealed at the supervisor's first sign-in; SIGKILL during it loses nothing")
    func legacyMigration() throws {
        let home = try TestHome()
        defer { home.remove() }
        let people = (1...1000).map(Person.init)
        try Self.legacyHome(home, people: people)
        // The old 4-digit PIN until a run got as far as replacing it with the new one.
        func signIn() throws -> [String: String] {
            let replaced = try DatabaseQueue(path: home.databasePath).read { db in
                try db.tableExists("keyring")
                    && (try Bool.fetchOne(
                        db, sql: "SELECT key_wrap IS NOT NULL AND must_change_pin = 0 FROM officers WHERE id = 1")
                        ?? false)
            }
            return ["FIELDCASE_PIN": replaced ? "246810" : "2468", "FIELDCASE_NEW_PIN": "246810"]
        }
        var finished = false
        var killed = 0
        for delay in [0.05, 0.2, 0.4, 0.7, 1.0, 1.5, 2.2, 3.0, 4.0] where !finished {
            let (process, out, err) = try home.start(["case", "list", "--json"], environment: try signIn())
            Thread.sleep(forTimeInterval: delay)
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            finished = !result.signalled && result.status == 0
            // Whenever the kill came, the file is sound and every dossier is there: all clear, or all sealed.
            let queue = try DatabaseQueue(path: home.databasePath)
            let (cases, sealed, keyring, integrity) = try queue.read { db in
                (
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0,
                    // Killed before v7 committed, the schema has no sealed column yet: nothing is sealed.
                    try db.columns(in: "cases").contains { $0.name == "sealed" }
                        ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE sealed IS NOT NULL") ?? 0 : 0,
                    try db.tableExists("keyring") ? try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM keyring") ?? 0 : 0,
                    try String.fetchOne(db, sql: "PRAGMA integrity_check")
                )
            }
            #expect(integrity == "ok" && cases == 1000, "after \(delay) s")
            #expect((sealed == 0 && keyring == 0) || (sealed == 1000 && keyring == 1), "after \(delay) s: \(sealed)")
        }
        if !finished {
            #expect(try home.run(["case", "list", "--json"], environment: try signIn()).status == 0)
        }
        #expect(killed > 0, "at least one run was killed on the way")
        let listed = try home.run(["case", "list", "--json", "--limit", "0"])
        #expect(listed.status == 0, "\(listed.stderr)")
        for person in people { #expect(listed.stdout.contains(person.idNumber)) }
        let files = try FileManager.default.contentsOfDirectory(atPath: home.url.path)
        let bytes = try files.map { try Data(contentsOf: home.url.appendingPathComponent($0)) }
        for person in people {
            for value in person.personalValues {
                #expect(!bytes.contains { $0.range(of: Data(value.utf8)) != nil }, "\(value) left in clear")
            }
        }
        let renewed = try home.run(["officer", "recovery-key"])
        #expect(renewed.stdout.contains("New recovery key"), "\(renewed.stderr)")
    }

    @Test(
        "Tampering with the trail fails audit --verify on the desk and centrally, a rewritten chain too",
        arguments: ["trigger", "delete", "edit", "rewrite"])
    func tamperEvident(tamper: String) throws {
        let setup = try SyncEndToEndTests.Setup(.sqlite)
        defer { setup.done() }
        _ = try setup.add(2)
        try setup.enroll()
        #expect(try setup.syncJSON().0.status == 0)
        let device = try #require(try setup.central.liveDevice(terminal: 1))
        let verify = ["audit", "--device", device, "--verify"]
        #expect(try setup.central.command(verify).status == 0)
        #expect(try setup.home.run(["audit", "--verify"]).status == 0)

        let queue = try DatabaseQueue(path: setup.home.databasePath)
        try queue.writeWithoutTransaction { db in
            switch tamper {
            case "trigger": try db.execute(sql: "DROP TRIGGER audit_log_append_only_delete")
            case "delete":
                try db.execute(sql: "DROP TRIGGER audit_log_append_only_delete; DELETE FROM audit_log WHERE id = 3")
            case "edit":
                try db.execute(
                    sql: "DROP TRIGGER audit_log_append_only_update; UPDATE audit_log SET reason = 'x' WHERE id = 2")
            default:
                // Edited, then every hash recomputed and the trigger put back: the desk's own check passes.
                try db.execute(sql: "DROP TRIGGER audit_log_append_only_update")
                try db.execute(sql: "UPDATE audit_log SET reason = 'x' WHERE id = 2")
                try FieldCaseStore.chainUnchainedAudit(db)
                try db.execute(
                    sql: Schema.v7Triggers.components(separatedBy: "CREATE TRIGGER audit_log_hash_required")[0])
            }
        }
        let desk = try setup.home.run(["audit", "--verify"])
        if tamper == "rewrite" {
            #expect(desk.status == 0, "a chain rewritten whole passes on the desk: \(desk.stderr)")
            _ = try setup.add(1)
        } else {
            #expect(desk.status == 65, "\(tamper): \(desk.stdout) \(desk.stderr)")
            #expect(desk.stderr.contains("tampered"))
        }
        #expect(try setup.syncJSON().0.status == 0)
        let central = try setup.central.command(verify)
        #expect(central.status == 65, "\(tamper): \(central.stdout) \(central.stderr)")
        #expect(central.stdout.contains("Broken:"))
    }
}

/// A citizen of the copied-home test: distinct values, valid together (the CCCD encodes birth year and gender).
struct Person {
    let name: String
    let idNumber: String
    let dateOfBirth: String
    let phone: String
    let address: String
    /// A terminal numbers at most 999 dossiers a day: half of them came the day before.
    let receivedAt: String

    init(_ index: Int) {
        let letters = String(
            String(index, radix: 26).map { Character(UnicodeScalar(($0.wholeNumberValue ?? 0) + 97)!) })
        let year = 1950 + index % 50
        name = "Hoàng Thị Xuyến \(letters.capitalized)"
        idNumber = String(format: "0011%02d%06d", year % 100, 100_000 + index)
        dateOfBirth = String(format: "%04d-%02d-%02d", year, 1 + index % 12, 1 + index % 28)
        phone = String(format: "098%07d", 1_000_000 + index)
        address = "Bản Khuổi \(letters.capitalized) số \(index)"
        receivedAt = index % 2 == 0 ? "2025-06-09T10:00:00+07:00" : "2025-06-10T08:00:00+07:00"
    }

    var shellLine: String {
        "case add --procedure 1.001193 --name '\(name)' --id-number \(idNumber) --dob \(dateOfBirth) --gender female "
            + "--phone \(phone) --address '\(address)' --received-at \(receivedAt)"
    }

    var personalValues: [String] { [name, idNumber, dateOfBirth, phone, address] }
}
