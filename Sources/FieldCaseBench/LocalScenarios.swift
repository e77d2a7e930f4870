import FieldCaseCore
import FieldCaseHarness
import Foundation
import GRDB
import GRDBSQLite

/// What an officer waits for at the desk: recording a dossier, finding one, starting the program.
enum LocalScenarios {
    /// Durable `case add` through the store against one-row INSERT transactions through the raw C API,
    /// both in WAL with synchronous=FULL on the same disk, timed alternately so drift hits both alike.
    static func record(_ bench: Workbench) throws -> ScenarioResult {
        let home = try bench.buildDevice("record", terminal: 1, cases: 0)
        let store = try bench.open(home)
        let officer = try store.resolveOfficer(named: nil)
        var people = People(seed: 7, catalog: bench.catalog)
        let runs = bench.scale.recordRuns
        let intakes = try (0..<(runs + 3)).map { index in
            try people.intake(receivedAt: Workbench.now.adding(seconds: -index)).validated(
                catalog: bench.catalog, now: Workbench.now)
        }
        let baseline = try RawInserts(path: bench.folder.appendingPathComponent("raw.sqlite").path)
        var ours: [Double] = []
        var raw: [Double] = []
        for (index, intake) in intakes.enumerated() {
            let start = DispatchTime.now()
            _ = try store.addCase(intake, by: officer, now: Workbench.now)
            let mine = Stats.seconds(since: start) * 1000
            let rawStart = DispatchTime.now()
            try baseline.insert(payload: String(repeating: "x", count: 600))
            let theirs = Stats.seconds(since: rawStart) * 1000
            if index >= 3 {  // warm-up runs are not counted
                ours.append(mine)
                raw.append(theirs)
            }
        }
        let ratio = Stats.median(ours) / Stats.median(raw)
        return ScenarioResult(
            name: "record",
            figures: [
                "p50_ms": Stats.median(ours), "p99_ms": Stats.percentile(ours, 99),
                "per_second": 1000 / (ours.reduce(0, +) / Double(ours.count)),
            ],
            baseline: [
                "p50_ms": Stats.median(raw), "p99_ms": Stats.percentile(raw, 99),
                "per_second": 1000 / (raw.reduce(0, +) / Double(raw.count)),
            ],
            ratio: ratio, target: "p50 ≤ 1.3 × raw INSERT", pass: ratio <= 1.3,
            note: "\(runs) adds, sealed (AES-GCM) for the desk and (HPKE) for the central system once enrolled; "
                + "case + event + outbox + blind-index tokens + chained audit rows in one transaction")
    }

    /// What one offline guess at a PIN costs an attacker holding the disk without its TPM (scrypt at the
    /// standard cost, on one core), against a plain salted SHA-256 of the PIN; and what all six-digit PINs take.
    static func pinGuess(_ bench: Workbench) throws -> ScenarioResult {
        let guess = try PINGuess()
        let pins = (0..<(bench.scale.recordRuns / 20 + 3)).map { String(format: "%06d", 100_000 + $0) }
        let ours = Stats.time(pins) { pin in _ = guess.attempt(pin) }
        let salt = Data((0..<16).map { UInt8($0) })
        let batch = 10_000
        let plain = Stats.time(Array(0..<20)) { round in
            for index in 0..<batch { _ = PINGuess.plainHash(String(format: "%06d", round * batch + index), salt: salt) }
        }.map { $0 / Double(batch) }
        let seconds = Stats.median(ours) / 1000
        let ratio = Stats.median(ours) / Stats.median(plain)
        return ScenarioResult(
            name: "pin guess",
            figures: [
                "ms_per_guess": Stats.median(ours), "core_hours_all_6_digit": seconds * 1_000_000 / 3600,
                "hours_all_6_digit_96_vcpu": seconds * 1_000_000 / 3600 / 96,
            ],
            baseline: ["ms_per_guess": Stats.median(plain)], ratio: ratio,
            target: "≥ 100,000 × a plain salted SHA-256 per offline guess", pass: ratio >= 100_000,
            note: "\(pins.count) wrong PINs against one wrap (scrypt N=2^14, r=8, p=24) without the TPM; a wrap "
                + "sealed by the machine's TPM cannot be guessed offline at all, and on the machine its lockout "
                + "stops guessing after a few wrong PINs")
    }

