/// A QR code (ISO/IEC 18004, model 2) in byte mode (UTF-8 declared where the text needs it) at error-correction
/// level M, the smallest version that holds
/// the text: a dossier code on a receipt is version 2. Written here rather than taken from a library because
/// the desk prints offline and the whole encoder is a page; a test reads every symbol back with zbar.
public struct QRCode: Sendable {
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    public let version: Int
    /// Row-major; true is dark.
    public let modules: [[Bool]]

    public enum Failure: Error, Equatable {
        /// More bytes than version 40 at level M holds (2,331 in ASCII).
        case tooLong(Int)
    }

    public init(_ text: String) throws(Failure) {
        let bytes = Array(text.utf8)
        guard let version = (1...40).first(where: { Self.dataCodewords($0) >= Self.neededCodewords(bytes, $0) }) else {
            throw .tooLong(bytes.count)
        }
        var symbol = Symbol(version: version)
        symbol.drawFunctionPatterns()
        symbol.place(Self.interleaved(Self.dataBytes(bytes, version: version), version: version))
        // The mask with the lowest penalty makes the symbol easiest to read; any of the eight is valid.
        let masked = (0..<8).map { symbol.masked($0) }.min { $0.penalty < $1.penalty }!
        self.version = version
        self.size = masked.size
        self.modules = masked.modules
    }

    // MARK: capacity (level M)

    /// Error-correction codewords per block and number of blocks at level M, by version (index 0 unused).
    static let eccPerBlock = [
        -1, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26, 26, 28, 28, 28, 28, 28,
        28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]
    static let blocks = [
        -1, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16, 17, 17, 18, 20, 21, 23, 25, 26, 28, 29,
        31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    /// Modules left for data and error correction once the function patterns are drawn.
    static func rawDataModules(_ version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let align = version / 7 + 2
            result -= (25 * align - 10) * align - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewords(_ version: Int) -> Int {
        rawDataModules(version) / 8 - eccPerBlock[version] * blocks[version]
    }

    /// Mode indicator, character count and the bytes (after the UTF-8 designator where it is needed), rounded
    /// up to whole codewords.
    static func neededCodewords(_ bytes: [UInt8], _ version: Int) -> Int {
        ((needsUTF8Designator(bytes) ? 12 : 0) + 4 + countBits(version) + 8 * bytes.count + 7) / 8
    }

    /// Bytes are read as ISO 8859-1 unless an ECI says otherwise (scanners guess, often Shift JIS): text beyond
    /// ASCII says it is UTF-8 (ECI 26).
    static func needsUTF8Designator(_ bytes: [UInt8]) -> Bool { bytes.contains { $0 >= 0x80 } }

    static func countBits(_ version: Int) -> Int { version < 10 ? 8 : 16 }

    // MARK: data

    static func dataBytes(_ bytes: [UInt8], version: Int) -> [UInt8] {
        var bits = BitBuffer()
        if needsUTF8Designator(bytes) {
            bits.append(0b0111, count: 4)
            bits.append(26, count: 8)
        }
        bits.append(0b0100, count: 4)
        bits.append(bytes.count, count: countBits(version))
        for byte in bytes { bits.append(Int(byte), count: 8) }
        let capacity = dataCodewords(version) * 8
        bits.append(0, count: min(4, capacity - bits.count))
        bits.append(0, count: (8 - bits.count % 8) % 8)
        var data = bits.bytes
        var pad: UInt8 = 0xEC
        while data.count < capacity / 8 {
            data.append(pad)
            pad ^= 0xEC ^ 0x11
        }
        return data
    }

    /// Splits the data into the version's blocks, adds each block's Reed–Solomon codewords, and interleaves.
    static func interleaved(_ data: [UInt8], version: Int) -> [UInt8] {
        let count = blocks[version]
        let ecc = eccPerBlock[version]
        let raw = rawDataModules(version) / 8
        let shortBlocks = count - raw % count
        let shortLength = raw / count
        let divisor = ReedSolomon.divisor(degree: ecc)
        var split: [[UInt8]] = []
        var start = 0
        for index in 0..<count {
            let length = shortLength - ecc + (index < shortBlocks ? 0 : 1)
            var block = Array(data[start..<start + length])
            start += length
            let remainder = ReedSolomon.remainder(block, divisor: divisor)
            // Short blocks get a placeholder where long ones have their last data byte, skipped below.
            if index < shortBlocks { block.append(0) }
            split.append(block + remainder)
        }
        var result: [UInt8] = []
        for column in 0..<split[0].count {
            for (index, block) in split.enumerated() where !(column == shortLength - ecc && index < shortBlocks) {
                result.append(block[column])
            }
        }
        return result
    }
}

/// Bits appended most significant first.
struct BitBuffer {
    private(set) var bits: [Bool] = []
    var count: Int { bits.count }

    mutating func append(_ value: Int, count: Int) {
        for shift in stride(from: count - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
    }

    var bytes: [UInt8] {
        stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<min(start + 8, bits.count)].enumerated().reduce(UInt8(0)) {
                $0 | ($1.element ? UInt8(0x80) >> UInt8($1.offset) : 0)
            }
        }
    }
}

/// Reed–Solomon over GF(2⁸) with the QR polynomial x⁸ + x⁴ + x³ + x² + 1.
enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= ((Int(y) >> bit) & 1) * Int(x)
        }
        return UInt8(product)
    }

    /// The generator polynomial's coefficients, highest power first, its leading 1 left out.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in result.indices {
                result[index] = multiply(result[index], root)
                if index + 1 < result.count { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}

extension QRCode {
    /// The symbol in half blocks, two module rows a line, dark as ink: right on paper (on a light-on-dark
    /// terminal it shows inverted). `quietZone` light modules surround it; the standard asks for four, and a
    /// receipt's paper margin adds to fewer.
    public func textLines(quietZone: Int) -> [String] {
        let grid = modules(quietZone: quietZone)
        func dark(_ x: Int, _ y: Int) -> Bool { y < grid.count && grid[y][x] }
        return stride(from: 0, to: grid.count, by: 2).map { y in
            String(
                grid[y].indices.map { x -> Character in
                    switch (dark(x, y), dark(x, y + 1)) {
                    case (true, true): "█"
                    case (true, false): "▀"
                    case (false, true): "▄"
                    case (false, false): " "
                    }
                })
        }
    }

    /// The modules with `quietZone` light modules on every side, as a printer or an image draws them.
    public func modules(quietZone: Int) -> [[Bool]] {
        let light = Array(repeating: false, count: quietZone)
        let blank = Array(repeating: false, count: size + 2 * quietZone)
        let margin = Array(repeating: blank, count: quietZone)
        return margin + modules.map { light + $0 + light } + margin
    }
}
