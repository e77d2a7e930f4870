import Foundation

/// The key `init` prints once for the supervisor: it opens the data key when every PIN is forgotten.
/// 160 random bits written as eight groups of four letters and digits without look-alikes (I, L, O, U).
public struct RecoveryKey: Sendable, CustomStringConvertible {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    let bytes: Data

    static func generate() -> RecoveryKey { RecoveryKey(bytes: randomBytes(20)) }

    init(bytes: Data) {
        self.bytes = bytes
    }

    /// Reads a typed key: case, spaces and dashes do not matter; O is read as 0 and I, L as 1.
    public init?(_ text: String) {
        let cleaned = text.uppercased().filter { !$0.isWhitespace && $0 != "-" }
            .map { $0 == "O" ? "0" : ($0 == "I" || $0 == "L") ? "1" : $0 }
        guard cleaned.count == 32 else { return nil }
        var bits = 0
        var value = 0
        var bytes = Data()
        for character in cleaned {
            guard let index = Self.alphabet.firstIndex(of: character) else { return nil }
            value = (value << 5) | index
            bits += 5
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((value >> bits) & 0xFF))
            }
        }
        self.bytes = bytes
    }

    public var description: String {
        var text = ""
        var bits = 0
        var value = 0
        for byte in bytes {
            value = (value << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                bits -= 5
                text.append(Self.alphabet[(value >> bits) & 31])
            }
            value &= (1 << bits) - 1
        }
        return stride(from: 0, to: text.count, by: 4).map { start in
            let from = text.index(text.startIndex, offsetBy: start)
            return String(text[from..<text.index(from, offsetBy: 4)])
        }.joined(separator: "-")
    }
}
