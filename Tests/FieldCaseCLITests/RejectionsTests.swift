import FieldCaseDomain
import FieldCaseHarness
import Foundation
import Testing

/// What the gateway refuses reaches the province, not only the desk's queue.
@Suite(.serialized, .tags(.slow, .postgres))
struct RejectionsTests {
    @Test(
        "A dossier recorded on a desk whose clock runs months ahead is listed by 'fieldcase-central rejections'",
        arguments: Backend.allCases)
    func provinceSeesRejections(backend: Backend) throws {
        let setup = try SyncEndToEndTests.Setup(backend)
        defer { setup.done() }
        try setup.enroll()
        _ = try setup.add(1)
        let ahead = try setup.home.run(TestHome.validCase, now: "2027-06-10T09:00:00+07:00")
        #expect(ahead.status == 0, "\(ahead.stderr)")
        let code = ahead.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let (synced, summary) = try setup.syncJSON()
        #expect(synced.status == 0 && summary["rejected"] == 1, "\(synced.stdout) \(synced.stderr)")

        let listed = try setup.central.command(["rejections", "--json"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]], "\(listed.stdout)")
        #expect(rows.count == 1, "only the refused one: \(rows)")
        #expect(rows.first?["case_code"] as? String == code)
        #expect(rows.first?["commune_code"] as? String == "02266")
        #expect(rows.first?["terminal"] as? Int == 1)
        #expect((rows.first?["reason"] as? String)?.contains("ahead of the central clock") == true)
        #expect((rows.first?["occurred_at"] as? String)?.hasPrefix("2027-06-10") == true)

        let table = try setup.central.command(["rejections"])
        #expect(table.stdout.contains(code) && table.stdout.contains("Why"), "\(table.stdout)")
        let other = try setup.central.command(["rejections", "--commune", "00004"])
        #expect(other.status == 0 && other.stdout.contains("No rejected events."), "\(other.stdout)")
        let later = try setup.central.command(["rejections", "--since", "2099-01-01", "--json"])
        let none = try JSONSerialization.jsonObject(with: Data(later.stdout.utf8)) as? [Any]
        #expect(none?.isEmpty == true, "\(later.stdout)")
        #expect(try setup.central.command(["rejections", "--since", "yesterday"]).status == 64)
    }

    @Test(
        "A dossier refused for a dead clock battery is sent again, dated right, once the clock is fixed",
        arguments: Backend.allCases)
    func retryAfterClockFix(backend: Backend) throws {
        let setup = try SyncEndToEndTests.Setup(backend)
        defer { setup.done() }
        try setup.enroll()
        // The clock reset to 2019 overnight; the officer recorded a dossier and a move before anyone noticed.
        let reset = "2019-12-31T09:00:00+07:00"
        let added = try setup.home.run(TestHome.validCase, now: reset)
        #expect(added.status == 0, "\(added.stderr)")
        let wrong = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try setup.home.run(["case", "status", wrong, "processing"], now: reset).status == 0)
        let fixed = LocalTime.now()
        let (synced, summary) = try setup.syncJSON()
        #expect(synced.status == 0 && summary["rejected"] == 2, "\(synced.stdout) \(synced.stderr)")
        // Sending the same events again changes nothing: their times are still 2019.
        let supervisor = ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"]
        let received = fixed.adding(seconds: -3600)
        // With the clock right, the officer asks the citizen for a paper: a move still waiting to leave.
        let asked = try setup.home.run(
            ["case", "status", wrong, "supplement_requested", "--reason", "thiếu bản sao"], now: fixed.iso8601)
        #expect(asked.status == 0, "\(asked.stderr)")
        let redated = try setup.home.run(
            ["queue", "retry", "1", "--at", received.iso8601], environment: supervisor, now: fixed.iso8601)
        #expect(redated.status == 0, "\(redated.stderr)")
        let code = try #require(redated.stdout.split(separator: " ").first { $0.hasPrefix("02266-") }.map(String.init))
        #expect(
            code != wrong
                && code.contains(received.date.description.replacingOccurrences(of: "-", with: "").dropFirst(2)))
        let again = try setup.home.run(["sync", "--json"], now: fixed.iso8601)
        let answered = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Int]
        #expect(answered?["pushed"] == 3 && answered?["rejected"] == 0, "\(again.stdout) \(again.stderr)")
        let central = try setup.central.command(["cases", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(central.stdout.utf8)) as? [[String: Any]])
        #expect(list.count == 1)
        #expect(list.first?["code"] as? String == code)
        #expect(list.first?["status"] as? String == "supplement_requested", "the waiting move went after the creation")
        #expect((list.first?["received_at"] as? String).flatMap(LocalTime.init(iso8601:)) == received)
        let queue = try setup.home.run(["queue", "--json"], environment: supervisor, now: fixed.iso8601)
        let state = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        #expect(state["rejected"] as? Int == 0 && state["pending"] as? Int == 0, "\(queue.stdout)")
    }
}
