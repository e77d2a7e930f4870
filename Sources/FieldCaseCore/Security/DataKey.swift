import Crypto
import FieldCaseWire
import Foundation

/// The home's one data key: it seals every citizen's personal fields, event payloads and drafts with
/// AES-256-GCM. It exists in clear only in the memory of a process where an officer signed in; on disk it
/// is kept wrapped by each officer's PIN and by the recovery key (`KeyWrap`).
public struct DataKey: Sendable {
    let key: SymmetricKey
    /// Keys this home used before a re-key, newest first: only the audit trail's notes are still sealed
    /// under them.
    let retired: [SymmetricKey]

    init(key: SymmetricKey, retired: [SymmetricKey] = []) {
        self.key = key
        self.retired = retired
    }

    static func generate() -> DataKey {
        DataKey(key: SymmetricKey(size: .bits256))
    }

    var rawBytes: Data { key.withUnsafeBytes { Data($0) } }

    /// Seals `plain`, bound to `context` (the row it belongs to) so a sealed value copied into another row
    /// does not open there.
    func seal(_ plain: Data, context: String) throws -> Data {
        guard let combined = try AES.GCM.seal(plain, using: key, authenticating: Data(context.utf8)).combined else {
            throw StoreError.sealing
        }
        return combined
    }

    func open(_ sealed: Data, context: String) throws -> Data {
        try open(sealed, context: context, with: [key])
    }

    /// Opens a value sealed under this key or one it replaced: the audit trail's notes, which a re-key leaves
    /// as they were (the chain covers them). Nothing else is read under a retired key.
    func openKept(_ sealed: Data, context: String) throws -> Data {
        try open(sealed, context: context, with: [key] + retired)
    }

    private func open(_ sealed: Data, context: String, with keys: [SymmetricKey]) throws -> Data {
        guard let box = try? AES.GCM.SealedBox(combined: sealed) else { throw StoreError.sealedDataDamaged(context) }
        for candidate in keys {
            if let plain = try? AES.GCM.open(box, using: candidate, authenticating: Data(context.utf8)) {
                return plain
            }
        }
        throw StoreError.sealedDataDamaged(context)
    }

    /// Names the key without revealing it (a hash of a 256-bit random key): the keyring keeps the current
    /// key's, so a process still holding a key a re-key retired never seals new data under it.
    var id: String {
        let digest = SHA256.hash(data: Data("fieldcase data key id v1".utf8) + rawBytes)
        return Hex.string(digest.prefix(16))
    }

    /// This key and every one it replaced, for the next key to keep.
    var lineage: [Data] { ([key] + retired).map { $0.withUnsafeBytes { Data($0) } } }

    func sealJSON<T: Encodable>(_ value: T, context: String) throws -> Data {
        try seal(Data(try jsonText(value).utf8), context: context)
    }

    func openJSON<T: Decodable>(_ type: T.Type, from sealed: Data, context: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: try open(sealed, context: context))
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.sealedDataDamaged(context)
        }
    }

    /// The key of the blind index, separate from the sealing key so neither use weakens the other.
    var searchKey: SymmetricKey {
        HKDF<SHA256>.deriveKey(
            inputKeyMaterial: key, info: Data("fieldcase blind index v1".utf8), outputByteCount: 32)
    }
}
