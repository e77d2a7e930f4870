/// A Code 128 barcode (ISO/IEC 15417): code set C for runs of digit pairs, code set B for the rest. Too wide for
/// a line of text, it is drawn as an image (`PortableBitmap`) a label printer or `lp` takes.
public struct Code128: Sendable {
    /// Bar and space widths, bars first, from the start symbol to the stop pattern.
    public let widths: [Int]

    public enum Failure: Error, Equatable {
        /// Only printable ASCII can be written.
        case unprintable(Character)
    }

    public init(_ text: String) throws(Failure) {
        if let bad = text.first(where: { !($0.isASCII && (32...126).contains($0.asciiValue ?? 0)) }) {
            throw .unprintable(bad)
        }
        let values = Self.symbols(Array(text.utf8))
        let check = values.enumerated().reduce(values[0]) { $0 + $1.offset * $1.element } % 103
        widths = (values + [check, Self.stop]).flatMap { Self.patterns[$0].compactMap(\.wholeNumberValue) }
    }

    static let startB = 104
    static let startC = 105
    static let codeB = 100
    static let codeC = 99
    static let stop = 106

    /// The symbol values, start code included: set C wherever four or more digits follow (an even count of
    /// them, or at the very start and end), set B elsewhere.
    static func symbols(_ bytes: [UInt8]) -> [Int] {
        func digits(from index: Int) -> Int {
            bytes[index...].prefix { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }.count
        }
        var values: [Int] = []
        var inC = false
        var index = 0
        while index < bytes.count {
            let run = digits(from: index)
            if run >= 4 || (inC && run >= 2) {
                if !inC { values.append(values.isEmpty ? startC : codeC) }
                inC = true
                // An odd run leaves its last digit to set B.
                for pair in stride(from: index, to: index + run / 2 * 2, by: 2) {
                    values.append(Int(bytes[pair] - 48) * 10 + Int(bytes[pair + 1] - 48))
                }
                index += run / 2 * 2
            } else {
                if inC || values.isEmpty { values.append(values.isEmpty ? startB : codeB) }
                inC = false
                values.append(Int(bytes[index]) - 32)
                index += 1
            }
        }
        if values.isEmpty { values.append(startB) }
        return values
    }

    /// Each value's bar and space widths (six elements, eleven modules; the stop pattern has seven, thirteen).
    static let patterns = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ]

    /// One row of modules, quiet zones of ten on both sides; true is a bar.
    public var row: [Bool] {
        let quiet = Array(repeating: false, count: 10)
        return quiet
            + widths.enumerated().flatMap { Array(repeating: $0.offset % 2 == 0, count: $0.element) } + quiet
    }
}
