import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// SIGKILL `fieldcase case add` at random moments: the store must stay whole.
@Suite(.serialized)
struct CrashTests {
    @Test("200 random SIGKILLs during case add leave every case whole or absent, codes unique, outbox gap-free")
    func killDuringCaseAdd() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        var generator = SplitMix64(seed: 20_251_129)
        var acknowledged: [String] = []
        var killed = 0
        for _ in 0..<200 {
            let (process, out, err) = try home.start(TestHome.validCase + ["--document", "Tờ khai:1:0"])
            usleep(UInt32.random(in: 0...60_000, using: &generator))
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

        let db = try DatabaseQueue(path: home.databasePath)
        try db.read { db in
            #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
            let cases = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cases") ?? 0
            let codes = try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT code) FROM cases") ?? 0
            #expect(codes == cases)
            // Each case has exactly its created event, and each event its outbox row.
            let orphans = try Int.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) FROM cases c
                    WHERE (SELECT COUNT(*) FROM case_events e JOIN outbox o ON o.seq = e.seq WHERE e.case_id = c.id) != 1
                    """) ?? -1
            #expect(orphans == 0)
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_events") ?? 0
            #expect(events == cases)
            let seqs = try Int64.fetchAll(db, sql: "SELECT seq FROM outbox ORDER BY seq")
            #expect(seqs == (0..<Int64(seqs.count)).map { $0 + 1 })
            let searchRows = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM case_search") ?? 0
            #expect(searchRows == cases)
            let stored = Set(try String.fetchAll(db, sql: "SELECT code FROM cases"))
            #expect(Set(acknowledged).isSubset(of: stored), "every acknowledged code survives")
            let sequence = try Int.fetchOne(db, sql: "SELECT last FROM code_sequences WHERE date = '2025-06-10'") ?? 0
            #expect(sequence == cases, "the daily counter moves only with committed cases")
        }
    }
}

