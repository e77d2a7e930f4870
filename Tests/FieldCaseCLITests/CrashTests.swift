import FieldCaseHarness
import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// SIGKILL `fieldcase` at random moments — recording a case, saving a guided entry, migrating the
/// schema — and check the store after each kill. (Kills during sync are in SyncFaultTests.)
///
/// CI runs a seeded sample; `FIELDCASE_FULL=1 swift test --filter CrashTests` runs the full sizes.
@Suite(.serialized, .tags(.slow, .terminal))
struct CrashTests {
    static let caseAddRuns = TestScale.pick(ci: 200, full: 500)
    static let migrationRuns = TestScale.pick(ci: 30, full: 100)
    static let guidedRuns = TestScale.pick(ci: 4, full: 40)

    @Test("Random SIGKILLs during case add leave every case whole or absent, codes unique, outbox gap-free")
    func killDuringCaseAdd() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var generator = SplitMix64(seed: 20_251_129)
        var acknowledged: [String] = []
        var killed = 0
        // Kill anywhere within one and a half times what a whole `case add` takes on this machine now,
        // so that some runs finish and most die somewhere inside, however loaded the machine is: an
        // uninterrupted run is timed again every 10 runs, and the window follows the last few.
        let arguments = TestHome.validCase + ["--document", "Tờ khai:1:0"]
        var durations = RecentDurations()
        for run in 0..<Self.caseAddRuns {
            if run % 10 == 0 { durations.add(try Self.duration(of: arguments, in: home)) }
            let window = durations.median * 1.5
            let (process, out, err) = try home.start(arguments)
            usleep(UInt32(Double.random(in: 0...window, using: &generator) * 1_000_000))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
            }
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            if result.signalled {
                killed += 1
            } else {
                #expect(result.status == 0, "\(result.stderr)")
                acknowledged.append(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        #expect(killed >= 20, "the kills should land often enough to mean something (landed \(killed))")
        #expect(
            acknowledged.count >= 10, "some runs should finish, so that survival is checked (\(acknowledged.count) did)"
        )
        print(
            "crash suite, case add: \(Self.caseAddRuns) runs, \(killed) killed mid-write, \(acknowledged.count) acknowledged, lost 0"
        )

        let db = try DatabaseQueue(path: home.databasePath)
        try StoreInvariants.check(db)
        try db.read { db in
            let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events") ?? 0
            #expect(events == cases, "each case has exactly its created event")
            let stored = Set(try String.fetchAll(db, sql: "SELECT code FROM cases"))
            #expect(Set(acknowledged).isSubset(of: stored), "every acknowledged code survives")
            let sequence = try Int.fetchOne(db, sql: "SELECT last FROM code_sequences WHERE date = '2025-06-10'") ?? 0
            #expect(sequence == cases, "the daily counter moves only with committed cases")
        }
    }

