/// Lowercase hex of a digest or key, the form hashes and token digests are stored and compared in.
///
/// Written out by hand because `String(format: "%02x")` per byte cost the audit chain's checks (every
/// entry hashed on both sides of a sync) about a tenth of a push in `perf`.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    public static func string<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
