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

    /// Seals `payload` (JSON text) for the holder of `publicKey` (32 raw bytes).
    public static func seal(_ payload: Data, eventID: String, to publicKey: Data) throws -> String {
        let recipient = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info)
        let ciphertext = try sender.seal(payload, authenticating: Data(eventID.utf8))
        return (sender.encapsulatedKey + ciphertext).base64EncodedString()
    }

    /// Opens a sealed payload; throws on any change to it, to its event id, or under another key.
    public static func open(_ sealed: String, eventID: String, with privateKey: Curve25519.KeyAgreement.PrivateKey)
        throws -> Data
    {
        guard let bytes = Data(base64Encoded: sealed), bytes.count > encapsulatedKeyLength else {
            throw OutboxSealError.malformed
        }
        var recipient = try HPKE.Recipient(
            privateKey: privateKey, ciphersuite: suite, info: info,
            encapsulatedKey: bytes.prefix(encapsulatedKeyLength))
        return try recipient.open(bytes.dropFirst(encapsulatedKeyLength), authenticating: Data(eventID.utf8))
    }
}

public enum OutboxSealError: Error {
    case malformed
}
