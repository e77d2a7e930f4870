import FieldCaseHarness
import Foundation
import Testing

/// `fieldcase-central export provincial` as a province's integrator runs it, after a desk synced through the real
/// gateway: batch after batch from a cursor, each document valid against sync/provincial-export.schema.json
/// (checked by python-jsonschema, a validator other than the code that writes it), each dossier's national record
/// what the desk and the gateway hold, told again when the province moves it or its pages arrive.
@Suite(.serialized)
struct ProvincialExportEndToEndTests {
    static let version = "4.23.0"
    static let schema = APIFuzzTests.packageRoot.appendingPathComponent("sync/provincial-export.schema.json").path
    static let after = "2025-10-02T08:00:00+07:00"

    /// A Python with python-jsonschema, in a folder of the build, installed on first use.
    static func validator() throws -> String {
        let venv = APIFuzzTests.packageRoot.appendingPathComponent(".build/jsonschema-\(version)")
        let python = venv.appendingPathComponent("bin/python").path
        if !FileManager.default.isExecutableFile(atPath: venv.appendingPathComponent("bin/jsonschema-ok").path) {
            try ChildProcess.check(["/usr/bin/env", "python3", "-m", "venv", venv.path])
            try ChildProcess.check([
                venv.appendingPathComponent("bin/pip").path, "install", "-q", "jsonschema==\(version)",
            ])
            FileManager.default.createFile(atPath: venv.appendingPathComponent("bin/jsonschema-ok").path, contents: nil)
        }
        return python
    }

