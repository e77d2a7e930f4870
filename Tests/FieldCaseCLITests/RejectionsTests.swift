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
}
