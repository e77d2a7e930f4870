import Crypto
import Foundation
import _CryptoExtras

/// A scanned page sealed on the desk for the central system, in binary: the page is sent in chunks over a 2G
/// link, where base64 would cost a third more. `magic`, the desk's outbox key encapsulation (32 bytes), then the
/// page under AES-GCM-SIV with its tag. The nonce and the associated data come from the page's SHA-256, so a page
/// sealed twice under one key gives the same bytes (an upload resumed at its byte stays one stream), and a sealed
/// page moved under another address does not open.
public enum PageSeal {
    static let magic = Array("fcp1".utf8)
    static let overhead = magic.count + OutboxSeal.encapsulatedKeyLength + 16

    /// The sealed size of a page of `size` bytes.
    public static func sealedSize(of size: Int) -> Int { size + overhead }

    public static func seal(_ page: Data, sha256: String, with key: OutboxKey) throws -> Data {
        let box = try AES.GCM._SIV.seal(page, using: key.secret, nonce: try nonce(sha256), authenticating: aad(sha256))
        return Data(magic) + key.encapsulation + box.ciphertext + box.tag
    }

    /// Opens a sealed page; throws on any change to it, under another key or another address.
    public static func open(_ sealed: Data, sha256: String, with privateKey: Curve25519.KeyAgreement.PrivateKey)
        throws -> Data
    {
        guard sealed.count >= overhead, sealed.prefix(magic.count).elementsEqual(magic) else {
            throw OutboxSealError.malformed
        }
        let body = sealed.dropFirst(magic.count)
        let key = try OutboxKey(opening: Data(body.prefix(OutboxSeal.encapsulatedKeyLength)), with: privateKey)
        let boxed = body.dropFirst(OutboxSeal.encapsulatedKeyLength)
        let box = try AES.GCM._SIV.SealedBox(
            nonce: try nonce(sha256), ciphertext: boxed.dropLast(16), tag: boxed.suffix(16))
        return try AES.GCM._SIV.open(box, using: key.secret, authenticating: aad(sha256))
    }

    static func nonce(_ sha256: String) throws -> AES.GCM._SIV.Nonce {
        try AES.GCM._SIV.Nonce(data: Array(SHA256.hash(data: Data("page nonce:\(sha256)".utf8))).prefix(12))
    }

    static func aad(_ sha256: String) -> Data { Data("page:\(sha256)".utf8) }

    /// The largest page either side takes (`ScannedPage.maxBytes`): a scan at 300 dpi of an A4 page is well under.
    public static let maxPageBytes = 10 * 1024 * 1024

    /// A page's address: 64 lowercase hex digits.
    public static func isAddress(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }

    /// The hex SHA-256 of a page's bytes: its address.
    public static func address(of page: Data) -> String {
        Hex.string(Data(SHA256.hash(data: page)))
    }
}

/// Where an upload of a sealed page stands on the gateway: the bytes it holds of it (the desk resumes there),
/// and whether the page is complete, opened and stored.
public struct PageReceipt: Codable, Sendable, Equatable {
    public let sha256: String
    public let received: Int
    public let complete: Bool

    public init(sha256: String, received: Int, complete: Bool) {
        self.sha256 = sha256
        self.received = received
        self.complete = complete
    }
}

/// Where many uploads stand, asked in one call at the start of a sync's pages: one round trip for all of them on
/// a 2G link, not one a page.
public struct PageStatusRequest: Codable, Sendable {
    public static let maxPages = 500

    public struct Page: Codable, Sendable {
        public let sha256: String
        /// The sealed page's size.
        public let size: Int

        public init(sha256: String, size: Int) {
            self.sha256 = sha256
            self.size = size
        }
    }

    public let pages: [Page]

    public init(pages: [Page]) { self.pages = pages }
}

/// The receipts of a `PageStatusRequest`, in its order; a page the gateway will not take from this desk (no dossier
/// of its commune describes it at that size) is left out.
public struct PageStatusResponse: Codable, Sendable {
    public let receipts: [PageReceipt]

    public init(receipts: [PageReceipt]) { self.receipts = receipts }
}

/// The arguments of a page call, in its query: the page's address, and for a chunk the byte it starts at and the
/// sealed page's whole size.
public struct PageQuery: Sendable, Equatable {
    public var sha256: String
    public var offset: Int
    public var size: Int

    public init(sha256: String, offset: Int = 0, size: Int) {
        self.sha256 = sha256
        self.offset = offset
        self.size = size
    }

    public var query: String { "sha256=\(sha256)&offset=\(offset)&size=\(size)" }

    /// Reads the parameters a gateway received; each is required and checked.
    public init(parameters: (String) -> String?) throws(PullQuery.Invalid) {
        guard let sha256 = parameters("sha256"), PageSeal.isAddress(sha256) else {
            throw PullQuery.Invalid(message: "sha256 must be 64 lowercase hex digits")
        }
        let limit = PageSeal.sealedSize(of: PageSeal.maxPageBytes)
        guard let text = parameters("size"), let size = Int(text), (PageSeal.overhead + 1...limit).contains(size) else {
            throw PullQuery.Invalid(message: "size must be a sealed page's size, at most \(limit) bytes")
        }
        let offset = parameters("offset").flatMap { Int($0) } ?? 0
        guard (0...size).contains(offset) else {
            throw PullQuery.Invalid(message: "offset must be from 0 to size")
        }
        self.init(sha256: sha256, offset: offset, size: size)
    }
}
