import Foundation
import Testing

@testable import FieldCaseDomain

/// The catalog format of 2026.2: fee rules, times in hours, provincial codes, checks on every entry, search, and
/// the file older desks are served.
struct ProcedureCatalogTests {
    /// The bundled catalog as JSON, with `procedures` replaced.
    static func catalogJSON(version: String = "2026.9", procedures: [[String: Any]]) throws -> Data {
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        file["version"] = version
        file["procedures"] = procedures
        return try JSONSerialization.data(withJSONObject: file)
    }

    static var copy: [String: Any] {
        [
            "code": "2.000815", "local_code": "2.000815.000.00.00.H56", "name_vi": "Chứng thực bản sao từ bản chính",
            "name_en": "Certified copy from the original", "field_vi": "Chứng thực", "field_en": "Authentication",
            "processing": ["kind": "same_day"],
            "fee": ["kind": "per_page", "amount": 2000, "first_pages": 2, "then": 1000, "cap": 200_000],
            "documents": ["Bản chính giấy tờ", "Bản sao cần chứng thực"], "result_vi": "Bản sao được chứng thực",
            "legal_basis": ["Nghị định 23/2015/NĐ-CP"], "source": "https://dichvucong.gov.vn/", "level": "commune",
            "fee_exemptions": ["người thuộc hộ nghèo", "người khuyết tật"],
        ]
    }
    static var acknowledgement: [String: Any] {
        [
            "code": "9.000010", "name_vi": "Tiếp nhận hồ sơ trực tuyến", "name_en": "Online filing acknowledgement",
            "field_vi": "Hộ tịch", "field_en": "Civil status", "processing": ["kind": "working_hours", "hours": 8],
            "fee": 0, "documents": [],
        ]
    }
    static var legacy: [String: Any] {
        [
            "code": "1.004222", "name_vi": "Đăng ký thường trú", "name_en": "Permanent residence registration",
            "processing": ["kind": "working_days", "days": 7], "fee": 20000, "documents": ["Tờ khai"],
        ]
    }
    static var byProvince: [String: Any] {
        [
            "code": "1.004873", "name_vi": "Xác nhận tình trạng hôn nhân", "name_en": "Certificate of marital status",
            "processing": ["kind": "working_days", "days": 3], "fee": NSNull(), "documents": [],
        ]
    }

    @Test("A certified copy costs 2,000 đ a page, 1,000 đ from page 3, at most 200,000 đ a copy")
    func perPageFee() {
        let rule = FeeRule.perPage(amount: 2000, firstPages: 2, then: 1000, cap: 200_000)
        #expect(rule.amount(pages: 1) == 2000)
        #expect(rule.amount(pages: 2) == 4000)
        #expect(rule.amount(pages: 5) == 7000)
        #expect(rule.amount(pages: 500) == 200_000)
        #expect(rule.amount(pages: 5, copies: 3) == 21000)
        #expect(rule.usualAmount == nil)
        #expect(FeeRule.province.amount(pages: 3) == nil)
        #expect(FeeRule.fixed(10000).amount(pages: 9) == 10000)
    }

