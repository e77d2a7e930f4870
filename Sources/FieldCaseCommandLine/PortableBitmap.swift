import Foundation

/// A black-and-white image as a binary PBM (netpbm P4): the simplest file `lp` (CUPS) prints and scanners'
/// test tools read, written without an image library.
public struct PortableBitmap: Sendable {
    /// Row-major; true is black.
    public let pixels: [[Bool]]

    /// `modules` drawn `scale` pixels to a module (each row `height` pixels high when given, for a barcode).
    public init(modules: [[Bool]], scale: Int, rowHeight: Int? = nil) {
        pixels = modules.flatMap { row in
            let wide = row.flatMap { Array(repeating: $0, count: scale) }
            return Array(repeating: wide, count: rowHeight ?? scale)
        }
    }

    public var data: Data {
        let width = pixels.first?.count ?? 0
        var result = Data("P4\n\(width) \(pixels.count)\n".utf8)
        for row in pixels {
            for start in stride(from: 0, to: width, by: 8) {
                var byte: UInt8 = 0
                for (offset, black) in row[start..<min(start + 8, width)].enumerated() where black {
                    byte |= 0x80 >> UInt8(offset)
                }
                result.append(byte)
            }
        }
        return result
    }
}
