import Crypto
import FieldCaseWire
import Foundation
import _CryptoExtras

/// The data key sealed under a key derived from an officer's PIN (scrypt, memory-hard) or from the recovery
/// key (HKDF: it is random already). Opening it is also how a PIN is checked: a wrong PIN fails the tag. The
/// holder and the KDF parameters are its associated data: an officer's wrap names their id, name and role
/// (version 2), so a wrap copied onto another officer's row does not open there, and neither does an
/// officer's own wrap once their role or name was changed outside fieldcase (a plain `sqlite3` UPDATE).
struct KeyWrap: Codable, Sendable {
    enum Derivation: String, Codable {
        case scrypt
        case hkdf
    }

    var derivation: Derivation
    var salt: Data
    /// scrypt's cost N (a power of two), block size r and parallelism p; 0 for HKDF.
    var n: Int
    var r: Int
    var p: Int
    var sealed: Data
    /// 2 binds an officer's name and role; wraps from earlier releases (absent: 1) bind the id only and are
    /// made again at their officer's next sign-in.
    var version: Int?
    /// Where the machine has a TPM 2.0: half of the PIN wrap's secret, sealed by the TPM under an authorization
    /// derived from the PIN. Without that TPM no PIN can be tried offline (a stolen disk or USB backup), and on
    /// the machine the TPM's dictionary-attack lockout stops guessing after a few wrong PINs.
    var tpm: TPMSealed?

    static func wrapping(
        _ dataKey: DataKey, pin: String, officer: Officer, cost: KDFCost,
        tpm device: TPMDevice? = .configured()
    ) throws -> KeyWrap {
        var wrap = KeyWrap(
            derivation: .scrypt, salt: randomBytes(16), n: cost.n, r: cost.r, p: cost.p, sealed: Data(), version: 2)
        let stretched = try wrap.key(from: Data(pin.utf8))
        guard let device else {
            try wrap.seal(dataKey, key: stretched, holder: wrap.holder(officer))
            return wrap
        }
        let half = randomBytes(32)
        do {
            wrap.tpm = try device.seal(half, authorization: Self.tpmAuthorization(stretched))
        } catch {
            throw StoreError.tpmUnavailable(Self.said(error))
        }
        try wrap.seal(dataKey, key: Self.joined(stretched, half), holder: wrap.holder(officer))
        return wrap
    }

    static func wrapping(_ dataKey: DataKey, recovery: RecoveryKey) throws -> KeyWrap {
        var wrap = KeyWrap(derivation: .hkdf, salt: randomBytes(16), n: 0, r: 0, p: 0, sealed: Data(), version: 2)
        try wrap.seal(dataKey, key: try wrap.key(from: recovery.bytes), holder: "recovery")
        return wrap
    }

    /// Whether the wrap binds only the officer's id (a release before roles were bound).
    var isLegacy: Bool { (version ?? 1) < 2 }

    private func holder(_ officer: Officer) -> String {
        isLegacy ? "officer \(officer.id)" : "officer \(officer.id)|\(officer.role.rawValue)|\(officer.name)"
    }

    private mutating func seal(_ dataKey: DataKey, key: SymmetricKey, holder: String) throws {
        let box = try AES.GCM.seal(dataKey.rawBytes, using: key, authenticating: aad(holder))
        sealed = box.combined ?? Data()
    }

    /// The data key, or nil when the secret is not the one it was wrapped with (or the wrap is not theirs). A
    /// TPM-sealed wrap needs its TPM: elsewhere (a copied disk, a backup restored on another machine) it
    /// throws, and the recovery key opens the home there.
    func unwrap(pin: String, officer: Officer, tpm device: TPMDevice? = .configured()) throws -> DataKey? {
        guard let stretched = try? key(from: Data(pin.utf8)) else { return nil }
        guard let tpm else { return open(with: stretched, holder: holder(officer)) }
        guard let device else { throw StoreError.tpmUnavailable("no TPM on this machine") }
        do {
            let half = try device.unseal(tpm, authorization: Self.tpmAuthorization(stretched))
            return open(with: Self.joined(stretched, half), holder: holder(officer))
        } catch .wrongAuthorization {
            return nil
        } catch .lockout {
            throw StoreError.tpmLockout
        } catch {
            throw StoreError.tpmUnavailable(Self.said(error))
        }
    }

