import AsyncHTTPClient
import CompressNIO
import FieldCaseWire
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL
import Synchronization

/// The HTTP calls a device makes, with gzip bodies, bounded responses and byte counts.
struct CentralAPI: Sendable {
    let baseURL: String
    let token: String?
    /// How long one request may take before the link counts as dropped.
    var requestTimeout: TimeAmount = .seconds(30)
    /// Besides the system's CAs, the province's own (PEM), when it signs the central system's certificate.
    var trustedCA: String?
    static let maxResponseBytes = 16 * 1024 * 1024

    init(baseURL: String, token: String?, trustedCA: String? = nil) {
        self.baseURL = baseURL
        self.token = token
        self.trustedCA = trustedCA
    }

    /// One client per trusted CA for the life of the process, minus automatic decompression: answers are
    /// unpacked here, bounded by `maxResponseBytes`, and counted as the bytes that crossed the link.
    private static let clients = Mutex<[String: HTTPClient]>([:])

    var client: HTTPClient {
        get throws {
            try Self.clients.withLock { clients in
                if let client = clients[trustedCA ?? ""] { return client }
                var configuration = HTTPClient.Configuration.singletonConfiguration
                configuration.decompression = .disabled
                // A failed connection or TLS handshake comes back at once: the sync engine retries with its
                // own backoff and deadline, and a certificate it cannot trust is not retried at all.
                configuration.connectionPool.retryConnectionEstablishment = false
                // A redirect would carry the device token and citizens' data to wherever it points.
                configuration.redirectConfiguration = .disallow
                if let trustedCA {
                    var tls = TLSConfiguration.makeClientConfiguration()
                    tls.additionalTrustRoots = [.certificates(try Self.certificates(trustedCA))]
                    configuration.tlsConfiguration = tls
                }
                let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
                clients[trustedCA ?? ""] = client
                return client
            }
        }
    }