    /// Folded-name and ID-number search through the blind index of the sealed store, against the same
    /// searches in a clear FTS5 index of the same dossiers (what the desk did before its data was sealed).
    static func search(_ bench: Workbench, home: URL) throws -> ScenarioResult {
        let store = try bench.open(home)
        let records = try store.cases()
        let clear = try ClearSearch(records)
        var people = People(seed: 99, catalog: bench.catalog)
        let count = bench.scale.searchQueries
        let names = (0..<count).map { _ in people.searchName() }
        let ids = (0..<count).map { records[$0 * 7919 % records.count].applicant.idNumber }
        let nameTimes = try Stats.time(names) { _ = try store.findCases($0) }
        let idTimes = try Stats.time(ids) { _ = try store.findCases($0) }
        let clearNames = try Stats.time(names) { _ = try clear.find($0) }
        let clearIDs = try Stats.time(ids) { _ = try clear.find($0) }
        let p50 = max(Stats.median(nameTimes), Stats.median(idTimes))
        let cost = max(
            Stats.median(nameTimes) / Stats.median(clearNames), Stats.median(idTimes) / Stats.median(clearIDs))
        return ScenarioResult(
            name: "search",
            figures: [
                "name_p50_ms": Stats.median(nameTimes), "name_p99_ms": Stats.percentile(nameTimes, 99),
                "id_p50_ms": Stats.median(idTimes), "id_p99_ms": Stats.percentile(idTimes, 99),
            ],
            baseline: [
                "clear_name_p50_ms": Stats.median(clearNames), "clear_id_p50_ms": Stats.median(clearIDs),
            ],
            ratio: cost, target: "p50 ≤ 5 ms and ≤ 3 × clear FTS5", pass: p50 <= 5 && cost <= 3,
            note: "\(bench.scale.storedCases) sealed dossiers, results opened; ratio is the larger of the two costs")
    }

    /// A month's Decision 766 indicators (`report indicators`, the figures of `status`) on the stored device, every
    /// dossier moved this month, against reading the same status-change rows from SQLite with nothing opened or
    /// counted: what the sealed payloads, the histories and the counting cost beyond the disk.
    static func indicators(_ bench: Workbench, home: URL) throws -> ScenarioResult {
        let store = try bench.open(home)
        // An hour after the device's dossiers were moved: the month so far holds every move.
        let now = Workbench.now.adding(seconds: 3600)
        let month = LocalDate(year: now.date.year, month: now.date.components.month, day: 1)!
        let start = ServiceIndicators.window(month: month, now: now).start
        let runs = Array(0..<bench.scale.indicatorRuns)
        var counted: ServiceIndicators?
        let times = try Stats.time(runs, warmUp: 1) { _ in
            counted = ServiceIndicators(
                month: month, histories: try store.caseHistories(receivedBefore: now, changedSince: start),
                calendar: bench.catalog.calendar, now: now)
        }
        let queue = try DatabaseQueue(path: home.appendingPathComponent("fieldcase.sqlite").path)
        let raw = try Stats.time(runs, warmUp: 1) { _ in
            try queue.read { db in
                let rows = try Row.fetchCursor(
                    db,
                    sql: """
                        SELECT c.code, e.occurred_at, e.event_id, e.payload, e.sealed
                        FROM case_events e JOIN cases c ON c.id = e.case_id JOIN outbox o ON o.seq = e.seq
                        WHERE e.kind = 'case.status_changed' AND o.state <> 'discarded' ORDER BY e.seq
                        """)
                while try rows.next() != nil {}
            }
        }
        let ratio = Stats.median(times) / Stats.median(raw)
        let resolved = Double(counted?.onTime.total ?? 0)
        return ScenarioResult(
            name: "indicators",
            figures: ["p50_ms": Stats.median(times), "resolved_counted": resolved],
            baseline: ["raw_read_p50_ms": Stats.median(raw)],
            ratio: ratio, target: "p50 ≤ 3 s and ≤ 25 × the raw read", pass: Stats.median(times) <= 3000 && ratio <= 25,
            note: "\(bench.scale.storedCases) sealed dossiers, all moved this month: every payload opened and counted")
    }

