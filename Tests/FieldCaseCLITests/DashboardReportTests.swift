import Foundation
import Testing

/// `status --json` and `report monthly` against figures worked out by hand on a fixed set of dossiers
/// around the 2025 National Day holidays (Monday 1 and Tuesday 2 September). Office hours 07:00–11:30
/// and 13:30–17:00, 8 working hours a day. "Now" is Wednesday 10 September 2025, 10:00.
@Suite(.serialized)
struct DashboardReportTests {
    static let now = "2025-09-10T10:00:00+07:00"

    /// The dossiers, each with its due time worked out in the comment.
    final class DataSet {
        let home: TestHome
        var codes: [String: String] = [:]

        init() throws {
            home = try TestHome()
            try home.initialize()
            // A — 3 working days from Thu 28 Aug 09:00: Thu 6 h, Fri 8 h, (weekend, 1–2 Sep holidays), Wed 3 Sep 8 h,
            // Thu 4 Sep 2 h → due Thu 4 Sep 09:00. Resolved Fri 5 Sep: late. Open on 1 Sep: carried over.
            try add("A", "1.004873", at: "2025-08-28T09:00")
            try move("A", "processing", at: "2025-08-28T10:00")
            try move("A", "resolved", at: "2025-09-05T10:00")
            // B — 3 working days from Wed 3 Sep 07:00 → due Fri 5 Sep 17:00. Paused Thu 4 07:00 to Mon 8 07:00
            // (16 working hours) → due Tue 9 Sep 17:00. Resolved Tue 9 Sep 15:00: on time, only thanks to the pause.
            try add("B", "1.004859", at: "2025-09-03T07:00")
            try move("B", "processing", at: "2025-09-03T08:00")
            try move("B", "supplement_requested", at: "2025-09-04T07:00")
            try move("B", "processing", at: "2025-09-08T07:00")
            try move("B", "resolved", at: "2025-09-09T15:00")
            // C — 7 working days from Wed 3 Sep 09:00 → due Fri 12 Sep 09:00. Resolved Mon 8 Sep: early.
            try add("C", "1.004222", at: "2025-09-03T09:00")
            try move("C", "processing", at: "2025-09-03T09:30")
            try move("C", "resolved", at: "2025-09-08T10:00")
            // D — 1 working day from Mon 8 Sep 09:00 → due Tue 9 Sep 09:00. Processing at now: overdue by
            // Tue 6 h + Wed 3 h = 9 h = 1.1 working days.
            try add("D", "1.003677", at: "2025-09-08T09:00")
            try move("D", "processing", at: "2025-09-08T10:00")
            // E — 1 working day from Tue 9 Sep 13:30 → due Wed 10 Sep 11:30: 1.5 h left, due soon (0.2 days).
            try add("E", "1.003677", at: "2025-09-09T13:30")
            // F — 7 working days from Wed 10 Sep 08:00: on track.
            try add("F", "1.004222", at: "2025-09-10T08:00")
            // G — refused the day it came: ended without a result.
            try add("G", "1.001193", at: "2025-09-04T08:00")
            try move("G", "refused", at: "2025-09-04T09:00", reason: "thiếu giấy chứng sinh")
            // H — same day, received Fri 29 Aug 16:00 (after the 15:00 cutoff) → next working day after the
            // weekend and the holidays: Wed 3 Sep 17:00. Overdue by Thu–Tue 4 × 8 h + Wed 3 h = 35 h = 4.4 days.
            try add("H", "2.000815", at: "2025-08-29T16:00")
            // I — discarded by the supervisor: counted apart, in no report.
            try add("I", "1.003677", at: "2025-09-05T08:00")
            let discarded = try home.run(
                ["queue", "discard", "19", "--reason", "entered twice"], now: "2025-09-05T09:00:00+07:00")
            try #require(discarded.status == 0, "\(discarded.stderr)")
            // J — received and resolved in August: not in September's report.
            try add("J", "1.001193", at: "2025-08-20T08:00")
            try move("J", "processing", at: "2025-08-20T09:00")
            try move("J", "resolved", at: "2025-08-20T10:00")
        }

