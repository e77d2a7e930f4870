import Crypto
import Foundation
import _CryptoExtras

/// An outbox payload sealed on the desk to the central system's public key (HPKE, RFC 9180, base mode,
/// X25519 + HKDF-SHA256 + ChaCha20-Poly1305), so the reconnect script can send it with no officer signed in
/// and a lost laptop's outbox reads as noise. The event id is the associated data: a sealed payload moved
/// to another event does not open.
public enum OutboxSeal {
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let info = Data("fieldcase outbox v1".utf8)
    /// An X25519 encapsulated key is 32 bytes; the sealed text is base64 of it followed by the ciphertext.
    static let encapsulatedKeyLength = 32
    /// Marks a payload deflated against `PayloadDictionary` before sealing; a sealed text without it (written
    /// before) holds the JSON as it is. Base64 has no colon, so the two never read as each other.
    static let deflatedPrefix = "z1:"

    /// Seals `payload` (JSON text) for the holder of `publicKey` (32 raw bytes), deflated first.
    public static func seal(_ payload: Data, eventID: String, to publicKey: Data) throws -> String {
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        let ciphertext = try sender.seal(try PayloadCompression.deflate(payload), authenticating: Data(eventID.utf8))
        return deflatedPrefix + (sender.encapsulatedKey + ciphertext).base64EncodedString()
    }

    /// Marks a payload sealed under a desk's outbox key (`OutboxKey`): the key's encapsulation, then the
    /// deflated payload under AES-GCM-SIV.
    static let sharedKeyPrefix = "s2:"

    /// Seals `payload` (JSON text) under the desk's outbox key, deflated first. The nonce comes from the event
    /// id, so nothing but the ciphertext and its tag follow the encapsulation; GCM-SIV keeps a cloned desk that
    /// seals another payload under a reused event id from revealing more than that the two differ.
    public static func seal(_ payload: Data, eventID: String, with key: OutboxKey) throws -> String {
        let box = try AES.GCM._SIV.seal(
            try PayloadCompression.deflate(payload), using: key.secret, nonce: try nonce(eventID),
            authenticating: Data(eventID.utf8))
        return sharedKeyPrefix + key.encapsulation.base64EncodedString() + ":"
            + (box.ciphertext + box.tag).base64EncodedString()
    }

    static func nonce(_ eventID: String) throws -> AES.GCM._SIV.Nonce {
        try AES.GCM._SIV.Nonce(data: Array(SHA256.hash(data: Data("outbox nonce:\(eventID)".utf8))).prefix(12))
    }

    /// Opens a sealed payload, of any format; throws on any change to it, to its event id, or under another
    /// key. `keys` keeps the outbox keys opened so far: a batch's payloads share a few.
    public static func open(
        _ sealed: String, eventID: String, with privateKey: Curve25519.KeyAgreement.PrivateKey,
        keys: inout [Data: OutboxKey]
    ) throws -> Data {
        guard sealed.hasPrefix(sharedKeyPrefix) else {
            return try openAlone(sealed, eventID: eventID, with: privateKey)
        }
        let parts = sealed.dropFirst(sharedKeyPrefix.count).split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let encapsulation = Data(base64Encoded: String(parts[0])),
            let body = Data(base64Encoded: String(parts[1])), body.count >= 16
        else { throw OutboxSealError.malformed }
        let key = try keys[encapsulation] ?? OutboxKey(opening: encapsulation, with: privateKey)
        keys[encapsulation] = key
        let box = try AES.GCM._SIV.SealedBox(
            nonce: try nonce(eventID), ciphertext: body.dropLast(16), tag: body.suffix(16))
        return try PayloadCompression.inflate(
            try AES.GCM._SIV.open(box, using: key.secret, authenticating: Data(eventID.utf8)))
    }

    /// Opens a sealed payload of any format by itself.
    public static func open(_ sealed: String, eventID: String, with privateKey: Curve25519.KeyAgreement.PrivateKey)
        throws -> Data
    {
        var keys: [Data: OutboxKey] = [:]
        return try open(sealed, eventID: eventID, with: privateKey, keys: &keys)
    }

    /// Opens a payload sealed to the key by itself (HPKE, either format before outbox keys).
    static func openAlone(_ sealed: String, eventID: String, with privateKey: Curve25519.KeyAgreement.PrivateKey)
        throws -> Data
    {
        let deflated = sealed.hasPrefix(deflatedPrefix)
        guard let bytes = Data(base64Encoded: String(sealed.dropFirst(deflated ? deflatedPrefix.count : 0))),
            bytes.count > encapsulatedKeyLength
        else { throw OutboxSealError.malformed }
        var recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: suite, info: info,
            encapsulatedKey: bytes.prefix(encapsulatedKeyLength))
        let plain = try recipient.open(bytes.dropFirst(encapsulatedKeyLength), authenticating: Data(eventID.utf8))
        return deflated ? try PayloadCompression.inflate(plain) : plain
    }
}

public enum OutboxSealError: Error {
    case malformed
}

/// A desk's key for its outbox payloads: a secret only the desk and the central system hold, agreed by one HPKE
/// encapsulation to the central key (the secret is HPKE's exported secret). Sealing each payload to the central
/// key by itself cost 32 bytes of encapsulated key a payload; under one outbox key the encapsulation repeats
/// unchanged from payload to payload, and a compressed batch carries it about once.
public struct OutboxKey: Sendable {
    static let info = Data("fieldcase outbox key v2".utf8)
    static let context = Data("outbox payloads".utf8)

    /// The encapsulated key (32 bytes) the central system opens the secret from.
    public let encapsulation: Data
    let secret: SymmetricKey

    /// A new key for the holder of `publicKey` (32 raw bytes).
    public init(for publicKey: Data) throws {
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        let sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: OutboxSeal.suite, info: Self.info)
        encapsulation = sender.encapsulatedKey
        secret = try sender.exportSecret(context: Self.context, outputByteCount: 32)
    }

    /// The key as the central system opens it from its encapsulation.
    public init(opening encapsulation: Data, with privateKey: Curve25519.KeyAgreement.PrivateKey) throws {
        guard encapsulation.count == OutboxSeal.encapsulatedKeyLength else { throw OutboxSealError.malformed }
        let recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: OutboxSeal.suite, info: Self.info, encapsulatedKey: encapsulation)
        self.encapsulation = encapsulation
        secret = try recipient.exportSecret(context: Self.context, outputByteCount: 32)
    }

    /// The key as the desk keeps it: the encapsulation and the secret's 32 bytes.
    public init(encapsulation: Data, secretBytes: Data) throws {
        guard encapsulation.count == OutboxSeal.encapsulatedKeyLength, secretBytes.count == 32 else {
            throw OutboxSealError.malformed
        }
        self.encapsulation = encapsulation
        secret = SymmetricKey(data: secretBytes)
    }

    /// The secret's bytes, for the desk to keep sealed under its data key.
    public var secretBytes: Data { secret.withUnsafeBytes { Data($0) } }
}
