import Crypto
import Foundation

/// One offline guess at a PIN wrap, as an attacker holding a stolen disk or USB backup (without the machine's
/// TPM) makes it: a wrap at the standard cost, tried with a wrong PIN. The benchmark times it, so the README can
/// say what a 6-digit PIN protects against.
public struct PINGuess: Sendable {
    private let wrap: KeyWrap
    private let officer = Officer(id: 1, name: "Nguyễn Thị Lan", role: .officer, disabled: false)

    public init() throws {
        wrap = try KeyWrap.wrapping(DataKey.generate(), pin: "246810", officer: officer, cost: .standard, tpm: nil)
    }

    /// Whether `pin` opens the wrap: the whole cost of one guess.
    public func attempt(_ pin: String) -> Bool {
        (try? wrap.unwrap(pin: pin, officer: officer, tpm: nil)) != nil
    }

    /// The baseline: one guess against a PIN kept as a plain salted SHA-256.
    public static func plainHash(_ pin: String, salt: Data) -> Bool {
        SHA256.hash(data: salt + Data(pin.utf8)).withUnsafeBytes { $0.first == 0 && $0.last == 0 }
    }
}