    /// Process start to the first answer, with the stored dossiers, against the sqlite3 shell's start.
    static func startup(_ bench: Workbench, home: URL, fieldcase: String) throws -> ScenarioResult {
        let database = home.appendingPathComponent("fieldcase.sqlite").path
        let environment = [
            "FIELDCASE_HOME": home.path, "FIELDCASE_NOW": Workbench.now.iso8601, "LANG": "C.UTF-8", "NO_COLOR": "1",
            "PATH": "/usr/bin:/bin",
        ]
        let script = bench.folder.appendingPathComponent("line.txt")
        try Data("catalog\n".utf8).write(to: script)
        let runs = Array(0..<bench.scale.startupRuns)
        // `status` signs in: the PIN's scrypt (about half a second by design) is reported apart, not in the ratio.
        let signIn = try Stats.time(Array(runs.prefix(3)), warmUp: 0) { _ in
            try ChildProcess.check(
                [fieldcase, "status", "--json"],
                replacing: environment.merging(["FIELDCASE_PIN": Workbench.pin]) { $1 },
                capture: false)
        }
        let status = try Stats.time(runs, warmUp: 2) { _ in
            try ChildProcess.check([fieldcase, "catalog"], replacing: environment, capture: false)
        }
        let shell = try Stats.time(runs, warmUp: 1) { _ in
            try ChildProcess.check([fieldcase, "shell"], replacing: environment, input: script.path, capture: false)
        }
        guard let sqlite3 = ChildProcess.find("sqlite3") else {
            return ScenarioResult(
                name: "startup",
                figures: [
                    "catalog_ms": Stats.median(status), "shell_line_ms": Stats.median(shell),
                    "signed_in_status_ms": Stats.median(signIn),
                ],
                target: "≤ 5 × sqlite3 start", pass: nil, note: "no sqlite3 here for the baseline (apt install sqlite3)"
            )
        }
        let baseline = try Stats.time(runs, warmUp: 2) { _ in
            try ChildProcess.check([sqlite3, database, "select 1"], replacing: environment, capture: false)
        }
        let ratio = max(Stats.median(status), Stats.median(shell)) / Stats.median(baseline)
        return ScenarioResult(
            name: "startup",
            figures: [
                "catalog_ms": Stats.median(status), "shell_line_ms": Stats.median(shell),
                "signed_in_status_ms": Stats.median(signIn),
            ],
            baseline: ["sqlite3_ms": Stats.median(baseline)], ratio: ratio, target: "≤ 5 × sqlite3 start",
            pass: ratio <= 5,
            note: "\(bench.scale.storedCases) dossiers; medians of \(runs.count) runs; ratio is the slower of the two")
    }
}

/// The baseline of `record`: the cheapest durable write SQLite offers, through its C API.
final class RawInserts {
    private var connection: OpaquePointer?
    private var statement: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open(path, &connection) == SQLITE_OK else { throw BenchError("cannot open \(path)") }
        for sql in [
            "PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
            "CREATE TABLE IF NOT EXISTS rows (id INTEGER PRIMARY KEY, payload TEXT NOT NULL)",
        ] {
            guard sqlite3_exec(connection, sql, nil, nil, nil) == SQLITE_OK else {
                throw BenchError("cannot run \(sql)")
            }
        }
        guard sqlite3_prepare_v2(connection, "INSERT INTO rows (payload) VALUES (?)", -1, &statement, nil) == SQLITE_OK
        else {
            throw BenchError("cannot prepare the insert")
        }
    }

    deinit {
        sqlite3_finalize(statement)
        sqlite3_close(connection)
    }

    /// One row in its own IMMEDIATE transaction, as the store writes a case.
    func insert(payload: String) throws {
        guard sqlite3_exec(connection, "BEGIN IMMEDIATE", nil, nil, nil) == SQLITE_OK else {
            throw BenchError("BEGIN failed")
        }
        sqlite3_reset(statement)
        sqlite3_bind_text(statement, 1, payload, -1, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        guard sqlite3_step(statement) == SQLITE_DONE, sqlite3_exec(connection, "COMMIT", nil, nil, nil) == SQLITE_OK
        else {
            throw BenchError("INSERT failed")
        }
    }
}

/// The search of the release before sealing: a clear FTS5 index of folded names, ID numbers, phones and
/// codes, in memory, as the baseline of `search`.
struct ClearSearch {
    let queue: DatabaseQueue

    init(_ records: [CaseRecord]) throws {
        queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(
                sql:
                    "CREATE VIRTUAL TABLE s USING fts5(code UNINDEXED, key, tokenize = 'unicode61 remove_diacritics 0')"
            )
            for record in records {
                let a = record.applicant
                try db.execute(
                    sql: "INSERT INTO s (code, key) VALUES (?, ?)",
                    arguments: [
                        record.code,
                        [VietnameseText.folded(a.name), a.idNumber, a[.phone] ?? "", record.code.lowercased()]
                            .joined(separator: " "),
                    ])
            }
        }
    }

    func find(_ text: String) throws -> [String] {
        let words = VietnameseText.folded(text).split { !$0.isLetter && !$0.isNumber }
        let match = words.map { "\"\($0)\"*" }.joined(separator: " AND ")
        return try queue.read { db in
            try String.fetchAll(db, sql: "SELECT code FROM s WHERE s MATCH ? LIMIT 50", arguments: [match])
        }
    }
}