    @Test(
        "Random SIGKILLs while v4 migrates a v3 database: the migration is wholly applied or not at all, then completes"
    )
    func killDuringMigration() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fieldcase-migration-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let template = scratch.appendingPathComponent("v3.sqlite")
        try Self.v3Database(at: template.path, cases: 3000)
        var generator = SplitMix64(seed: 0x3167_2A7E)
        var interrupted = 0
        // When, into a run, v4 commits: v4 is the first of several migrations, so kills spread over a whole
        // upgrade would mostly land after it. The estimate starts at a quarter of an uninterrupted upgrade timed
        // here and follows where the kills landed: a kill before the estimate that found v4 applied moves it
        // earlier, one after it that found v3 moves it later. Kills land within twice the estimate, so about half
        // interrupt v4 however loaded the machine is, and that proportion holds as the load changes.
        let probe = TestHome(url: scratch.appendingPathComponent("probe"))
        try FileManager.default.createDirectory(at: probe.url, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: template.path, toPath: probe.databasePath)
        let whole = try Self.duration(of: ["queue", "--json"], in: probe)
        var commitAt = whole / 4
        for run in 0..<Self.migrationRuns {
            let home = TestHome(url: scratch.appendingPathComponent("home-\(run)"))
            try FileManager.default.createDirectory(at: home.url, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: template.path, toPath: home.databasePath)
            let (process, out, err) = try home.start(["queue", "--json"])
            let delay = Double.random(in: 0...(2 * commitAt), using: &generator)
            usleep(UInt32(delay * 1_000_000))
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            let queue = try DatabaseQueue(path: home.databasePath)
            let migrated = try queue.read { db in
                try Bool.fetchOne(db, sql: "SELECT 1 FROM grdb_migrations WHERE identifier LIKE 'v4 %'") ?? false
            }
            if !migrated { interrupted += 1 }
            if migrated, delay < commitAt {
                commitAt = max(0.001, commitAt * 0.8)
            } else if !migrated, delay > commitAt {
                commitAt = min(whole * 4, commitAt * 1.25)
            }
            #expect(
                result.signalled || migrated, "a run that ended on its own finished the migration: \(result.stderr)")
            try queue.read { db in
                #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
                let hasAudit = try db.tableExists("audit_log")
                let hasWireSeq = try db.columns(in: "outbox").contains { $0.name == "wire_seq" }
                #expect(hasAudit == migrated && hasWireSeq == migrated, "the schema is all v3 or all v4")
                if migrated {
                    #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM audit_log") == 3000)
                    #expect(
                        try Int.fetchOne(
                            db, sql: "SELECT COUNT(*) FROM outbox WHERE wire_seq IS NULL OR wire_seq != seq") == 0)
                }
            }
            // Started again, it completes, whatever the kill interrupted.
            let again = try home.run(["queue", "--json"])
            #expect(again.status == 0, "\(again.stderr)")
            try StoreInvariants.check(queue)
            try queue.close()
            try? FileManager.default.removeItem(at: home.url)
        }
        #expect(
            interrupted >= 3, "kills should land mid-migration often enough to mean something (landed \(interrupted))")
        print(
            "crash suite, migration: \(Self.migrationRuns) runs, \(interrupted) killed before v4 committed, all completed on restart"
        )
    }

    /// A v3 database (as shipped before supervisors) holding `cases` dossiers, each created and queued.
    static func v3Database(at path: String, cases: Int) throws {
        let queue = try DatabaseQueue(path: path)
        try Schema.migrator.migrate(queue, upTo: "v3 enrollment, pull cursor, central updates")
        try queue.write { db in
            try LegacyCatalog.insert(db)
            try db.execute(
                sql: """
                    INSERT INTO profile VALUES (1, 'device-1', '02266', '02266', 1, 0);
                    INSERT INTO officers (id, name, role, created_at) VALUES (1, 'Nguyễn Thị Lan', 'supervisor', 0);
                    """)
            for index in 1...cases {
                let code = "02266-250610-\(index)"
                try db.execute(
                    sql: """
                        INSERT INTO cases (id, code, procedure_code, channel, applicant_name, id_type, id_number, date_of_birth,
                            gender, documents, fee, paid, received_at, due_at, status, officer_id, updated_at)
                        VALUES (?, ?, '1.001193', 'in_person', 'Nguyễn Văn Đức', 'cccd', '001099012345', '1999-03-04', 'male',
                            '[]', 0, 0, 1749520800, 1749549600, 'received', 1, 1749520800)
                        """, arguments: ["case-\(index)", code])
                try db.execute(
                    sql: "INSERT INTO case_events VALUES (?, ?, ?, 'case.created', ?, 1, 1749520800)",
                    arguments: [index, "event-\(index)", "case-\(index)", #"{"procedure_code":"1.001193"}"#])
                try db.execute(
                    sql: "INSERT INTO outbox (seq, state, enqueued_at, updated_at) VALUES (?, 'pending', 0, 0)",
                    arguments: [index])
            }
            try db.execute(
                sql: "INSERT INTO case_search (rowid, key) SELECT rowid, 'nguyen van duc 001099012345' FROM cases")
        }
        try queue.close()
    }

    @Test("SIGKILLs at a guided entry's review or just after it is confirmed: saved whole, or a draft that resumes")
    func killDuringGuidedSave() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var generator = SplitMix64(seed: 0x6E1D_ED)
        var saved = 0
        var killedBefore = 0
        for run in 0..<Self.guidedRuns {
            let before = try Self.casesAndDrafts(home)
            let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
            try terminal.expect("↑")
            terminal.line("new")
            var mark = try terminal.expect("Procedure (code or name, Tab to complete):")
            terminal.line("1.001193")
            for (prompt, answer) in [
                ("Applicant's full name:", "Trần Thị Hoa"), ("Date of birth", "1999-03-04"), ("Gender", "female"),
                ("ID document", ""), ("ID number:", "001199012345"), ("Phone", ""), ("Address", ""),
                ("originals copies", ""), ("originals copies", ""), ("originals copies", ""), ("originals copies", ""),
                ("Other documents", ""), ("Fee in VND [0]", ""), ("Summary", ""),
            ] {
                mark = try terminal.expect(prompt, after: mark)
                terminal.line(answer)
            }
            mark = try terminal.expect("Dossier 02266-", after: mark)
            // Every other run is killed at the review, before the officer confirms: both outcomes happen.
            if run % 2 == 1 { terminal.send("y\r") }
            usleep(UInt32.random(in: 0...12_000, using: &generator))
            kill(terminal.process.processIdentifier, SIGKILL)
            terminal.close()
            let after = try Self.casesAndDrafts(home)
            if after.cases == before.cases + 1 {
                saved += 1
                #expect(after.drafts == before.drafts, "the saved case took its draft with it")
            } else {
                killedBefore += 1
                #expect(after.cases == before.cases)
                #expect(after.drafts == before.drafts + 1, "the unsaved entry is kept as a draft")
            }
            try StoreInvariants.check(try DatabaseQueue(path: home.databasePath))
        }
        // What the kill must preserve: each kept draft resumes at the review and saves; then every entry is
        // exactly one dossier, whole and readable (its sealed applicant opens), and no draft is left.
        let kept = try DatabaseQueue(path: home.databasePath).read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM drafts ORDER BY id")
        }
        #expect(kept.count == killedBefore)
        #expect(killedBefore >= Self.guidedRuns / 2, "the runs killed at the review kept their drafts")
        for draft in kept {
            let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
            try terminal.expect("↑")
            terminal.line("resume \(draft)")
            try terminal.expect("Dossier 02266-")
            terminal.send("y\r")
            try terminal.expect("Saved")
            terminal.line("quit")
            #expect(terminal.waitForExit() == 0, "quit ends the shell with 0")
            terminal.close()
        }
        #expect(try Self.casesAndDrafts(home) == (Self.guidedRuns, 0))
        #expect(try home.storedNames() == Array(repeating: "Trần Thị Hoa", count: Self.guidedRuns))
        try StoreInvariants.check(try DatabaseQueue(path: home.databasePath))
        print(
            "crash suite, guided entry: \(Self.guidedRuns) kills at the review or after confirming, \(saved) saved whole, "
                + "\(killedBefore) kept as drafts and saved on resume")
    }

    /// Seconds one uninterrupted run of `arguments` takes (the first, on a fresh copy, for a migration).
    static func duration(of arguments: [String], in home: TestHome) throws -> Double {
        let start = Date()
        let result = try home.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return Date().timeIntervalSince(start)
    }

    /// The last few timings of a run: their median, so that one run slowed by a burst of load does not
    /// stretch a kill window on its own.
    struct RecentDurations {
        private var recent: [Double] = []

        mutating func add(_ seconds: Double) { recent = Array((recent + [seconds]).suffix(3)) }

        var median: Double { recent.sorted()[recent.count / 2] }
    }

    static func casesAndDrafts(_ home: TestHome) throws -> (cases: Int, drafts: Int) {
        try DatabaseQueue(path: home.databasePath).read { db in
            (
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? -1,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM drafts") ?? -1
            )
        }
    }
}

