import Foundation
import Testing

/// The slip the citizen takes home, at the widths of the printers communes have.
@Suite(.serialized)
struct ReceiptTests {
    @Test("The slip fits 32, 48 and 80 columns and carries everything the citizen must keep", arguments: [32, 48, 80])
    func slip(width: Int) throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(
            TestHome.validCase + [
                "--phone", "0912345678", "--address", "Thôn Nà Khà, xã Lâm Bình, tỉnh Tuyên Quang",
                "--document", "Giấy chứng sinh:1:0", "--document", "Tờ khai đăng ký khai sinh:1:2", "--fee", "50000",
                "--received-at", "2025-06-10T15:20",
            ], now: "2025-06-10T15:30:00+07:00"
        ).stdout.trimmed
        let file = home.url.deletingLastPathComponent().appendingPathComponent("slip.txt")
        let result = try home.run(["case", "receipt", code, "--width", String(width), "--out", file.path])
        #expect(result.status == 0, "\(result.stderr)")
        let slip = try String(contentsOf: file, encoding: .utf8)
        let lines = slip.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(
            lines.allSatisfy { VietnameseWidth.of(String($0)) <= width },
            "\(lines.filter { VietnameseWidth.of(String($0)) > width })")
        #expect(lines.contains { VietnameseWidth.of(String($0)) == width }, "the rule spans the paper")
        // Words may wrap across lines at narrow widths; the content is all there.
        let flat = lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        for expected in [
            "UBND XÃ LÂM BÌNH", "GIẤY TIẾP NHẬN HỒ SƠ", code, "Nguyễn Văn Đức", "001099012345", "0912345678",
            "Đăng ký khai sinh (1.001193)", "1. Giấy chứng sinh: 1 bản chính, 0 bản sao",
            "2. Tờ khai đăng ký khai sinh: 1 bản chính, 2 bản sao", "Lệ phí: 50.000 đồng, chưa nộp",
            "Nhận lúc: 15:20 ngày 10/06/2025",
            // Received after the 15:00 cutoff: the next working day, 17:00.
            "Hẹn trả: 17:00 ngày 11/06/2025", "Nơi trả: Bộ phận Một cửa, UBND xã Lâm Bình",
        ] {
            #expect(flat.contains(expected), "\(expected) missing at \(width) columns:\n\(slip)")
        }
    }

    @Test("An unknown dossier or a width no printer has gets one clear error")
    func refusals() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let unknown = try home.run(["case", "receipt", "02266-250610-1999"])
        #expect(unknown.status == 65)
        #expect(unknown.stderr.hasPrefix("Error: "))
        let width = try home.run(["case", "receipt", "02266-250610-1999", "--width", "40"])
        #expect(width.status == 64)
        #expect(width.stderr.contains("'32', '48' or '80'"))
    }
}
