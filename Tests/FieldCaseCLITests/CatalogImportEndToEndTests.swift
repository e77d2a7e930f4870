import FieldCaseDomain
import Foundation
import Testing

/// A province imports its catalog into the real `fieldcase-central`, which serves it from its next start; the
/// real `fieldcase` takes it at enrollment, finds its procedures, and counts a due date in hours as the gateway
/// does.
@Suite(.serialized, .tags(.slow))
struct CatalogImportEndToEndTests {
    /// The bundled catalog as version `version`, with a procedure counted in working hours and a provincial code.
    static func write(version: String, to directory: URL) throws -> String {
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        file["version"] = version
        var procedures = try #require(file["procedures"] as? [[String: Any]])
        procedures.append([
            "code": "9.000010", "local_code": "9.000010.000.00.00.H56", "name_vi": "Tiếp nhận hồ sơ trực tuyến",
            "name_en": "Online filing acknowledgement", "field_vi": "Thử nghiệm", "field_en": "Trial",
            "processing": ["kind": "working_hours", "hours": 4], "fee": ["kind": "fixed", "amount": 15000],
            "documents": ["Tờ khai"], "result_vi": "Phiếu tiếp nhận", "result_en": "Acknowledgement slip",
            "legal_basis": ["Nghị định 118/2025/NĐ-CP"], "source": "https://example.gov.vn/thu-tuc/9.000010",
        ])
        file["procedures"] = procedures
        let path = directory.appendingPathComponent("catalog-\(version).json").path
        try JSONSerialization.data(withJSONObject: file, options: .sortedKeys).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test("catalog import checks, keeps and serves a province's catalog; the desk finds and counts by it")
    func importAndServe() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        let central = try CentralServer(directory: scratch)
        defer { central.stop() }
        let file = try Self.write(version: "2026.9", to: scratch)
        let imported = try central.command(["catalog", "import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported catalog 2026.9"), "\(imported.stdout)")
        let again = try central.command(["catalog", "import", file])
        #expect(again.status == 0 && again.stdout.contains("imported already"), "\(again.stdout)\(again.stderr)")
        let older = try central.command(["catalog", "import", try Self.write(version: "2026.8", to: scratch)])
        #expect(older.status == 65 && older.stderr.contains("not newer"), "\(older.stderr)")
        let broken = scratch.appendingPathComponent("broken.json")
        try Data("{\"version\": \"2027.1\", \"procedures\": 3}".utf8).write(to: broken)
        let refused = try central.command(["catalog", "import", broken.path])
        #expect(refused.status == 65 && refused.stderr.contains("refused"), "\(refused.stderr)")
        let listed = try central.command(["catalog", "list", "--json"])
        let versions = try #require(
            try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(versions.compactMap { $0["version"] as? String } == ["2026.9"])
        #expect(
            try central.command(["catalog", "export"]).stdout
                == String(decoding: try Data(contentsOf: URL(fileURLWithPath: file)), as: UTF8.self))

        try central.start()
        let enrolled = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        let card = try home.run(["catalog", "9.000010.000.00.00.H56"])
        #expect(card.status == 0, "\(card.stderr)")
        for line in [
            "9.000010", "9.000010.000.00.00.H56", "4 working hours", "15.000 ₫", "1. Tờ khai", "Acknowledgement slip",
            "Nghị định 118/2025/NĐ-CP",
        ] {
            #expect(card.stdout.contains(line), "\(line) in \(card.stdout)")
        }
        let vietnamese = try home.run(["catalog", "tiep nhan truc tuyen"], environment: ["LANG": "vi_VN.UTF-8"])
        #expect(
            vietnamese.stdout.contains("Thời hạn giải quyết") && vietnamese.stdout.contains("4 giờ làm việc"),
            "\(vietnamese.stdout)")
        let none = try home.run(["catalog", "khong co thu tuc nay"])
        #expect(none.status == 66 && none.stderr.contains("No procedure matches"), "\(none.stderr)")

        // Received Wednesday 12:10, in the lunch break: 3.5 working hours from 13:30, half an hour on Thursday; on both
        // sides.
        let added = try home.run(
            [
                "case", "add", "--procedure", "9.000010", "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
                "--dob", "1999-03-04", "--gender", "male", "--json",
            ], now: "2026-12-02T12:10:00+07:00")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains(#""due_at" : "2026-12-03T07:30:00+07:00""#), "\(added.stdout)")
        #expect(try home.run(["sync", "--json"], now: "2026-12-02T12:20:00+07:00").status == 0)
        let cases = try central.command(["cases", "--json"])
        let held = try #require(try JSONSerialization.jsonObject(with: Data(cases.stdout.utf8)) as? [[String: Any]])
        #expect(held.map { $0["due_at"] as? String } == ["2026-12-03T07:30:00+07:00"], "\(cases.stdout)")
    }
}
