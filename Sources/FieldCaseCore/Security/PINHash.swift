import Crypto
import Foundation
import _CryptoExtras

/// A PIN as releases before sealing kept it: a salted PBKDF2-SHA256 hash. Only checked, at the first sign-in
/// of such a home's supervisor, which replaces every one of them with a key wrap (`KeyWrap`).
struct PINHash: Sendable, Hashable {
    let hash: Data
    let salt: Data
    let rounds: Int

    /// Compares in constant time.
    func matches(pin: String) -> Bool {
        guard let candidate = try? Self.derive(pin: pin, salt: salt, rounds: rounds), candidate.count == hash.count
        else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// Rounds come from the stored row; PBKDF2 refuses unusable ones, which then match nothing.
    static func derive(pin: String, salt: Data, rounds: Int) throws -> Data {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Data(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32,
            unsafeUncheckedRounds: min(max(rounds, 1), 10_000_000))
        return key.withUnsafeBytes { Data($0) }
    }
}
