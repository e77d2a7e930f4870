import Foundation
import Testing

/// Due dates across the holidays of 2026 and into 2027 through the real binary: the published Tết break of
/// 2026 moves a dossier past it, and a due date in 2027, a year the catalog has not confirmed, is recorded
/// with a warning that it may move.
struct HolidayDueDateTests {
    static let threeDays = "1.004859"
    static let sevenDays = "1.004222"

    static func dossier(_ procedure: String) -> [String] {
        [
            "case", "add", "--procedure", procedure, "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
            "--dob", "1999-03-04", "--gender", "male",
        ]
    }

    @Test("A dossier received the Friday before Tết 2026 is due after the break; no warning for a confirmed year")
    func tet2026() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let added = try home.run(Self.dossier(Self.threeDays) + ["--json"], now: "2026-02-13T09:00:00+07:00")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains(#""due_at" : "2026-02-25T09:00:00+07:00""#), "\(added.stdout)")
        #expect(!added.stderr.contains("Warning"), "\(added.stderr)")
    }

    @Test("A due date in 2027 is recorded with a warning, on the dashboard too, in English and in Vietnamese")
    func unconfirmedYear() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let now = "2026-12-28T09:00:00+07:00"
        let added = try home.run(Self.dossier(Self.sevenDays), now: now)
        #expect(added.status == 0, "\(added.stderr)")
        let code = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(code.hasSuffix("-261228-1001"), "only the code on standard output: \(added.stdout)")
        #expect(added.stderr.contains("due across 2027") && added.stderr.contains("Labor Code"), "\(added.stderr)")
        // 29 December to 7 January: 1 January 2027 (a Friday) is off.
        let shown = try home.run(["case", "show", code, "--json"], now: now)
        #expect(shown.stdout.contains(#""due_at" : "2027-01-07T09:00:00+07:00""#), "\(shown.stdout)")
        let status = try home.run(["status"], now: now)
        #expect(status.stdout.contains("1 open dossier falls due across 2027"), "\(status.stdout)")
        let vietnamese = try home.run(["status"], environment: ["LANG": "vi_VN.UTF-8"], now: now)
        #expect(vietnamese.stdout.contains("rơi vào năm 2027"), "\(vietnamese.stdout)")
    }
}
