import Foundation
import Testing

/// The CSV export as a spreadsheet meets it: UTF-8 with a byte-order mark, RFC 4180 quoting, and every
/// field of every case back out of it exactly.
@Suite(.serialized)
struct ExportTests {
    /// Cases whose fields test the quoting: commas, quotes, several documents (a multi-line cell), a +84
    /// phone, a summary a spreadsheet would otherwise run as a formula.
    static func desk() throws -> TestHome {
        let home = try TestHome()
        try home.initialize()
        let cases: [[String]] = [
            TestHome.validCase + [
                "--phone", "+84912345678", "--address", "Thôn Nà Khà, xã Lâm Bình, \"Tuyên Quang\"",
                "--document", "Giấy chứng sinh:1:0", "--document", "Tờ khai: bản gốc:1:2", "--summary", "=1+1 xin cấp",
                "--fee", "50000", "--paid",
            ],
            TestHome.validCase + ["--received-at", "2025-06-09T15:30"],
            TestHome.validCase + [
                "--id-type", "passport", "--id-number", "C1234567", "--summary", "Hộ chiếu nước ngoài",
            ],
        ]
        for arguments in cases {
            let result = try home.run(arguments)
            try #require(result.status == 0, "\(result.stderr)")
        }
        return home
    }

    @Test("CSV export: BOM, valid UTF-8 in NFC, headers in the UI language, and every case field round-trips")
    func roundTrip() throws {
        let home = try Self.desk()
        defer { home.remove() }
        let file = home.url.deletingLastPathComponent().appendingPathComponent("cases.csv")
        let result = try home.run(["export", "--format", "csv", "--out", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr == "Exported 3 dossiers to \(file.path).\n")
        let mode = try FileManager.default.attributesOfItem(atPath: file.path)[.posixPermissions] as? Int
        #expect(mode == 0o600, "the file holds personal data")
        let bytes = try Data(contentsOf: file)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let text = try #require(String(bytes: bytes.dropFirst(3), encoding: .utf8), "valid UTF-8")
        #expect(text == text.precomposedStringWithCanonicalMapping, "NFC, as spreadsheets expect")
        let rows = try CSVReader.parse(text)
        #expect(rows.first?.first == "Code")
        #expect(rows.count == 4)
        #expect(rows.allSatisfy { $0.count == rows[0].count })

        let listed = try #require(try home.json(["case", "list", "--json"]) as? [[String: Any]])
        for row in rows.dropFirst() {
            let cell = Dictionary(uniqueKeysWithValues: zip(rows[0], row))
            let json = try #require(listed.first { $0["code"] as? String == cell["Code"] })
            let applicant = try #require(json["applicant"] as? [String: Any])
            let fee = try #require(json["fee"] as? [String: Any])
            let documents = (json["documents"] as? [[String: Any]] ?? []).map {
                "\($0["name"] as? String ?? ""):\($0["originals"] as? Int ?? -1):\($0["copies"] as? Int ?? -1)"
            }
            let expected: [String: String] = [
                "Procedure": json["procedure_code"] as? String ?? "", "Status": json["status"] as? String ?? "",
                "Status code": String(json["status_code"] as? Int ?? -1),
                "Channel": json["channel"] as? String ?? "", "Applicant": applicant["name"] as? String ?? "",
                "ID type": applicant["id_type"] as? String ?? "",
                "ID number": Self.asText(applicant["id_number"] as? String ?? ""),
                "Date of birth": applicant["date_of_birth"] as? String ?? "",
                "Gender": applicant["gender"] as? String ?? "",
                "Phone": Self.asText(applicant["phone"] as? String ?? ""),
                "Address": applicant["address"] as? String ?? "",
                "Summary": Self.undefused(json["summary"] as? String ?? ""),
                "Documents": documents.joined(separator: "\n"),
                "Fee (VND)": String(fee["amount"] as? Int ?? -1),
                "Paid": (fee["paid"] as? Bool ?? false) ? "yes" : "no",
                "Received at": json["received_at"] as? String ?? "", "Due at": json["due_at"] as? String ?? "",
                "Finished at": json["finished_at"] as? String ?? "", "Timeliness": json["timeliness"] as? String ?? "",
                "Officer": json["officer"] as? String ?? "", "Sync state": json["sync_state"] as? String ?? "",
                "Discarded at": json["discarded_at"] as? String ?? "", "Case ID": json["id"] as? String ?? "",
            ]
            for (column, value) in expected {
                #expect(cell[column].map(Self.undefused) == value, "\(column) of \(cell["Code"] ?? "?")")
            }
        }
        let first = try #require(
            rows.first { $0.contains("'=1+1 xin cấp") }, "a formula-looking cell is defused with an apostrophe")
        #expect(first.contains("Giấy chứng sinh:1:0\nTờ khai: bản gốc:1:2"))
    }