    /// The certificates of a PEM text; `invalidCA` when it holds none.
    static func certificates(_ pem: String) throws -> [NIOSSLCertificate] {
        guard let certificates = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)), !certificates.isEmpty else {
            throw SyncError.invalidCA
        }
        return certificates
    }

    /// Checks the URL: https, or http to this machine, or http anywhere with `insecure`.
    static func validated(_ url: String, insecure: Bool) throws -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, scheme == "https" || scheme == "http"
        else { throw SyncError.invalidURL(url) }
        if scheme == "http", !isLoopbackHost(host), !insecure { throw SyncError.insecureURL(url) }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    struct Exchange<T: Sendable>: Sendable {
        let value: T
        let bytesSent: Int
        let bytesReceived: Int
    }

    /// Sends `body` to `endpoint`, JSON and gzip-compressed.
    func call<Body: Encodable, Answer: Decodable & Sendable>(_ endpoint: Endpoint<Body, Answer>, _ body: Body)
        async throws -> Exchange<Answer>
    {
        try await call(endpoint, json: try JSONEncoder().encode(body))
    }

    /// Sends a body already encoded as the endpoint's request (the push engine sizes its batches by it).
    func call<Body, Answer: Decodable & Sendable>(_ endpoint: Endpoint<Body, Answer>, json: Data) async throws
        -> Exchange<Answer>
    {
        var plain = ByteBuffer(bytes: json)
        let compressed = try plain.compress(with: .gzip())
        var request = HTTPClientRequest(url: baseURL + endpoint.path)
        request.method = HTTPMethod(rawValue: endpoint.method.rawValue)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Content-Encoding", value: "gzip")
        request.body = .bytes(compressed)
        return try await send(request, bodyBytes: compressed.readableBytes, as: Answer.self)
    }

    /// Calls an endpoint that takes no body.
    func call<Answer: Decodable & Sendable>(_ endpoint: Endpoint<NoBody, Answer>) async throws -> Exchange<Answer> {
        try await get(endpoint.path, as: Answer.self)
    }

    /// Pulls one page.
    func call(_ endpoint: Endpoint<PullQuery, PullResponse>, _ query: PullQuery) async throws
        -> Exchange<PullResponse>
    {
        try await get(endpoint.path + "?" + query.query, as: PullResponse.self)
    }

    /// Asks where the upload of a page stands, within `timeout`.
    func call(_ endpoint: Endpoint<PageQuery, PageReceipt>, _ query: PageQuery, timeout: TimeAmount) async throws
        -> Exchange<PageReceipt>
    {
        var api = self
        api.requestTimeout = timeout
        return try await api.get(endpoint.path + "?" + query.query, as: PageReceipt.self)
    }

    /// Asks where many uploads stand, within `timeout`.
    func call(
        _ endpoint: Endpoint<PageStatusRequest, PageStatusResponse>, _ request: PageStatusRequest, timeout: TimeAmount
    ) async throws -> Exchange<PageStatusResponse> {
        var api = self
        api.requestTimeout = timeout
        return try await api.call(endpoint, request)
    }

    /// Sends a chunk of a sealed page from `query.offset`, as it is: a sealed page does not compress. `timeout`
    /// bounds this request alone (a chunk on 2G takes seconds, and the sync's deadline must hold).
    func call(
        _ endpoint: Endpoint<PageQuery, PageReceipt>, _ query: PageQuery, chunk: Data, timeout: TimeAmount
    ) async throws -> Exchange<PageReceipt> {
        var request = HTTPClientRequest(url: baseURL + endpoint.path + "?" + query.query)
        request.method = HTTPMethod(rawValue: endpoint.method.rawValue)
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.body = .bytes(ByteBuffer(bytes: chunk))
        var api = self
        api.requestTimeout = timeout
        return try await api.send(request, bodyBytes: chunk.count, as: PageReceipt.self)
    }

    private func get<Answer: Decodable & Sendable>(_ path: String, as: Answer.Type) async throws -> Exchange<Answer> {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        return try await send(request, bodyBytes: 0, as: Answer.self)
    }

    /// The central catalog's JSON, or nil when the desk holds it already (`known`, the ETag it was served with:
    /// a 304 costs no body on 2G).
    func catalog(known: String?) async throws -> Exchange<Data?> {
        var request = HTTPClientRequest(url: baseURL + SyncAPI.catalog.path + "?format=\(SyncAPI.catalogFormat)")
        request.method = .GET
        if let known { request.headers.add(name: "If-None-Match", value: known) }
        let answer = try await exchange(request, bodyBytes: 0)
        switch answer.status {
        case 304: return Exchange(value: nil, bytesSent: answer.sent, bytesReceived: answer.received)
        case 200..<300:
            return Exchange(value: Data(answer.body), bytesSent: answer.sent, bytesReceived: answer.received)
        default: throw answer.refusal
        }
    }

    private func send<Answer: Decodable & Sendable>(_ request: HTTPClientRequest, bodyBytes: Int, as: Answer.Type)
        async throws -> Exchange<Answer>
    {
        let answer = try await exchange(request, bodyBytes: bodyBytes)
        guard (200..<300).contains(answer.status) else { throw answer.refusal }
        guard let value = try? JSONDecoder().decode(Answer.self, from: Data(answer.body)) else {
            throw SyncError.refused(status: Int(answer.status), message: "an answer this version cannot read")
        }
        return Exchange(value: value, bytesSent: answer.sent, bytesReceived: answer.received)
    }

    /// An HTTP answer with its byte counts, once the statuses every call treats alike are handled.
    private struct RawAnswer {
        let status: UInt
        let reason: String
        let body: [UInt8]
        let sent: Int
        let received: Int

        /// The refusal to report for an unexpected status, with the gateway's own message when it sent one.
        var refusal: SyncError {
            guard let wire = try? JSONDecoder().decode(WireError.self, from: Data(body)) else {
                return .refused(status: Int(status), message: reason)
            }
            // The desk words these refusals itself around `detail`: only a detail of the expected shape goes
            // into its instructions, never other text a gateway (or something posing as one) put there.
            if SyncError.enrollmentRefusals.contains(wire.error), SyncError.plausibleDetail(wire.error, wire.detail) {
                return .enrollmentRefused(code: wire.error, detail: wire.detail, message: wire.message)
            }
            return .refused(status: Int(status), message: wire.message)
        }
    }

    /// Sends one request: protocol, encoding and token headers; a dropped link, a timeout, 429 and 5xx become
    /// `unreachable` (retried by the caller), 401 becomes `tokenRefused`.
    private func exchange(_ request: HTTPClientRequest, bodyBytes: Int) async throws -> RawAnswer {
        var request = request
        request.headers.add(name: WireProtocol.versionHeader, value: String(WireProtocol.version))
        request.headers.add(name: "Accept-Encoding", value: "gzip")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let sent = bodyBytes + Self.headerBytes(request)
        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await client.execute(request, timeout: requestTimeout)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch SyncError.invalidCA {
            throw SyncError.invalidCA
        } catch is NIOSSLError {
            throw SyncError.untrusted
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw SyncError.unreachable(.noAnswer(seconds: requestTimeout.nanoseconds / 1_000_000_000))
        } catch {
            throw SyncError.unreachable(Self.describe(error))
        }
        let received =
            body.readableBytes + response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 17
        if response.headers.first(name: "Content-Encoding")?.lowercased() == "gzip" {
            do {
                body = try body.decompress(with: .gzip(), maxSize: Self.maxResponseBytes)
            } catch {
                throw SyncError.refused(
                    status: Int(response.status.code), message: "a compressed answer that does not unpack")
            }
        }
        // Only refusals are read as an error body; a large answer is never decoded twice.
        if [400, 429].contains(response.status.code), let refusal = WireError.decoded(body) {
            switch (response.status.code, refusal.error) {
            case (429, "quota_exceeded"): throw SyncError.quota(refusal.message)
            case (400, "unsupported_protocol"): throw SyncError.unsupportedProtocol(refusal.message)
            default: break
            }
        }
        switch response.status.code {
        case 401: throw SyncError.tokenRefused
        case 429, 500...599:
            let wait = response.headers.first(name: "Retry-After").flatMap(Double.init)
            throw SyncError.unreachable(.busy(Int(response.status.code), retryAfter: wait))
        default:
            return RawAnswer(
                status: response.status.code, reason: response.status.reasonPhrase,
                body: body.readBytes(length: body.readableBytes) ?? [], sent: sent, received: received)
        }
    }

    static func headerBytes(_ request: HTTPClientRequest) -> Int {
        let line = "\(request.method.rawValue) \(request.url) HTTP/1.1\r\n".utf8.count
        return line + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 2
    }

    static func describe(_ error: any Error) -> LinkProblem {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("Timeout") { return .timedOut }
        if text.contains("refused") { return .refused }
        if text.contains("reset") || text.contains("remoteConnectionClosed") || text.contains("EOF") {
            return .dropped
        }
        return .network
    }
}

extension WireError {
    /// The gateway's error body, if the answer is one.
    static func decoded(_ body: ByteBuffer) -> WireError? {
        try? JSONDecoder().decode(WireError.self, from: Data(body.readableBytesView))
    }
}