    /// The TPM object's authorization: from the PIN's scrypt, so each PIN tried at the TPM costs the same work as
    /// one tried offline, even by someone who can reset the TPM's lockout; 32 characters (the most a SHA-256
    /// object takes); never stored.
    private static func tpmAuthorization(_ stretched: SymmetricKey) -> String {
        let key = HKDF<SHA256>.deriveKey(
            inputKeyMaterial: stretched, info: Data("fieldcase tpm auth v2".utf8), outputByteCount: 16)
        return key.withUnsafeBytes { Hex.string($0) }
    }

    /// The wrap's key from the PIN's scrypt and the TPM's half: neither alone opens it.
    private static func joined(_ stretched: SymmetricKey, _ half: Data) -> SymmetricKey {
        let both = stretched.withUnsafeBytes { Data($0) } + half
        return HKDF<SHA256>.deriveKey(
            inputKeyMaterial: SymmetricKey(data: both), info: Data("fieldcase tpm wrap v1".utf8), outputByteCount: 32)
    }

    private static func said(_ failure: TPMFailure) -> String {
        if case .unavailable(let reason) = failure { return reason }
        return "\(failure)"
    }

    func unwrap(recovery: RecoveryKey) -> DataKey? {
        guard let key = try? key(from: recovery.bytes) else { return nil }
        return open(with: key, holder: "recovery")
    }

    private func open(with key: SymmetricKey, holder: String) -> DataKey? {
        guard let box = try? AES.GCM.SealedBox(combined: sealed),
            let raw = try? AES.GCM.open(box, using: key, authenticating: aad(holder)), raw.count == 32
        else { return nil }
        return DataKey(key: SymmetricKey(data: raw))
    }

    private func aad(_ holder: String) -> Data {
        let bound = tpm == nil ? "" : "|tpm"
        return Data("fieldcase key wrap v\(version ?? 1)|\(holder)|\(derivation.rawValue) \(n) \(r) \(p)\(bound)".utf8)
    }

    /// Cheaper than the standard cost (made while the test knob was set): re-wrapped at the next sign-in.
    var isWeak: Bool { derivation == .scrypt && KDFCost(n: n, r: r, p: p).isWeak }

    private func key(from secret: Data) throws -> SymmetricKey {
        switch derivation {
        case .scrypt:
            // Stored parameters are bounded so a tampered row cannot make a sign-in exhaust memory.
            guard n >= 2, n <= 1 << 20, n & (n - 1) == 0, (1...16).contains(r), (1...64).contains(p) else {
                throw StoreError.sealing
            }
            return try KDF.Scrypt.deriveKey(
                from: secret, salt: salt, outputByteCount: 32, rounds: n, blockSize: r, parallelism: p)
        case .hkdf:
            return HKDF<SHA256>.deriveKey(
                inputKeyMaterial: SymmetricKey(data: secret), salt: salt, info: Data("fieldcase recovery v1".utf8),
                outputByteCount: 32)
        }
    }

    var text: String { (try? jsonText(self)) ?? "" }

    static func parse(_ text: String?) -> KeyWrap? {
        text.flatMap { try? JSONDecoder().decode(KeyWrap.self, from: Data($0.utf8)) }
    }
}

/// scrypt's cost for a PIN. A 6-digit PIN has a million values, so a stolen disk is a matter of compute:
/// the standard cost (16 MiB, about half a second in a release build here) makes trying them all take days
/// on one machine.
public struct KDFCost: Sendable, Equatable {
    let n: Int
    let r: Int
    let p: Int

    public static let standard = KDFCost(n: 1 << 14, r: 8, p: 24)
    /// For test suites that sign in thousands of times; only a wrap made by a store given this cost is cheap
    /// (the parameters are stored with each wrap).
    public static let insecureFast = KDFCost(n: 1 << 4, r: 1, p: 1)

    /// Less work per try than the standard cost.
    var isWeak: Bool { n * r * p < Self.standard.n * Self.standard.r * Self.standard.p }
}

func randomBytes(_ count: Int) -> Data {
    var generator = SystemRandomNumberGenerator()
    return Data((0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
}