    @Test("Headers follow the UI language; --from/--to pick by received date; the export goes to the audit trail")
    func languageAndPeriod() throws {
        let home = try Self.desk()
        defer { home.remove() }
        let vietnamese = try home.run(
            ["export", "--format", "csv", "--from", "2025-06-10"], environment: ["LANG": "vi_VN.UTF-8"])
        let rows = try CSVReader.parse(String(vietnamese.stdout.drop { $0 == "\u{FEFF}" }))
        #expect(rows.first?.prefix(3) == ["Mã hồ sơ", "Thủ tục", "Trạng thái"])
        #expect(rows.count == 3, "only the two cases received on 10 June")
        let june9 = try home.json(["export", "--format", "json", "--to", "2025-06-09"]) as? [[String: Any]]
        #expect(june9?.map { $0["received_at"] as? String } == ["2025-06-09T15:30:00+07:00"])
        let bad = try home.run(["export", "--format", "csv", "--from", "2025-06-10", "--to", "2025-06-01"])
        #expect(bad.status == 64)
        #expect(bad.stderr.hasPrefix("Error: --to 2025-06-01 is before --from 2025-06-10"))
        let exports = try home.auditJSON().filter { $0["action"] as? String == "cases.exported" }
        #expect(exports.count == 2, "the refused one is not recorded")
        #expect((exports.first?["after"] as? [String: String])?["cases"] == "2")
    }

    /// The export's formula guard, undone: what the spreadsheet shows once the apostrophe is read as "text".
    static func undefused(_ cell: String) -> String {
        cell.hasPrefix("'")
            && cell.dropFirst().unicodeScalars.first.map { "=@+-\t\r".unicodeScalars.contains($0) } == true
            ? String(cell.dropFirst()) : cell
    }

    /// How an ID number or phone of digits is written so a spreadsheet keeps its leading zeros; a passport
    /// number, which starts with a letter, goes as it is.
    static func asText(_ value: String) -> String {
        let digits = value.hasPrefix("+") ? String(value.dropFirst()) : value
        return !digits.isEmpty && digits.allSatisfy(\.isNumber) ? "=\"\(value)\"" : value
    }
}

/// An RFC 4180 reader, independent of the writer under test.
enum CSVReader {
    struct Malformed: Error {}

    static func parse(_ text: String) throws -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var cell = ""
        var quoted = false
        var characters = text.unicodeScalars.makeIterator()
        var pending = characters.next()
        while let character = pending {
            pending = characters.next()
            if quoted {
                if character == "\"" {
                    if pending == "\"" {
                        cell.unicodeScalars.append("\"")
                        pending = characters.next()
                    } else {
                        quoted = false
                    }
                } else {
                    cell.unicodeScalars.append(character)
                }
                continue
            }
            switch character {
            case "\"" where cell.isEmpty: quoted = true
            case ",":
                row.append(cell)
                cell = ""
            case "\r":
                guard pending == "\n" else { throw Malformed() }
            case "\n":
                row.append(cell)
                rows.append(row)
                row = []
                cell = ""
            default: cell.unicodeScalars.append(character)
            }
        }
        guard !quoted, cell.isEmpty, row.isEmpty else { throw Malformed() }
        return rows
    }
}
