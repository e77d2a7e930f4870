import FieldCaseDomain
import Foundation
import Testing

/// What `queue` and `case show` say of each item, through the real binary: the procedure, the applicant when
/// an officer's PIN opens the data, the move a status change makes and why a dossier is held; and a script
/// without a PIN still reads the queue, with no personal data.
@Suite(.serialized)
struct QueueDetailTests {
    static let vietnamese = ["LANG": "vi_VN.UTF-8"]
    static let noPIN = ["FIELDCASE_PIN": ""]

    /// A desk with one dossier moved to processing and another held by the supervisor, with a reason.
    static func desk() throws -> (home: TestHome, moved: String, held: String) {
        let home = try TestHome()
        try home.initialize()
        let moved = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let status = try home.run(["case", "status", moved, "processing", "--reason", "đủ giấy tờ"])
        try #require(status.status == 0, "\(status.stderr)")
        let held = try home.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let hold = try home.run(["queue", "hold", held, "--reason", "chờ chủ tịch ký"])
        try #require(hold.status == 0, "\(hold.stderr)")
        return (home, moved, held)
    }

    static func items(_ result: RunResult) throws -> [[String: Any]] {
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
        return try #require(object?["items"] as? [[String: Any]], "\(result.stdout) \(result.stderr)")
    }

    @Test("queue shows the procedure, the applicant, the move and the hold reason, in English and Vietnamese")
    func signedIn() throws {
        let (home, moved, held) = try Self.desk()
        defer { home.remove() }
        let english = try home.run(["queue"])
        #expect(english.status == 0, "\(english.stderr)")
        for shown in [
            "ACTION", "1.001193 Birth registration · Nguyễn Văn Đức", "received → processing", "case.created",
            "held: chờ chủ tịch ký", moved, held,
        ] {
            #expect(english.stdout.contains(shown), "\(shown) in:\n\(english.stdout)")
        }
        #expect(!english.stdout.contains("đủ giấy tờ"), "the queue shows the move, not its reason")
        for line in english.stdout.split(separator: "\n") {
            #expect(VietnameseText.displayWidth(String(line)) <= 80, "\(line)")
        }
        let vietnamese = try home.run(["queue"], environment: Self.vietnamese)
        #expect(vietnamese.status == 0, "\(vietnamese.stderr)")
        for shown in [
            "NỘI DUNG", "1.001193 Đăng ký khai sinh · Nguyễn Văn Đức", "đã tiếp nhận → đang giải quyết",
            "tiếp nhận hồ sơ", "lý do giữ lại: chờ chủ tịch ký",
        ] {
            #expect(vietnamese.stdout.contains(shown), "\(shown) in:\n\(vietnamese.stdout)")
        }
        // The dossier's line comes once under its first item, not under each.
        #expect(english.stdout.components(separatedBy: "Birth registration").count == 3)

        let items = try Self.items(try home.run(["queue", "--json"], environment: Self.vietnamese))
        let move = try #require(items.first { $0["kind"] as? String == "case.status_changed" })
        #expect(move["procedure_code"] as? String == "1.001193")
        #expect(move["procedure_name"] as? String == "Đăng ký khai sinh", "the official name, in any language")
        #expect(move["applicant"] as? String == "Nguyễn Văn Đức")
        let action = try #require(move["action"] as? [String: Any])
        #expect(action["kind"] as? String == "case.status_changed")
        #expect(action["from"] as? String == "received" && action["to"] as? String == "processing")
        #expect(move["hold_reason"] is NSNull)
        let hold = try #require(items.first { $0["case_code"] as? String == held })
        #expect(hold["hold_reason"] as? String == "chờ chủ tịch ký")
        #expect((hold["action"] as? [String: Any])?["from"] is NSNull, "a dossier received moves nothing")

        // Reading the names is an access on record, as a listing is.
        let access = try #require(try home.auditJSON().last)
        #expect(access["action"] as? String == "cases.listed", "\(access)")
        #expect(access["after"] as? [String: String] == ["dossiers": "2", "items": "3"], "\(access)")
    }

    @Test("Without a PIN, or with one that names nobody, queue still answers, with no name, move or reason")
    func withoutOfficer() throws {
        let (home, _, _) = try Self.desk()
        defer { home.remove() }
        let before = try home.auditRows()
        let text = try home.run(["queue"], environment: Self.noPIN)
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("1.001193 Birth registration"), "the procedure is no personal data")
        #expect(text.stdout.contains("case.status_changed"), "the kind, the move being sealed")
        for hidden in ["Nguyễn Văn Đức", "received → processing", "chờ chủ tịch ký"] {
            #expect(!text.stdout.contains(hidden), "\(hidden) in:\n\(text.stdout)")
        }
        for item in try Self.items(try home.run(["queue", "--json"], environment: Self.noPIN)) {
            #expect(item["applicant"] is NSNull && item["hold_reason"] is NSNull, "\(item)")
            #expect((item["action"] as? [String: Any])?["to"] is NSNull, "\(item)")
            #expect(item["procedure_name"] as? String == "Đăng ký khai sinh")
        }
        #expect(try home.auditRows() == before, "nothing was read, so nothing is on record")

        // A second officer: a PIN without a name is nobody's in particular.
        let added = try home.run(["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "135790"])
        try #require(added.status == 0, "\(added.stderr)")
        let ambiguous = try home.run(["queue"])
        #expect(ambiguous.status == 0, "\(ambiguous.stderr)")
        #expect(!ambiguous.stdout.contains("Nguyễn Văn Đức"))
        let named = try home.run(["queue", "--as", "Lò Văn Pang"], environment: ["FIELDCASE_PIN": "135790"])
        #expect(named.status == 0, "\(named.stderr)")
        #expect(named.stdout.contains("Nguyễn Văn Đức"))
        let wrong = try home.run(["queue", "--as", "Lò Văn Pang"], environment: ["FIELDCASE_PIN": "000000"])
        #expect(wrong.status == 77, "a PIN given and wrong is refused, as by any command")
    }

    @Test("case show says from which status to which a change moved the dossier, and why")
    func caseHistory() throws {
        let (home, moved, _) = try Self.desk()
        defer { home.remove() }
        let english = try home.run(["case", "show", moved])
        #expect(english.status == 0, "\(english.stderr)")
        #expect(english.stdout.contains("\n     received → processing; reason: đủ giấy tờ"), "\(english.stdout)")
        let vietnamese = try home.run(["case", "show", moved], environment: Self.vietnamese)
        #expect(
            vietnamese.stdout.contains("\n     đã tiếp nhận → đang giải quyết; lý do: đủ giấy tờ"),
            "\(vietnamese.stdout)")
        let json = try home.run(["case", "show", moved, "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let events = try #require(object?["events"] as? [[String: Any]])
        #expect(events.count == 2 && events.allSatisfy { Set($0.keys).isSubset(of: Self.eventKeys) })
    }

    /// The keys of an event in `case show --json`, as before: the move is in its payload already.
    static let eventKeys: Set = [
        "seq", "event_id", "kind", "occurred_at", "officer", "sync_state", "last_error", "payload",
    ]
}
