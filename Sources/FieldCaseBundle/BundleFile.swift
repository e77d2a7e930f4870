import CompressNIO
import Crypto
import FieldCaseWire
import Foundation
import NIOCore

/// A bundle file: sync carried on a USB stick (`sync/PROTOCOL.md`, "Bundles").
///
///     "FCBUNDLE" | format (1 byte) | header length (4 bytes, big-endian) | header (JSON, in clear)
///     | sealed length (4 bytes, big-endian) | sealed: HPKE encapsulated key (32) + ciphertext of gzip(body)
///     | Ed25519 signature (64) over every byte before it
///
/// The header says only what an operator needs to file it (device, commune, terminal, item numbers, time);
/// the body, with citizens' data, is readable only by the receiver's key, and sealed with the header as
/// associated data, so a header moved onto another body does not open. The signature covers both: a
/// changed byte anywhere is found before anything is decrypted or applied.
public enum BundleFile {
    static let magic = Data("FCBUNDLE".utf8)
    public static let format: UInt8 = 1
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly
    static let signatureLength = 64
    static let encapsulatedKeyLength = 32
    /// About 90,000 dossiers (a bundle of 10,000 is about 7 MB): a larger file is not a bundle this release
    /// wrote, and is refused before it is read.
    public static let maxBytes = 64 * 1024 * 1024
    /// What a body may unpack to (JSON about 1 KB per event): a gzip bomb from a device's own key stops here.
    public static let maxBodyBytes = 96 * 1024 * 1024
    /// A header is a few hundred bytes.
    static let maxHeaderBytes = 4096

    static func info(_ kind: BundleHeader.Kind) -> Data { Data("fieldcase bundle v1 \(kind.rawValue)".utf8) }

    /// The file's bytes: `body` as JSON, compressed, sealed to `recipient`, all signed with `signer`.
    public static func write(
        header: BundleHeader, body: some Encodable, signer: Curve25519.Signing.PrivateKey,
        recipient: Curve25519.KeyAgreement.PublicKey
    ) throws -> Data {
        let headerBytes = try JSONEncoder.sorted.encode(header)
        var clear = ByteBuffer(bytes: try JSONEncoder.sorted.encode(body))
        let compressed = try clear.compress(with: .gzip())
        var file = magic
        file.append(format)
        file.append(bigEndian: UInt32(headerBytes.count))
        file.append(headerBytes)
        var sender = try HPKE.Sender(recipientKey: recipient, ciphersuite: suite, info: info(header.kind))
        let ciphertext = try sender.seal(Data(compressed.readableBytesView), authenticating: file)
        let sealed = sender.encapsulatedKey + ciphertext
        file.append(bigEndian: UInt32(sealed.count))
        file.append(sealed)
        file.append(try signer.signature(for: file))
        return file
    }

    /// Reads the file's parts; nothing is verified or decrypted yet. The parts are slices of `data`: a large
    /// file is never copied whole.
    public static func parse(_ data: Data) throws(BundleError) -> SignedBundle {
        let start = data.startIndex
        guard data.count >= magic.count + 1, data.prefix(magic.count).elementsEqual(magic) else { throw .notABundle }
        guard data[start + magic.count] == format else { throw .unsupportedFormat(Int(data[start + magic.count])) }
        var offset = start + magic.count + 1
        func take(_ count: Int) throws(BundleError) -> Data {
            guard count >= 0, data.endIndex - offset >= count else { throw .damaged }
            defer { offset += count }
            return data[offset..<offset + count]
        }
        func length() throws(BundleError) -> Int { try take(4).reduce(0) { $0 << 8 | Int($1) } }
        let headerBytes = try take(try length())
        let associated = data[start..<offset]
        let sealed = try take(try length())
        let signed = data[start..<offset]
        let signature = try take(signatureLength)
        guard offset == data.endIndex, sealed.count > encapsulatedKeyLength, headerBytes.count <= maxHeaderBytes else {
            throw .damaged
        }
        guard let header = try? JSONDecoder().decode(BundleHeader.self, from: headerBytes), header.isPlausible else {
            throw .damaged
        }
        return SignedBundle(
            header: header, associated: associated, sealed: sealed, signed: signed, signature: signature,
            sha256: sha256(data))
    }

    /// The hex SHA-256 of a whole file: how bundles are named in replies, records and messages.
    public static func sha256(_ data: Data) -> String { Hex.string(SHA256.hash(data: data)) }

    /// The hex SHA-256 of a public key: how headers name the keys that signed and can open a bundle.
    public static func fingerprint(_ rawKey: Data) -> String { Hex.string(SHA256.hash(data: rawKey)) }
}

/// A parsed bundle: the header as written, and what proves and hides the body.
public struct SignedBundle: Sendable {
    public let header: BundleHeader
    /// The bytes before the sealed body: the header with its framing, sealed as associated data.
    let associated: Data
    let sealed: Data
    let signed: Data
    let signature: Data
    /// The whole file's SHA-256, hex: the bundle's name in replies, records and messages.
    public let sha256: String

    /// Checks the signature with the key the receiver holds for the claimed sender.
    public func verify(signer: Curve25519.Signing.PublicKey) throws(BundleError) {
        guard header.signer == BundleFile.fingerprint(signer.rawRepresentation) else { throw .signedByAnotherKey }
        guard signer.isValidSignature(signature, for: signed) else { throw .badSignature }
    }

    /// The body, after `verify`: decrypted with the receiver's key, unpacked within `BundleFile.maxBodyBytes`.
    public func open<Body: Decodable>(_ type: Body.Type, with key: Curve25519.KeyAgreement.PrivateKey)
        throws(BundleError) -> Body
    {
        guard header.recipient == BundleFile.fingerprint(key.publicKey.rawRepresentation) else {
            throw .forAnotherRecipient(header.recipient)
        }
        let compressed: Data
        do {
            var recipient = try HPKE.Recipient(
                privateKey: key, ciphersuite: BundleFile.suite, info: BundleFile.info(header.kind),
                encapsulatedKey: sealed.prefix(BundleFile.encapsulatedKeyLength))
            compressed = try recipient.open(
                sealed.dropFirst(BundleFile.encapsulatedKeyLength), authenticating: associated)
        } catch {
            throw .unreadable
        }
        var buffer = ByteBuffer(bytes: compressed)
        guard let clear = try? buffer.decompress(with: .gzip(), maxSize: BundleFile.maxBodyBytes),
            let body = try? JSONDecoder().decode(type, from: Data(clear.readableBytesView))
        else { throw .damaged }
        return body
    }
}

/// Why a bundle is refused; nothing of it was applied.
public enum BundleError: Error, Equatable, Sendable {
    case notABundle
    case unsupportedFormat(Int)
    /// Cut short, or its parts do not fit together.
    case damaged
    /// The header names a signing key other than the one held for its sender.
    case signedByAnotherKey
    /// The signature does not match the bytes: changed after it was signed.
    case badSignature
    /// Sealed to another key than this receiver's (the header's fingerprint).
    case forAnotherRecipient(String)
    /// The body does not open with this receiver's key although the header names it.
    case unreadable
}

extension JSONEncoder {
    /// Keys in order: the same content gives the same bytes.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension Data {
    mutating func append(bigEndian value: UInt32) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
