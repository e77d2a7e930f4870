/// One call of the gateway's API as both sides name it: its method and path, what the desk sends and what the
/// gateway answers. The desk's client and the gateway's router take their routes from these values, so a path,
/// a method or a message type cannot differ between them without failing to compile.
public struct Endpoint<Request: Sendable, Response: Sendable>: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
    }

    public let method: Method
    /// The path under the API's version root, as the router's `v1` group takes it (`sync/push`).
    public let route: String

    /// The path from the gateway's root (`/v1/sync/push`).
    public var path: String { "/v1/" + route }

    init(_ method: Method, _ route: String) {
        self.method = method
        self.route = route
    }
}

/// A call that sends no body: a GET, whose arguments, if any, are in its query.
public struct NoBody: Codable, Sendable {}

/// What `GET /v1/health` answers; it needs no token, and a reconnect script waits on it.
public struct HealthResponse: Codable, Sendable {
    public let status: String
    /// The wire protocol version the gateway speaks.
    public let `protocol`: String

    public init(status: String, protocol: String) {
        self.status = status
        self.protocol = `protocol`
    }
}

/// The calls a desk makes, one value each (see sync/PROTOCOL.md). The catalog's `GET /v1/catalog` answers the
/// catalog file as published, with an ETag, and is not JSON the wire decodes.
public enum SyncAPI {
    public static let health = Endpoint<NoBody, HealthResponse>(.get, "health")
    public static let enroll = Endpoint<EnrollRequest, EnrollResponse>(.post, "enroll")
    public static let push = Endpoint<PushRequest, PushResponse>(.post, "sync/push")
    public static let pull = Endpoint<PullQuery, PullResponse>(.get, "sync/pull")
    public static let reconcile = Endpoint<ReconcileRequest, ReconcileResponse>(.post, "sync/reconcile")
    public static let sealingKey = Endpoint<NoBody, SealingKeyResponse>(.get, "sync/sealing-key")
    public static let bundleKeys = Endpoint<BundleKeysRequest, BundleKeysResponse>(.post, "sync/bundle-keys")
    public static let audit = Endpoint<AuditPushRequest, AuditPushResponse>(.post, "sync/audit")
    public static let catalog = Endpoint<NoBody, NoBody>(.get, "catalog")
    /// Where an upload of a scanned page stands (`GET`), and a chunk of it (`POST`, the sealed page's bytes from
    /// `offset`, as `application/octet-stream`): both answer a `PageReceipt`.
    public static let pageStatus = Endpoint<PageQuery, PageReceipt>(.get, "sync/page")
    public static let pageChunk = Endpoint<PageQuery, PageReceipt>(.post, "sync/page")
    /// Where many uploads stand, in one call.
    public static let pagesStatus = Endpoint<PageStatusRequest, PageStatusResponse>(.post, "sync/pages")
    /// The catalog format a desk reads, asked for as `?format=`: 2 has fee rules and times in hours (catalog
    /// 2026.2). A desk that does not ask is served the file as releases before it read one.
    public static let catalogFormat = 2

    /// The catalog's ETag in `format`: its version, and the format from 2 on, so that a desk holding the file
    /// in one format is never told it has the other (`If-None-Match` answered `304`).
    public static func catalogTag(version: String, format: Int) -> String {
        format >= 2 ? "\"\(version);format=\(format)\"" : "\"\(version)\""
    }
}

/// The arguments of a pull, carried in the query: the change cursor, the page size, and the seq through which
/// the desk has its own events' results already.
public struct PullQuery: Sendable, Equatable {
    public static let maxLimit = 1000
    public static let defaultLimit = 500

    public var after: Int64
    public var limit: Int
    public var resultsAfter: Int64
    /// The id of the last of the desk's events the gateway answered: the page says whether the gateway still
    /// holds it (`PullResponse.answeredHeld`).
    public var answered: String?

    public init(after: Int64 = 0, limit: Int = Self.defaultLimit, resultsAfter: Int64 = 0, answered: String? = nil) {
        self.after = after
        self.limit = limit
        self.resultsAfter = resultsAfter
        self.answered = answered
    }

    /// The query string, without its `?`.
    public var query: String {
        "after=\(after)&limit=\(limit)&results_after=\(resultsAfter)" + (answered.map { "&answered=\($0)" } ?? "")
    }

    /// Why a query parameter is refused, in the words the gateway answers with.
    public struct Invalid: Error, Equatable, Sendable {
        public let message: String
    }

    /// Reads the parameters a gateway received (`commune` is checked by the gateway against the device); a
    /// parameter left out takes its default, one out of range is refused.
    public init(parameters: (String) -> String?) throws(Invalid) {
        self.init()
        if let value = parameters("after") {
            guard let cursor = Int64(value), cursor >= 0 else {
                throw Invalid(message: "after must be a non-negative change number")
            }
            after = cursor
        }
        if let value = parameters("limit") {
            guard let size = Int(value), (1...Self.maxLimit).contains(size) else {
                throw Invalid(message: "limit must be from 1 to \(Self.maxLimit)")
            }
            limit = size
        }
        if let value = parameters("results_after") {
            guard let seq = Int64(value), seq >= 0 else {
                throw Invalid(message: "results_after must be a non-negative sequence number")
            }
            resultsAfter = seq
        }
        if let value = parameters("answered") {
            guard Self.isEventID(value) else { throw Invalid(message: "answered must be an event id") }
            answered = value
        }
    }

    /// An event id as desks write them: a UUID's hex digits and dashes.
    public static func isEventID(_ value: String) -> Bool {
        (1...64).contains(value.utf8.count)
            && value.utf8.allSatisfy { $0 == UInt8(ascii: "-") || Character(Unicode.Scalar($0)).isHexDigit }
    }
}