        func add(_ key: String, _ procedure: String, at time: String) throws {
            var arguments = TestHome.validCase
            arguments[3] = procedure
            let result = try home.run(arguments + ["--received-at", time], now: time + ":00+07:00")
            try #require(result.status == 0, "\(result.stderr)")
            codes[key] = result.stdout.trimmed
        }

        func move(_ key: String, _ status: String, at time: String, reason: String? = nil) throws {
            let result = try home.run(
                ["case", "status", codes[key]!, status] + (reason.map { ["--reason", $0] } ?? []),
                now: time + ":00+07:00")
            try #require(result.status == 0, "\(result.stderr)")
        }
    }

    @Test("status --json: counts, overdue worst first, due soon, outbox and warnings match the hand count")
    func dashboard() throws {
        let data = try DataSet()
        defer { data.home.remove() }
        #expect(data.codes.count == 10)
        let status = try #require(try data.home.json(["status", "--json"], now: Self.now) as? [String: Any])
        let counts = try #require(status["counts"] as? [String: Int])
        #expect(counts["received"] == 3)  // E, F, H
        #expect(counts["processing"] == 1)  // D
        #expect(counts["resolved"] == 4)  // A, B, C, J
        #expect(counts["refused"] == 1)  // G
        #expect(counts.values.reduce(0, +) == 9)
        #expect(status["discarded"] as? Int == 1)  // I

        let overdue = try #require(status["overdue"] as? [[String: Any]])
        #expect(overdue.map { $0["code"] as? String } == [data.codes["H"], data.codes["D"]])
        #expect(overdue.map { $0["working_days_late"] as? Double } == [4.4, 1.1])
        #expect(overdue.map { $0["due_at"] as? String } == ["2025-09-03T17:00:00+07:00", "2025-09-09T09:00:00+07:00"])
        let dueSoon = try #require(status["due_soon"] as? [[String: Any]])
        #expect(dueSoon.map { $0["code"] as? String } == [data.codes["E"]])
        #expect(dueSoon.first?["working_days_late"] as? Double == -0.2)
        #expect(dueSoon.first?["due_at"] as? String == "2025-09-10T11:30:00+07:00")

        let outbox = try #require(status["outbox"] as? [String: Any])
        // Events: A 3, B 5, C 3, D 2, E 1, F 1, G 2, H 1, J 3; I's one is discarded.
        #expect(outbox["pending"] as? Int == 21)
        #expect(outbox["held"] as? Int == 0)
        // The oldest is J's, recorded on 20 Aug 08:00: 21 days and 2 hours before now.
        #expect(outbox["oldest_pending_age_seconds"] as? Int == 21 * 86_400 + 2 * 3600)
        let warnings = try #require(status["warnings"] as? [String])
        #expect(warnings.count == 2)
        #expect(warnings.first?.hasPrefix("the outbox has not drained for 506 hours") == true)
        #expect(warnings.last?.contains("not enrolled") == true)
        #expect(status["last_sync_at"] is NSNull)

        let text = try data.home.run(["status"], now: Self.now).stdout
        #expect(
            text.hasPrefix(
                "2 overdue · 1 due soon · ↑21 waiting (oldest 21d) · last sync never · "
                    + "warnings: outbox stuck 506h, not enrolled\n"), "the summary names each warning")
        #expect(text.contains("4.4 late"))
        #expect(text.contains("0.2 left"))
        #expect(text.contains("\n2.000815 Certified copy from the original\n"), "the watch lists' procedures: \(text)")
        let vietnamese = try data.home.run(["status"], environment: ["LANG": "vi_VN.UTF-8"], now: Self.now).stdout
        #expect(vietnamese.contains("\n2.000815 Chứng thực bản sao từ bản chính\n"), "\(vietnamese)")
    }

    @Test("report monthly: per procedure and in total, the figures match the hand count and balance")
    func monthly() throws {
        let data = try DataSet()
        defer { data.home.remove() }
        let report = try #require(
            try data.home.json(["report", "monthly", "--month", "2025-09", "--format", "json"], now: Self.now)
                as? [String: Any])
        #expect(report["as_of"] as? String == Self.now)
        let rows = try #require(report["procedures"] as? [[String: Any]])
        func figures(_ row: [String: Any]) -> [Int] {
            [
                "carried_over", "received", "resolved_early", "resolved_on_time", "resolved_late", "ended",
                "still_open", "overdue",
            ]
            .map { row[$0] as? Int ?? -1 }
        }
        let byCode = Dictionary(uniqueKeysWithValues: rows.map { ($0["procedure_code"] as? String ?? "", figures($0)) })
        //                          carried received early onTime late ended open overdue
        #expect(byCode["1.004873"] == [1, 0, 0, 0, 1, 0, 0, 0])  // A
        #expect(byCode["1.004859"] == [0, 1, 0, 1, 0, 0, 0, 0])  // B
        #expect(byCode["1.004222"] == [0, 2, 1, 0, 0, 0, 1, 0])  // C, F
        #expect(byCode["1.003677"] == [0, 2, 0, 0, 0, 0, 2, 1])  // D, E (I discarded)
        #expect(byCode["1.001193"] == [0, 1, 0, 0, 0, 1, 0, 0])  // G (J is August's)
        #expect(byCode["2.000815"] == [1, 0, 0, 0, 0, 0, 1, 1])  // H
        #expect(byCode.count == 6)
        let total = figures(try #require(report["total"] as? [String: Any]))
        #expect(total == [2, 6, 1, 1, 1, 1, 4, 2])
        #expect(
            total[0] + total[1] == total[2] + total[3] + total[4] + total[5] + total[6],
            "carried + received = out + open")

        // August, seen from now: J received and resolved on its due date (17:00 the same day), A and H still open at the end.
        let august = try #require(
            try data.home.json(["report", "monthly", "--month", "2025-08", "--format", "json"], now: Self.now)
                as? [String: Any])
        let augustTotal = figures(try #require(august["total"] as? [String: Any]))
        #expect(augustTotal == [0, 3, 0, 1, 0, 0, 2, 0])

        let file = data.home.url.deletingLastPathComponent().appendingPathComponent("report.csv")
        let written = try data.home.run(
            ["report", "monthly", "--month", "2025-09", "--format", "csv", "--out", file.path], now: Self.now)
        #expect(written.status == 0, "\(written.stderr)")
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]), "UTF-8 byte-order mark")
        let csv = String(decoding: bytes.dropFirst(3), as: UTF8.self)
        #expect(
            csv.hasPrefix("Procedure,Procedure name,Carried over,Received,Early,On time,Late,Ended,Open,Overdue\r\n"))
        #expect(csv.hasSuffix("Total,,2,6,1,1,1,1,4,2\r\n"))
        #expect(csv.contains("\r\n1.001193,Birth registration,0,1,"), "\(csv)")
        #expect(
            rows.first { $0["procedure_code"] as? String == "1.001193" }?["procedure_name"] as? String
                == "Đăng ký khai sinh")

        // The text report names each procedure beside its code, in the reader's language.
        let text = try data.home.run(["report", "monthly", "--month", "2025-09"], now: Self.now)
        #expect(text.stdout.contains("1.001193 Birth registration"), "\(text.stdout)")
        let vietnamese = try data.home.run(
            ["report", "monthly", "--month", "2025-09"], environment: ["LANG": "vi_VN.UTF-8"], now: Self.now)
        #expect(vietnamese.stdout.contains("1.001193 Đăng ký khai sinh"), "\(vietnamese.stdout)")
    }
}
