import FieldCaseWire
import Foundation

/// What a bundle says in clear: enough to file it and to pick the keys that check and open it, no personal data.
public struct BundleHeader: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// A desk's outbox on its way to the central system.
        case push
        /// The central system's answers on their way back to one desk.
        case reply
    }

    public var kind: Kind
    /// The desk's identity on the central system (the sender of a push, the receiver of a reply).
    public var deviceID: String
    public var communeCode: String
    public var terminal: Int
    /// The wire numbers of the items carried (nil when none: a bundle that only asks for updates).
    public var firstSeq: Int64?
    public var lastSeq: Int64?
    public var items: Int
    /// When it was written, by the writer's clock: for people; nothing is judged by it.
    public var createdAt: String
    /// Fingerprint of the Ed25519 key that signed it.
    public var signer: String
    /// Fingerprint of the X25519 key it is sealed to.
    public var recipient: String
    /// A reply's: the SHA-256 of the push bundle it answers.
    public var answers: String?

    public init(
        kind: Kind, deviceID: String, communeCode: String, terminal: Int, firstSeq: Int64?, lastSeq: Int64?,
        items: Int, createdAt: String, signer: String, recipient: String, answers: String? = nil
    ) {
        self.kind = kind
        self.deviceID = deviceID
        self.communeCode = communeCode
        self.terminal = terminal
        self.firstSeq = firstSeq
        self.lastSeq = lastSeq
        self.items = items
        self.createdAt = createdAt
        self.signer = signer
        self.recipient = recipient
        self.answers = answers
    }

    enum CodingKeys: String, CodingKey {
        case kind
        case deviceID = "device_id"
        case communeCode = "commune_code"
        case terminal
        case firstSeq = "first_seq"
        case lastSeq = "last_seq"
        case items
        case createdAt = "created_at"
        case signer, recipient, answers
    }

    /// Fields of the lengths this release writes: an identifier, a commune code, a terminal, a time, two
    /// fingerprints. Anything else is a forged or damaged header, refused before it is printed.
    var isPlausible: Bool {
        let short = [deviceID, communeCode, createdAt, signer, recipient] + (answers.map { [$0] } ?? [])
        return short.allSatisfy { $0.utf8.count <= 80 } && (1...9).contains(terminal) && items >= 0
            && (firstSeq ?? 0) >= 0 && (lastSeq ?? 0) >= (firstSeq ?? 0)
    }

    /// The file name: commune, terminal, item numbers and time, so a folder of sticks sorts and reads by itself.
    public var fileName: String {
        let range = firstSeq.map { "\($0)-\(lastSeq ?? $0)" } ?? "none"
        let prefix = kind == .push ? "fieldcase" : "fieldcase-reply"
        let time = String(createdAt.prefix(19).filter { $0 != "-" && $0 != ":" })
        return "\(prefix)-\(communeCode)-t\(terminal)-\(range)-\(time).fcb"
    }
}

/// A push bundle's body: the same events `POST /v1/sync/push` takes, the audit trail `POST /v1/sync/audit`
/// takes, and the pull position a reply continues from.
public struct BundlePush: Codable, Sendable {
    public var deviceID: String
    public var events: [WireEvent]
    public var audit: AuditPushRequest
    /// The desk's last audit entry (id and hash), whether or not it is carried.
    public var auditHead: AuditHead?
    /// The desk's pull cursor: the reply carries the changes after it.
    public var pullCursor: Int64
    /// The desk has every answer through this wire number; the reply's pull leaves those out.
    public var answeredThrough: Int64
    /// Scanned pages, each sealed for the central system as `POST /v1/sync/page` sends it (absent from bundles
    /// before this release).
    public var pages: [BundlePage]

    public init(
        deviceID: String, events: [WireEvent], audit: AuditPushRequest, auditHead: AuditHead?, pullCursor: Int64,
        answeredThrough: Int64, pages: [BundlePage] = []
    ) {
        self.deviceID = deviceID
        self.events = events
        self.audit = audit
        self.auditHead = auditHead
        self.pullCursor = pullCursor
        self.answeredThrough = answeredThrough
        self.pages = pages
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case events, audit
        case auditHead = "audit_head"
        case pullCursor = "pull_cursor"
        case answeredThrough = "answered_through"
        case pages
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        events = try container.decode([WireEvent].self, forKey: .events)
        audit = try container.decode(AuditPushRequest.self, forKey: .audit)
        auditHead = try container.decodeIfPresent(AuditHead.self, forKey: .auditHead)
        pullCursor = try container.decode(Int64.self, forKey: .pullCursor)
        answeredThrough = try container.decode(Int64.self, forKey: .answeredThrough)
        pages = try container.decodeIfPresent([BundlePage].self, forKey: .pages) ?? []
    }
}

/// What one bundle carries at most, beside `BundleFile`'s byte limits: the desk writes within them, the gateway
/// refuses a bundle past them.
public enum BundleLimits {
    /// Scanned pages (a hundred scans fill the desk's 16 MB; a few thousand thumbnails at most).
    public static let maxPages = 2_000
}

/// A scanned page carried by hand: its address and its copy sealed for the central system (`PageSeal`).
public struct BundlePage: Codable, Sendable, Hashable {
    public var sha256: String
    public var sealed: Data

    public init(sha256: String, sealed: Data) {
        self.sha256 = sha256
        self.sealed = sealed
    }
}

/// The id and hash of an audit trail's last entry.
public struct AuditHead: Codable, Sendable, Hashable {
    public var id: Int64
    public var hash: String

    public init(id: Int64, hash: String) {
        self.id = id
        self.hash = hash
    }
}

/// A reply bundle's body: what push, audit and pull would have answered over the network.
public struct BundleReply: Codable, Sendable {
    public var deviceID: String
    /// The SHA-256 of the push bundle answered (also in the header, where it is signed but not sealed).
    public var answers: String
    public var push: PushResponse
    public var audit: AuditPushResponse
    public var pull: PullResponse
    /// Pages of the push bundle the central system now holds whole (kept from it, or sent before by any desk).
    public var pagesHeld: [String]
    /// Pages of the push bundle whose sealed copy did not open or check: sealed again and sent another time.
    public var pagesRefused: [String]

    public init(
        deviceID: String, answers: String, push: PushResponse, audit: AuditPushResponse, pull: PullResponse,
        pagesHeld: [String] = [], pagesRefused: [String] = []
    ) {
        self.deviceID = deviceID
        self.answers = answers
        self.push = push
        self.audit = audit
        self.pull = pull
        self.pagesHeld = pagesHeld
        self.pagesRefused = pagesRefused
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case answers, push, audit, pull
        case pagesHeld = "pages_held"
        case pagesRefused = "pages_refused"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        deviceID = try container.decode(String.self, forKey: .deviceID)
        answers = try container.decode(String.self, forKey: .answers)
        push = try container.decode(PushResponse.self, forKey: .push)
        audit = try container.decode(AuditPushResponse.self, forKey: .audit)
        pull = try container.decode(PullResponse.self, forKey: .pull)
        pagesHeld = try container.decodeIfPresent([String].self, forKey: .pagesHeld) ?? []
        pagesRefused = try container.decodeIfPresent([String].self, forKey: .pagesRefused) ?? []
    }
}
