import Crypto
import Foundation
import _CryptoExtras

/// A PIN kept only as a salted, slow PBKDF2-SHA256 hash, so a stolen laptop does not give PINs away.
public struct PINHash: Sendable, Hashable {
    /// OWASP's floor for PBKDF2-SHA256; about 100 ms here, which an officer does not notice once per login.
    public static let defaultRounds = 210_000

    public let hash: Data
    public let salt: Data
    public let rounds: Int

    public init(hash: Data, salt: Data, rounds: Int) {
        self.hash = hash
        self.salt = salt
        self.rounds = rounds
    }

    /// Checks the PIN rule (4–12 digits) and hashes it with a fresh random salt.
    public static func make(pin: String, rounds: Int = defaultRounds) throws(DomainError) -> PINHash {
        guard (4...12).contains(pin.count), pin.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw .invalidField(.pin, .pinFormat)
        }
        let salt = Data((0..<16).map { _ in UInt8.random(in: .min ... .max) })
        return PINHash(hash: derive(pin: pin, salt: salt, rounds: rounds), salt: salt, rounds: rounds)
    }

    /// Compares in constant time.
    public func matches(pin: String) -> Bool {
        let candidate = Self.derive(pin: pin, salt: salt, rounds: rounds)
        guard candidate.count == hash.count else { return false }
        return zip(candidate, hash).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    static func derive(pin: String, salt: Data, rounds: Int) -> Data {
        // PBKDF2 only fails on unsupported parameters, which are constants here.
        let key = try! KDF.Insecure.PBKDF2.deriveKey(
            from: Data(pin.utf8), salt: salt, using: .sha256, outputByteCount: 32, unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Data($0) }
    }
}
