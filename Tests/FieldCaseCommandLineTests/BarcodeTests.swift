import FieldCaseHarness
import Foundation
import Testing

@testable import FieldCaseCommandLine

/// The receipt's QR code and barcode, encoded here and read back by zbar, another implementation of the
/// standards: a symbol that only our own decoder could read would help nobody at a scanner.
struct BarcodeTests {
    /// The symbol with the standard's four-module quiet zone, four pixels to a module.
    static func image(_ code: QRCode) -> Data {
        PortableBitmap(modules: code.modules(quietZone: 4), scale: 4).data
    }

    @Test("Reed–Solomon gives the codewords of the standard's worked example (version 1-M, '01234567')")
    func reedSolomon() {
        let data: [UInt8] = [
            0x10, 0x20, 0x0C, 0x56, 0x61, 0x80, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11, 0xEC, 0x11,
        ]
        #expect(
            ReedSolomon.remainder(data, divisor: ReedSolomon.divisor(degree: 10))
                == [0xA5, 0x24, 0xD4, 0xC1, 0xED, 0x36, 0xC7, 0x87, 0x2C, 0x55])
    }

    @Test(
        "A QR code of any length reads back the same, in the smallest version that holds it",
        arguments: [
            ("0", 1), ("02266-250610-1001", 2), ("Nguyễn Văn Đức, 02266-250610-1001", 3),
            (String(repeating: "02266-250610-1001;", count: 7), 8),
            (String(repeating: "Đăng ký khai sinh. ", count: 12), 12), (String(repeating: "y", count: 280), 12),
            (String(repeating: "Đăng ký khai sinh. ", count: 3), 5),
            (String(repeating: "x", count: 2331), 40),
        ])
    func qrCodes(text: String, version: Int) throws {
        let code = try QRCode(text)
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version && code.modules.allSatisfy { $0.count == code.size })
        let read = try Zbar.read(Self.image(code))
        #expect(read == text, "\(read)")
    }

    @Test("Text beyond version 40's capacity is refused, not cut")
    func qrTooLong() {
        #expect(throws: QRCode.Failure.tooLong(2332)) { try QRCode(String(repeating: "x", count: 2332)) }
    }

    @Test("The half-block text of a QR code is the symbol, two rows a line, with the quiet zone asked for")
    func qrText() throws {
        let code = try QRCode("02266-250610-1001")
        let lines = code.textLines(quietZone: 2)
        #expect(lines.count == (code.size + 4 + 1) / 2)
        #expect(lines.allSatisfy { $0.count == code.size + 4 })
        #expect(lines.first?.allSatisfy { $0 == " " } == true && lines[1].hasPrefix("  █▀▀▀▀▀█"))
    }

    @Test(
        "A Code 128 barcode reads back the same; runs of digits take half the width",
        arguments: ["02266-250610-1001", "1234", "12345", "A-1", "x", "00-1234567-0", " !~"])
    func code128(text: String) throws {
        let barcode = try Code128(text)
        let image = PortableBitmap(modules: [barcode.row], scale: 2, rowHeight: 40).data
        #expect(try Zbar.read(image) == text)
        // Start, one symbol per character (set B throughout), check and stop: the most it could take.
        let setB = 11 * (text.count + 2) + 13
        let modules = barcode.widths.reduce(0, +)
        if text.filter(\.isNumber).count >= 4 { #expect(modules < setB) } else { #expect(modules == setB) }
    }

    @Test("A character outside printable ASCII is refused, naming it")
    func code128Refused() {
        #expect(throws: Code128.Failure.unprintable("â")) { try Code128("Lâm") }
    }
}
