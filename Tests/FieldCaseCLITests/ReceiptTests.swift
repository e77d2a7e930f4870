import FieldCaseCommandLine
import FieldCaseHarness
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
        // The QR code as printed, read by zbar: the dossier code, nothing else.
        #expect(try Zbar.read(Self.qrImage(slip)) == code, "\(slip)")
    }

    /// The half-block lines of the slip's QR code as an image, eight pixels to a module, with a wide margin.
    static func qrImage(_ slip: String) throws -> Data {
        let blocks = Set("█▀▄")
        let lines = slip.split(separator: "\n").map(String.init).filter { line in
            line.contains { blocks.contains($0) } && line.allSatisfy { blocks.contains($0) || $0 == " " }
        }
        try #require(!lines.isEmpty, "the slip has a QR code")
        let width = lines.map(\.count).max() ?? 0
        let margin = Array(repeating: false, count: width + 16)
        var modules = Array(repeating: margin, count: 8)
        for line in lines {
            let cells = Array(line.padding(toLength: width, withPad: " ", startingAt: 0))
            let pad = Array(repeating: false, count: 8)
            modules.append(pad + cells.map { $0 == "█" || $0 == "▀" } + pad)
            modules.append(pad + cells.map { $0 == "█" || $0 == "▄" } + pad)
        }
        modules += Array(repeating: margin, count: 8)
        return PortableBitmap(modules: modules, scale: 8).data
    }

    @Test("--barcode writes the dossier code as a Code 128 image zbar reads; only with a receipt, never in the home")
    func barcode() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let code = try home.run(TestHome.validCase).stdout.trimmed
        let image = home.url.deletingLastPathComponent().appendingPathComponent("code.pbm")
        let result = try home.run(["case", "form", "receipt", code, "--barcode", image.path, "--width", "48"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try Zbar.read(try Data(contentsOf: image)) == code)
        let other = home.url.deletingLastPathComponent().appendingPathComponent("other.pbm")
        let refused = try home.run(["case", "form", "control", code, "--barcode", other.path])
        #expect(refused.status == 64 && refused.stderr.contains("--barcode"), "\(refused.stderr)")
        let inside = home.url.appendingPathComponent("code.pbm")
        let sealed = try home.run(["case", "receipt", code, "--barcode", inside.path, "--out", other.path])
        #expect(sealed.status == 73, "\(sealed.stderr)")
        #expect(
            !FileManager.default.fileExists(atPath: inside.path) && !FileManager.default.fileExists(atPath: other.path))
        for clash in [["--barcode", "-"], ["--barcode", other.path, "--out", other.path]] {
            let result = try home.run(["case", "receipt", code] + clash)
            #expect(result.status == 64 && result.stderr.contains("--barcode"), "\(clash): \(result.stderr)")
        }
        // A link where the file should go is refused, never followed to what it points at.
        let target = home.url.deletingLastPathComponent().appendingPathComponent("target.txt")
        try Data("kept".utf8).write(to: target)
        try FileManager.default.createSymbolicLink(at: other, withDestinationURL: target)
        let linked = try home.run(["case", "receipt", code, "--out", other.path])
        #expect(linked.status == 73, "\(linked.stderr)")
        #expect(try String(contentsOf: target, encoding: .utf8) == "kept")
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
