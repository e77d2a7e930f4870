import FieldCaseWire

/// A digitised paper of a dossier (Circular 03/2025): one scanned file, PDF, JPEG or PNG, stored and sent by the
/// SHA-256 of its bytes, so the same page attached twice is kept and sent once. The bytes themselves never travel
/// in an event: the event carries this description, and the page follows in chunks when the link allows.
public struct ScannedPage: Codable, Sendable, Hashable {
    /// The kinds of file a scanner or a phone produces, told by their first bytes, never by a file name.
    public enum MediaType: String, Codable, Sendable, CaseIterable {
        case pdf = "application/pdf"
        case jpeg = "image/jpeg"
        case png = "image/png"

        /// The type whose signature `bytes` starts with, or nil for anything else (a Word file, a text, an
        /// archive): only what a scanner produces is a page.
        public init?<Bytes: Collection<UInt8>>(sniffing bytes: Bytes) {
            let head = Array(bytes.prefix(8))
            if head.starts(with: Array("%PDF-".utf8)) {
                self = .pdf
            } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
                self = .jpeg
            } else if head == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] {
                self = .png
            } else {
                return nil
            }
        }

        /// The file name extension for a page of this type.
        public var fileExtension: String {
            switch self {
            case .pdf: "pdf"
            case .jpeg: "jpg"
            case .png: "png"
            }
        }
    }

    /// Which part of the dossier a page digitises.
    public enum Stage: String, Codable, Sendable, CaseIterable {
        /// A paper the citizen handed in, at intake.
        case intake
        /// The result the commune issues (an electronic copy of it).
        case result
    }

    /// A scan at 300 dpi of an A4 page is well under this; a file over it is not one page.
    public static let maxBytes = PageSeal.maxPageBytes
    /// Pages one dossier may carry: a few per paper, never hundreds.
    public static let maxPerDossier = 200

    /// The hex SHA-256 of the page's bytes: its address on the desk and on the central system.
    public let sha256: String
    public let size: Int
    public let mediaType: MediaType
    public let stage: Stage
    /// The checklist item (1-based, in the dossier's documents) the page belongs to; nil for a result, or for an
    /// intake page not tied to one item.
    public let component: Int?

    enum CodingKeys: String, CodingKey {
        case sha256, size, stage, component
        case mediaType = "media_type"
    }

    public init(sha256: String, size: Int, mediaType: MediaType, stage: Stage, component: Int?) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.stage = stage
        self.component = component
    }

    /// The type of a file to attach, checked before anything is stored: not empty, not over the limit, and one
    /// of the three kinds of scan.
    public static func mediaType(of bytes: [UInt8]) throws(DomainError) -> MediaType {
        guard !bytes.isEmpty else { throw .invalidField(.scannedPage, .notEmpty) }
        guard bytes.count <= maxBytes else {
            throw .invalidField(.scannedPage, .pageSize(max: maxBytes, got: bytes.count))
        }
        guard let type = MediaType(sniffing: bytes) else { throw .invalidField(.scannedPage, .pageFormat) }
        return type
    }

    /// Where the page belongs: `component` must name an item of a dossier with `documents` items, and a result
    /// has none.
    public static func checkPlace(stage: Stage, component: Int?, documents: Int) throws(DomainError) {
        guard let component else { return }
        guard stage == .intake else { throw .invalidField(.scannedPage, .onlyWith(.received)) }
        guard (1...max(1, documents)).contains(component), documents > 0 else {
            throw .invalidField(.scannedPage, .componentNumber(documents: documents))
        }
    }

    /// The description as another desk's event carries it, checked by its shape alone (the gateway cannot see
    /// the bytes yet): a SHA-256 in lowercase hex, a size within the limit.
    public func checkShape() throws(DomainError) {
        guard PageSeal.isAddress(sha256) else { throw .invalidField(.scannedPage, .pageFormat) }
        guard (1...Self.maxBytes).contains(size) else {
            throw .invalidField(.scannedPage, .pageSize(max: Self.maxBytes, got: size))
        }
        if let component, component < 1 || stage != .intake {
            throw .invalidField(.scannedPage, .componentNumber(documents: 0))
        }
    }
}