    /// Validates every document against the schema; the validator's complaints, none when all hold.
    static func invalid(_ documents: [String], in folder: URL) throws -> String {
        var paths: [String] = []
        for (index, document) in documents.enumerated() {
            paths.append(try PageFiles.write(Data(document.utf8), named: "export-\(index).json", in: folder))
        }
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            validator = Draft202012Validator(schema)
            for path in sys.argv[2:]:
                for error in validator.iter_errors(json.load(open(path))):
                    print(path, list(error.absolute_path), error.message)
            """
        let result = try ChildProcess.run([try validator(), "-c", script, schema] + paths)
        return result.status == 0 ? result.output : "validator failed: \(result.output)"
    }

    struct Read {
        var documents: [String] = []
        var dossiers: [String: [String: Any]] = [:]
        var cursor = "0"

        /// Runs the export from the cursor until `more` is false; the codes read, in order.
        @discardableResult
        mutating func catchUp(_ central: CentralServer, limit: Int) throws -> [String] {
            var codes: [String] = []
            var more = true
            while more {
                let answer = try central.command([
                    "export", "provincial", "--commune", "02266", "--since", cursor, "--limit", String(limit),
                    "--pages", central.pages,
                ])
                try #require(answer.status == 0, "\(answer.stderr)")
                documents.append(answer.stdout)
                let document = try #require(
                    try JSONSerialization.jsonObject(with: Data(answer.stdout.utf8)) as? [String: Any])
                let batch = try #require(document["dossiers"] as? [[String: Any]])
                #expect(batch.count <= limit)
                for dossier in batch {
                    let code = try #require((dossier["HoSo"] as? [String: Any])?["MaHoSo"] as? String)
                    dossiers[code] = dossier
                    codes.append(code)
                }
                cursor = try #require(document["cursor"] as? String)
                more = try #require(document["more"] as? Bool)
            }
            return codes
        }

        func record(_ code: String) -> [String: Any] { dossiers[code]?["HoSo"] as? [String: Any] ?? [:] }
        func steps(_ code: String) -> [[String: Any]] { dossiers[code]?["QuaTrinhXuLy"] as? [[String: Any]] ?? [] }
        func extra(_ code: String) -> [String: Any] { dossiers[code]?["fieldcase"] as? [String: Any] ?? [:] }
    }

    /// The checker: each dossier's last copy read says what the gateway's own listing and the desk hold.
    static func agree(_ read: Read, central: CentralServer, home: TestHome) throws {
        let listed = try central.command(["cases", "--json"])
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(Set(read.dossiers.keys) == Set(cases.compactMap { $0["code"] as? String }), "every dossier, once")
        for dossier in cases {
            let code = try #require(dossier["code"] as? String)
            let record = read.record(code)
            #expect(record["TrangThaiHoSo"] as? String == (dossier["status_code"] as? Int).map(String.init), "\(code)")
            #expect(record["ChuHoSo"] as? String == "Nguyễn Văn Đức", "\(code)")
            let shown = try home.run(["case", "show", code, "--json"], now: after)
            let desk = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            #expect(desk["status"] as? String == dossier["status"] as? String, "desk and gateway agree on \(code)")
            #expect(stamp(desk["received_at"]) == record["NgayTiepNhan"] as? String, "\(code)")
        }
    }

    /// `2025-09-03T09:00:00+07:00` as `20250903090000`.
    static func stamp(_ value: Any?) -> String? {
        (value as? String).map { String($0.prefix(19).filter(\.isNumber)) }
    }

    @Test(
        "export provincial: every dossier once in schema-valid batches, again when the province moves it or its pages arrive"
    )
    func export() throws {
        let data = try SatisfactionTests.ratedSeptember()
        defer { data.home.remove() }
        let home = data.home
        let scratch = home.url.deletingLastPathComponent()
        // P: a dossier with a checklist, its second paper scanned.
        let added = try home.run(
            TestHome.validCase + [
                "--document", "Tờ khai:1:0", "--document", "Giấy khai sinh:0:1", "--received-at", "2025-09-10T08:30",
            ], now: "2025-09-10T08:30:00+07:00")
        try #require(added.status == 0, "\(added.stderr)")
        let p = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let scan = try PageFiles.write(PageFiles.png(bytes: 20_000, seed: 7), named: "p.png", in: scratch)
        let attached = try home.run(["case", "attach", p, scan, "--component", "2"], now: "2025-09-10T08:40:00+07:00")
        try #require(attached.status == 0, "\(attached.stderr)")

        let central = try CentralServer(directory: scratch)
        try central.start()
        defer { central.stop() }
        let enrolled = try home.run(
            ["enroll", "--central", central.url, "--token", try central.enrollToken()], now: Self.after)
        try #require(enrolled.status == 0, "\(enrolled.stderr)")
        // The dossiers first, their pages held back: the export tells them undigitised.
        #expect(try home.run(["policy", "page-budget-per-sync", "0"], now: Self.after).status == 0)
        let synced = try home.run(["sync", "--json"], now: Self.after)
        try #require(synced.status == 0 && synced.stdout.contains(#""pages_sent" : 0"#), "\(synced.stdout)")

        var read = Read()
        let first = try read.catchUp(central, limit: 3)
        #expect(first.count == Set(first).count, "each dossier once: \(first)")
        try Self.agree(read, central: central, home: home)
        let k = try #require(data.codes["K"]), g = try #require(data.codes["G"]), a = try #require(data.codes["A"])
        let c = try #require(data.codes["C"])
        let supplements = try #require(read.record(k)["DanhSachHoSoBoSung"] as? [[String: Any]])
        #expect(supplements.map { $0["TrangThaiBoSung"] as? Bool } == [true, true], "K asked twice, answered twice")
        #expect(read.record(g)["TrangThaiHoSo"] as? String == "3" && read.record(g)["NgayTuChoi"] as? String != "")
        #expect(read.steps(g).last?["NoiDungXuLy"] as? String == "thiếu giấy chứng sinh")
        #expect(read.record(a)["NgayTra"] as? String == "20250909080000")
        #expect(read.extra(a)["satisfaction"] as? String == "not_satisfied")
        #expect(read.record(p)["HoSoCoThanhPhanSoHoa"] as? String == "0", "a page described is not yet digitised")
        #expect((read.record(c)["DanhSachGiayToKetQua"] as? [Any])?.isEmpty == true)

        // The same cursor again tells nothing new; from the start, the same dossiers as they stand.
        let end = read.cursor
        #expect(try read.catchUp(central, limit: 3).isEmpty && read.cursor == end)
        var again = Read()
        try again.catchUp(central, limit: 5000)
        #expect(Set(again.dossiers.keys) == Set(read.dossiers.keys))
        for (code, dossier) in again.dossiers {
            #expect(NSDictionary(dictionary: dossier).isEqual(to: read.dossiers[code] ?? [:]), "\(code) the same")
        }

        // The province moves D; the pages go: D, then the dossiers whose pages arrived, are told again.
        let d = try #require(data.codes["D"])
        let moved = try central.command(["case-status", d, "resolved"])
        try #require(moved.status == 0, "\(moved.stderr)")
        #expect(try read.catchUp(central, limit: 3) == [d])
        #expect(
            read.steps(d).last?["TrangThai"] as? String == "9" && read.record(d)["NgayKetThucXuLy"] as? String != "")
        #expect(try home.run(["policy", "page-budget-per-sync", "off"], now: Self.after).status == 0)
        let pages = try home.run(["sync", "--json"], now: Self.after)
        try #require(pages.status == 0 && pages.stdout.contains(#""pages_waiting" : 0"#), "\(pages.stdout)")
        let told = try read.catchUp(central, limit: 3)
        #expect(Set(told) == Set(["B", "K", "C", "F"].compactMap { data.codes[$0] } + [p]), "\(told)")
        let components = read.record(p)["TaiLieuNop"] as? [[String: Any]]
        #expect(components?.map { $0["DuocSoHoa"] as? String } == ["0", "1"], "the second paper digitised")
        #expect(read.record(p)["HoSoCoThanhPhanSoHoa"] as? String == "1")
        let result = try #require((read.record(c)["DanhSachGiayToKetQua"] as? [[String: Any]])?.first)
        let sha = try #require(result["GiayToId"] as? String)
        let fetched = scratch.appendingPathComponent("result-\(UUID().uuidString).jpg").path
        #expect(try central.command(["page", "get", c, sha, "--out", fetched, "--pages", central.pages]).status == 0)
        #expect(try Data(contentsOf: URL(fileURLWithPath: fetched)).prefix(3) == Data([0xFF, 0xD8, 0xFF]))
        try Self.agree(read, central: central, home: home)

        let complaints = try Self.invalid(read.documents + again.documents, in: scratch.appendingPathComponent("docs"))
        #expect(complaints.isEmpty, "\(complaints)")

        // Each run is in the access log, with the dossiers it wrote out.
        let log = try central.command(["access-log", "--json"])
        #expect(log.stdout.contains("export.provincial") && log.stdout.contains(d), "\(log.stdout.prefix(2000))")

        // Bad input: one line, usage exit, nothing written.
        for (arguments, words) in [
            (["--commune", "02266", "--limit", "0"], "--limit"), (["--commune", "02266", "--since", "-5"], "--since"),
            (["--commune", "02266", "--since", "abc"], "since"), ([], "--commune"),
            (["--commune", "02266", "--pages", scratch.appendingPathComponent("nowhere").path], "not this gateway's"),
            // A folder that is there but is not the one serve uses: refused as well, not read as "no page held".
            (["--commune", "02266", "--pages", scratch.path], "not this gateway's"),
            (["--commune", "99999"], "unknown commune"),
        ] {
            let refused = try central.command(["export", "provincial"] + arguments)
            let usage = arguments.contains("--pages") ? 66 : 64
            #expect(refused.status == usage && refused.stdout.isEmpty, "\(arguments): \(refused.status)")
            #expect(refused.stderr.contains(words), "\(arguments): \(refused.stderr)")
        }
    }
}