    @Test(
        "Fee rules, hours and provincial codes read from the file; a bare amount reads as catalogs before 2026.2 meant it"
    )
    func readsRichEntries() throws {
        let catalog = try Catalog(
            json: Self.catalogJSON(procedures: [Self.copy, Self.acknowledgement, Self.legacy, Self.byProvince]))
        let copy = try #require(catalog.procedure("2.000815"))
        #expect(copy.localCode == "2.000815.000.00.00.H56")
        #expect(copy.field == Procedure.Field(vi: "Chứng thực", en: "Authentication"))
        #expect(copy.fee == .perPage(amount: 2000, firstPages: 2, then: 1000, cap: 200_000))
        #expect(copy.details.legalBasis == ["Nghị định 23/2015/NĐ-CP"])
        #expect(copy.details.level == .commune)
        #expect(copy.details.feeExemptions == ["người thuộc hộ nghèo", "người khuyết tật"])
        #expect(catalog.procedure("1.004222")?.details.level == nil, "catalogs before 2026.3 state no level")
        #expect(catalog.procedure("1.004222")?.details.feeExemptions == [])
        // What a desk stores and reads back.
        let stored = try JSONDecoder().decode(Procedure.Details.self, from: JSONEncoder().encode(copy.details))
        #expect(stored == copy.details)
        #expect(try JSONDecoder().decode(Procedure.Details.self, from: Data(#"{"legal_basis": []}"#.utf8)) == .init())
        #expect(catalog.procedure("9.000010")?.processing == .workingHours(8))
        #expect(catalog.procedure("9.000010")?.fee == FeeRule.none)
        #expect(catalog.procedure("1.004222")?.fee == .fixed(20000))
        #expect(catalog.procedure("1.004873")?.fee == .province)
        #expect(catalog.procedure("2.000815.000.00.00.H56") == nil, "dossiers key on the national code")
    }

