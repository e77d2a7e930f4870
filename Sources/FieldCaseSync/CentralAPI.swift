import AsyncHTTPClient
import CompressNIO
import FieldCaseWire
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP calls a device makes, with gzip bodies, bounded responses and byte counts.
struct CentralAPI: Sendable {
    let baseURL: String
    let token: String?
    /// How long one request may take before the link counts as dropped.
    var requestTimeout: TimeAmount = .seconds(30)
    static let maxResponseBytes = 16 * 1024 * 1024

    /// Checks the URL: https, or http to this machine, or http anywhere with `insecure`.
    static func validated(_ url: String, insecure: Bool) throws -> String {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, scheme == "https" || scheme == "http"
        else { throw SyncError.invalidURL(url) }
        let loopback = host == "localhost" || host.hasPrefix("127.") || host == "::1" || host == "[::1]"
        if scheme == "http", !loopback, !insecure { throw SyncError.insecureURL(url) }
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    struct Exchange<T: Sendable>: Sendable {
        let value: T
        let bytesSent: Int
        let bytesReceived: Int
    }

    func post<Body: Encodable, Answer: Decodable & Sendable>(_ path: String, _ body: Body, as: Answer.Type)
        async throws -> Exchange<Answer>
    {
        var plain = ByteBuffer(bytes: try JSONEncoder().encode(body))
        let compressed = try plain.compress(with: .gzip())
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "Content-Encoding", value: "gzip")
        request.body = .bytes(compressed)
        return try await send(request, bodyBytes: compressed.readableBytes, as: Answer.self)
    }

    func get<Answer: Decodable & Sendable>(_ path: String, as: Answer.Type) async throws -> Exchange<Answer> {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = .GET
        return try await send(request, bodyBytes: 0, as: Answer.self)
    }

    /// The central catalog's JSON, or nil when it is still `knownVersion` (a 304 costs no body on 2G).
    func catalog(knownVersion: String?) async throws -> Exchange<Data?> {
        var request = HTTPClientRequest(url: baseURL + "/v1/catalog")
        request.method = .GET
        request.headers.add(name: WireProtocol.versionHeader, value: String(WireProtocol.version))
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let knownVersion { request.headers.add(name: "If-None-Match", value: "\"\(knownVersion)\"") }
        let sent = Self.headerBytes(request)
        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: requestTimeout)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch {
            throw SyncError.unreachable(Self.describe(error))
        }
        let received = body.readableBytes + 200
        switch response.status.code {
        case 304: return Exchange(value: nil, bytesSent: sent, bytesReceived: received)
        case 200: return Exchange(value: Data(body.readBytes(length: body.readableBytes) ?? []), bytesSent: sent, bytesReceived: received)
        case 401: throw SyncError.tokenRefused
        case 429, 500...599: throw SyncError.unreachable("the central system is busy (\(response.status.code))")
        default: throw SyncError.refused(status: Int(response.status.code), message: response.status.reasonPhrase)
        }
    }

    private func send<Answer: Decodable & Sendable>(_ request: HTTPClientRequest, bodyBytes: Int, as: Answer.Type)
        async throws -> Exchange<Answer>
    {
        var request = request
        request.headers.add(name: WireProtocol.versionHeader, value: String(WireProtocol.version))
        request.headers.add(name: "Accept-Encoding", value: "identity")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        let sent = bodyBytes + Self.headerBytes(request)
        let response: HTTPClientResponse
        var body: ByteBuffer
        do {
            response = try await HTTPClient.shared.execute(request, timeout: requestTimeout)
            body = try await response.body.collect(upTo: Self.maxResponseBytes)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw SyncError.unreachable("no answer within \(requestTimeout.nanoseconds / 1_000_000_000) s")
        } catch {
            throw SyncError.unreachable(Self.describe(error))
        }
        let received = body.readableBytes + response.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 17
        switch response.status.code {
        case 200..<300:
            guard let bytes = body.readBytes(length: body.readableBytes),
                let value = try? JSONDecoder().decode(Answer.self, from: Data(bytes))
            else { throw SyncError.refused(status: Int(response.status.code), message: "an answer this version cannot read") }
            return Exchange(value: value, bytesSent: sent, bytesReceived: received)
        case 401:
            throw SyncError.tokenRefused
        case 429, 500...599:
            throw SyncError.unreachable("the central system is busy (\(response.status.code))")
        default:
            let message = body.readBytes(length: body.readableBytes)
                .flatMap { try? JSONDecoder().decode(WireError.self, from: Data($0)) }?.message ?? response.status.reasonPhrase
            throw SyncError.refused(status: Int(response.status.code), message: message)
        }
    }

    static func headerBytes(_ request: HTTPClientRequest) -> Int {
        let line = "\(request.method.rawValue) \(request.url) HTTP/1.1\r\n".utf8.count
        return line + request.headers.reduce(0) { $0 + $1.name.utf8.count + $1.value.utf8.count + 4 } + 2
    }

    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        if text.contains("connectTimeout") || text.contains("Timeout") { return "timed out" }
        if text.contains("refused") { return "connection refused" }
        if text.contains("reset") || text.contains("remoteConnectionClosed") || text.contains("EOF") { return "the link dropped" }
        return "network error"
    }
}
