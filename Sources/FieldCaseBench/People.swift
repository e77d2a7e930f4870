import FieldCaseCore
import FieldCaseHarness
import Foundation

/// Seeded, realistic intakes: Vietnamese names in the proportions of the census (Nguyễn first by far,
/// minority family names of the mountain communes among them), CCCD numbers that pass every rule,
/// phones, addresses, procedures from the catalog. The same seed gives the same people.
struct People {
    var generator: SplitMix64
    let catalog: Catalog
    let provinces: [String]

    init(seed: UInt64, catalog: Catalog) {
        generator = SplitMix64(seed: seed)
        self.catalog = catalog
        provinces = catalog.birthProvinces.keys.sorted()
    }

    static let families: [(String, Int)] = [
        ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Hoàng", 50), ("Phan", 45), ("Vũ", 39),
        ("Huỳnh", 40),
        ("Võ", 30), ("Đặng", 21), ("Bùi", 20), ("Đỗ", 14), ("Hồ", 13), ("Ngô", 13), ("Dương", 10), ("Lý", 5), ("Lò", 8),
        ("Vàng", 6), ("Sùng", 4), ("Giàng", 4), ("Hà", 6), ("Lường", 3), ("Cầm", 3), ("Triệu", 3), ("Ma", 2),
    ]
    static let middles: [CitizenID.Gender: [String]] = [
        .male: ["Văn", "Đức", "Minh", "Quang", "Hữu", "Công", "Thành", "Xuân", "A"],
        .female: ["Thị", "Ngọc", "Thu", "Thanh", "Hồng", "Mai", "Kim", "Thị Thu"],
    ]
    static let givens: [CitizenID.Gender: [String]] = [
        .male: [
            "Đức", "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Phong", "Sơn", "Thắng", "Pằng", "Sử", "Chiến",
            "Cường", "Khánh", "Quân", "Bình", "An", "Huy", "Tùng", "Trung", "Kiên", "Lâm",
        ],
        .female: [
            "Hoa", "Lan", "Mai", "Hương", "Linh", "Trang", "Thảo", "Ngọc", "Phương", "Hằng", "Yến", "Nhung", "Dung",
            "Vân", "Hà", "Chi", "Thủy", "Liên", "Nga", "Huyền",
        ],
    ]
    static let hamlets = ["Nà Khà", "Bản Chợ", "Khuổi Củng", "Nà Liềm", "Pác Hóp", "Thôn Đồn", "Nà Mỏ", "Lũng Giang"]

    mutating func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &generator)] }

    mutating func family() -> String {
        var roll = Int.random(in: 0..<Self.families.reduce(0) { $0 + $1.1 }, using: &generator)
        for (name, weight) in Self.families {
            if roll < weight { return name }
            roll -= weight
        }
        return "Nguyễn"
    }

    /// A new applicant's intake for a dossier received at `receivedAt`.
    mutating func intake(receivedAt: LocalTime) -> CaseIntake {
        let gender: CitizenID.Gender = Bool.random(using: &generator) ? .male : .female
        let name = "\(family()) \(pick(Self.middles[gender]!)) \(pick(Self.givens[gender]!))"
        let year = Int.random(in: 1950...2006, using: &generator)
        let birth = LocalDate(
            year: year, month: Int.random(in: 1...12, using: &generator), day: Int.random(in: 1...28, using: &generator)
        )!
        let century = (year >= 2000 ? 2 : 0) + (gender == .female ? 1 : 0)
        let id =
            pick(provinces) + "\(century)" + String(format: "%02d", year % 100)
            + String(format: "%06d", Int.random(in: 0..<1_000_000, using: &generator))
        var intake = CaseIntake(
            procedureCode: pick(catalog.procedures).code, name: name, idNumber: id, dateOfBirth: birth.description,
            gender: gender)
        if Int.random(in: 0..<10, using: &generator) < 7 {
            intake.details[ApplicantDetail.phone.key] =
                "09" + String(format: "%08d", Int.random(in: 0..<100_000_000, using: &generator))
        }
        intake.details[ApplicantDetail.address.key] = "Thôn \(pick(Self.hamlets)), xã Lâm Bình, tỉnh Tuyên Quang"
        intake.receivedAt = receivedAt.iso8601
        intake.documents = ["Tờ khai:1:0", "CCCD:0:1"]
        return intake
    }

    /// The folded name of a random person of the data, as an officer would type it (`nguyen van duc`).
    mutating func searchName() -> String {
        let gender: CitizenID.Gender = Bool.random(using: &generator) ? .male : .female
        return VietnameseText.folded("\(family()) \(pick(Self.middles[gender]!)) \(pick(Self.givens[gender]!))")
    }
}