/// What must hold in a device's store after any crash.
enum StoreInvariants {
    static func check(_ queue: DatabaseQueue) throws {
        try queue.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT code) FROM cases") == cases, "codes are unique")
            // Every event has its outbox row and every outbox row its event: wholly present or absent.
            #expect(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events WHERE seq NOT IN (SELECT seq FROM outbox)")
                    == 0)
            #expect(
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE seq NOT IN (SELECT seq FROM case_events)")
                    == 0)
            // Every case has its created event and its search row.
            #expect(
                try Int.fetchOne(
                    db,
                    sql:
                        "SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_events e WHERE e.case_id = c.id AND e.kind = 'case.created')"
                ) == 0)
            // A sealed home seals every case and indexes it for search; one from before waits whole for a supervisor.
            let sealed = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM keyring)") ?? false
            let clear = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases WHERE sealed IS NULL") ?? -1
            #expect(clear == (sealed ? 0 : cases), "every case is sealed, or none")
            if sealed {
                #expect(
                    try Int.fetchOne(
                        db,
                        sql:
                            "SELECT COUNT(*) FROM cases c WHERE NOT EXISTS (SELECT 1 FROM case_tokens t WHERE t.case_id = c.id)"
                    ) == 0, "every case is found by search")
            }
            let seqs = try Int64.fetchAll(db, sql: "SELECT seq FROM outbox ORDER BY seq")
            #expect(seqs == (0..<Int64(seqs.count)).map { $0 + 1 }, "the outbox sequence has no gap")
        }
    }
}
