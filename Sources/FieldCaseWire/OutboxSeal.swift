import Crypto
import Foundation

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

    /// Opens a sealed payload, of either format; throws on any change to it, to its event id, or under another
    /// key.
    public static func open(_ sealed: String, eventID: String, with privateKey: Curve25519.KeyAgreement.PrivateKey)
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