    @Test("8 working hours from the lunch break end where 1 working day does (worked example 5)")
    func workingHours() throws {
        let calendar = DueDateTests.calendar()
        let received = DueDateTests.at("2025-06-11T12:10")
        #expect(
            try calendar.dueTime(receivedAt: received, processing: .workingHours(8))
                == DueDateTests.at("2025-06-12T11:30"))
        #expect(
            try calendar.dueTime(receivedAt: received, processing: .workingHours(2))
                == DueDateTests.at("2025-06-11T15:30"))
    }

    @Test("Clock hours run through the night: 12 hours from Friday 16:00 end Saturday 04:00; older desks see days")
    func clockHours() throws {
        let due = try DueDateTests.calendar().dueTime(
            receivedAt: DueDateTests.at("2025-06-13T16:00"), processing: .hours(12))
        #expect(due == DueDateTests.at("2025-06-14T04:00"))
        var order = Self.acknowledgement
        order["processing"] = ["kind": "hours", "hours": 12]
        let json = try Self.catalogJSON(procedures: [order])
        #expect(try Catalog(json: json).procedure("9.000010")?.processing == .hours(12))
        let projected = try #require(
            try JSONSerialization.jsonObject(with: LegacyCatalogFile.projected(json)) as? [String: Any])
        let processing = (projected["procedures"] as? [[String: Any]])?.first?["processing"] as? [String: Any]
        #expect(processing?["kind"] as? String == "calendar_days" && processing?["days"] as? Int == 1)
    }

    @Test(
        "A catalog with a bad entry is refused whole, naming it",
        arguments: [
            ("code", #""1001193""#, "national code"), ("code", #""2.000884""#, "listed twice"),
            ("local_code", #""1.999999.H56""#, "province's code"), ("name_vi", #"" Đăng  ký""#, "names"),
            ("fee", #"{"kind": "fixed", "amount": -5}"#, "fee amounts"),
            ("fee", #"{"kind": "sometimes"}"#, "fee kind"),
            ("processing", #"{"kind": "working_hours"}"#, "processing time"),
            ("processing", #"{"kind": "working_days", "days": 0}"#, "processing time"),
            ("documents", #"[""]"#, "documents"),
            ("source", #""\u001b]52;c;eA==\u0007""#, "control character"),
            ("name_vi", #""Chứng thực\u001b[8m""#, "control character"),
            ("documents", #"["Tờ khai\nLệ phí: 0 đ"]"#, "control character"),
            ("name_en", #""Certified \u202Eypoc""#, "control character"),
            ("level", #""district""#, "level"), ("fee_exemptions", #"["người  nghèo"]"#, "stray spaces"),
            ("fee_exemptions", #"[""]"#, "fee exemptions"),
            ("fee_exemptions", #"["hộ nghèo\u001b[2J"]"#, "control character"),
        ])
    func refusesBadEntries(key: String, value: String, named: String) throws {
        var entry = Self.copy
        entry[key] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
        let other: [String: Any] = [
            "code": "2.000884", "name_vi": "Chứng thực chữ ký", "name_en": "Signature authentication",
            "processing": ["kind": "same_day"], "fee": 10000, "documents": [],
        ]
        #expect(throws: Never.self) { try Catalog(json: Self.catalogJSON(procedures: [Self.copy, other])) }
        do {
            _ = try Catalog(json: Self.catalogJSON(procedures: [other, entry]))
            Issue.record("a catalog with a bad \(key) was taken")
        } catch {
            #expect(String(describing: error).contains(named), "\(error)")
        }
    }

    @Test("Officers find a procedure by code, provincial code, or words of its name or field without accents")
    func search() throws {
        let catalog = try Catalog(json: Self.catalogJSON(procedures: [Self.copy, Self.acknowledgement, Self.legacy]))
        #expect(catalog.procedures(matching: "2.000815").map(\.code) == ["2.000815"])
        #expect(catalog.procedures(matching: "2.000815.000.00.00.H56").map(\.code) == ["2.000815"])
        #expect(catalog.procedures(matching: "chung thuc ban sao").map(\.code) == ["2.000815"])
        #expect(catalog.procedures(matching: "thuong tru").map(\.code) == ["1.004222"])
        #expect(catalog.procedures(matching: "civil status").map(\.code) == ["9.000010"])
        #expect(catalog.procedures(matching: "Đăng ký thường trú").map(\.code) == ["1.004222"])
        #expect(catalog.procedures(matching: "9.0").map(\.code) == ["9.000010"])
        #expect(catalog.procedures(matching: "khai tu").isEmpty)
    }

    @Test("A catalog of 5,000 procedures finds one by code or words, and the last as the first")
    func searchAtScale() throws {
        let many = (0..<5000).map { number -> [String: Any] in
            [
                "code": String(format: "8.%06d", number), "name_vi": "Thủ tục số \(number)",
                "name_en": "Procedure \(number)", "field_vi": number % 2 == 0 ? "Đất đai" : "Xây dựng",
                "processing": ["kind": "working_days", "days": 1 + number % 20], "fee": 0, "documents": ["Tờ khai"],
            ]
        }
        let catalog = try Catalog(json: Self.catalogJSON(procedures: many))
        #expect(catalog.procedure("8.004999")?.nameVI == "Thủ tục số 4999")
        #expect(catalog.procedures(matching: "thu tuc so 4999").map(\.code) == ["8.004999"])
        #expect(catalog.procedures(matching: "dat dai").count == 2500)
    }

    @Test("Desks before 2026.2 are served fees as amounts and hours as the working days that hold them")
    func legacyProjection() throws {
        let json = try Self.catalogJSON(procedures: [Self.copy, Self.acknowledgement, Self.legacy, Self.byProvince])
        let projected = try LegacyCatalogFile.projected(json)
        let file = try #require(try JSONSerialization.jsonObject(with: projected) as? [String: Any])
        let entries = try #require(file["procedures"] as? [[String: Any]])
        let byCode = Dictionary(uniqueKeysWithValues: entries.map { ($0["code"] as? String ?? "", $0) })
        #expect(byCode["2.000815"]?["fee"] is NSNull)
        #expect(byCode["1.004222"]?["fee"] as? Int == 20000)
        #expect(byCode["9.000010"]?["fee"] as? Int == 0)
        #expect(byCode["1.004873"]?["fee"] is NSNull)
        #expect((byCode["9.000010"]?["processing"] as? [String: Any])?["kind"] as? String == "working_days")
        #expect((byCode["9.000010"]?["processing"] as? [String: Any])?["days"] as? Int == 1)
        // What the old decoder needs: every fee a number or null, every time one it knows.
        for entry in entries {
            #expect(entry["fee"] is NSNull || entry["fee"] is Int)
            let kind = (entry["processing"] as? [String: Any])?["kind"] as? String
            #expect(["same_day", "working_days", "calendar_days"].contains(kind))
        }
        #expect(try Catalog(json: projected).version == "2026.9")
    }

    @Test(
        "A version is dotted numbers: one that could not travel in a header or be ordered is refused",
        arguments: ["2026.3\u{7}", "test-1", "", "+2026.3", "2026..3", "2026.9 ", "1234567890.1"])
    func refusesVersions(version: String) throws {
        #expect(throws: CatalogError.self) {
            try Catalog(json: Self.catalogJSON(version: version, procedures: [Self.legacy]))
        }
    }

    @Test("A commune listed twice, or a name with an escape, is refused: no desk could store or show it")
    func refusesCommunes() throws {
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        var communes = try #require(file["communes"] as? [[String: Any]])
        communes.append(communes[0])
        file["communes"] = communes
        #expect(throws: CatalogError.self) { try Catalog(json: JSONSerialization.data(withJSONObject: file)) }
        communes.removeLast()
        communes[0]["name"] = "Phường \u{1B}[2J"
        file["communes"] = communes
        #expect(throws: CatalogError.self) { try Catalog(json: JSONSerialization.data(withJSONObject: file)) }
    }

    @Test("The handover survey: the bundled one read, none in an older file, a bad code or name refused")
    func survey() throws {
        let bundled = try Catalog.embedded().survey
        #expect(bundled.version == "2026.1")
        #expect(bundled.criteria.map(\.code) == ["time", "contacts", "guidance", "attitude", "result"])
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        file["satisfaction"] = nil
        #expect(try Catalog(json: JSONSerialization.data(withJSONObject: file)).survey == .overallOnly)
        for criterion in [
            ["code": "Time", "name_vi": "a", "name_en": "a"], ["code": "time", "name_vi": "", "name_en": "a"],
            ["code": "time", "name_vi": "a\u{1B}[2J", "name_en": "a"],
        ] {
            file["satisfaction"] = ["version": "1", "criteria": [criterion]]
            #expect(throws: CatalogError.self) { try Catalog(json: JSONSerialization.data(withJSONObject: file)) }
        }
        let twice = ["code": "time", "name_vi": "a", "name_en": "a"]
        file["satisfaction"] = ["version": "1", "criteria": [twice, twice]]
        #expect(throws: CatalogError.self) { try Catalog(json: JSONSerialization.data(withJSONObject: file)) }
    }

    @Test("Words typed find names that hold them as a phrase before any that merely contain their letters")
    func phraseSearch() throws {
        let catalog = try Catalog.embedded()
        let deaths = catalog.procedures(matching: "khai tu").map(\.nameVI)
        #expect(!deaths.isEmpty && deaths.allSatisfy { VietnameseText.folded($0).contains("khai tu") }, "\(deaths)")
        #expect(
            catalog.procedures(matching: "khai sinh").allSatisfy {
                VietnameseText.folded($0.nameVI).contains("khai sinh")
            })
    }

    @Test("The bundled procedures are the commune's, and the fee texts' exempt groups are listed one by one")
    func bundledLevelsAndExemptions() throws {
        let catalog = try Catalog.embedded()
        #expect(catalog.procedures.allSatisfy { $0.details.level == .commune })
        let exempting = catalog.procedures.filter { !$0.details.feeExemptions.isEmpty }
        #expect(exempting.count >= 25)
        #expect(
            exempting.allSatisfy {
                $0.details.feeExemptions.allSatisfy { $0.hasPrefix("người") || $0.hasPrefix("trường hợp") }
            })
        #expect(
            catalog.procedure("1.004859")?.details.feeExemptions == [
                "người thuộc gia đình có công với cách mạng", "người thuộc hộ nghèo", "người khuyết tật",
            ])
    }

    @Test("Catalog versions compare as dotted numbers")
    func versions() {
        #expect(Catalog.version("2026.1", precedes: "2026.2"))
        #expect(Catalog.version("2026.2", precedes: "2026.10"))
        #expect(!Catalog.version("2026.10", precedes: "2026.9"))
        #expect(!Catalog.version("2026.2", precedes: "2026.2"))
    }
}
