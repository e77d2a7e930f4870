import Testing

@testable import FieldCaseDomain

/// The embedded catalog holds the whole country (tools/catalog-units.py): a desk anywhere is set up offline.
struct UnitCatalogTests {
    let catalog = try! Catalog.embedded()

    @Test("34 provinces and 3,321 communes, wards and special zones, each code once, 5 and 2 digits")
    func counts() {
        #expect(catalog.communes.count == 3321)
        #expect(Set(catalog.communes.map(\.code)).count == 3321, "no code twice")
        #expect(Set(catalog.communes.map(\.provinceCode)).count == 34)
        #expect(catalog.communes.allSatisfy { $0.code.count == 5 && $0.code.allSatisfy(\.isNumber) })
        #expect(catalog.communes.allSatisfy { $0.provinceCode.count == 2 && $0.provinceCode.allSatisfy(\.isNumber) })
        #expect(Set(catalog.communes.map(\.provinceName)).count == 34, "one name per province")
    }

    @Test(
        "Known codes from shared/domain.md, with Bát Tràng at 00583 (the sample's 00577 was wrong)",
        arguments: [
            ("00004", "Phường Ba Đình", "01", "Hà Nội"), ("00070", "Phường Hoàn Kiếm", "01", "Hà Nội"),
            ("00583", "Xã Bát Tràng", "01", "Hà Nội"), ("02266", "Xã Lâm Bình", "08", "Tuyên Quang"),
            ("14797", "Phường Hạc Thành", "38", "Thanh Hóa"), ("20242", "Phường Hải Châu", "48", "Đà Nẵng"),
            ("22366", "Phường Nha Trang", "56", "Khánh Hòa"), ("26740", "Phường Sài Gòn", "79", "Hồ Chí Minh"),
            ("26732", "Đặc khu Côn Đảo", "79", "Hồ Chí Minh"), ("31078", "Đặc khu Phú Quốc", "91", "An Giang"),
        ])
    func knownCodes(code: String, name: String, province: String, provinceName: String) throws {
        let commune = try #require(catalog.communes.first { $0.code == code })
        #expect(commune.name == name)
        #expect(commune.provinceCode == province)
        #expect(commune.provinceName == provinceName)
        #expect(!catalog.communes.contains { $0.code == "00577" })
    }

    @Test("Names repeat across provinces: the province tells them apart")
    func repeatedNames() {
        let tanTien = catalog.communes.filter { $0.name == "Xã Tân Tiến" }
        #expect(tanTien.count > 1)
        #expect(Set(tanTien.map(\.provinceCode)).count == tanTien.count)
    }
}
