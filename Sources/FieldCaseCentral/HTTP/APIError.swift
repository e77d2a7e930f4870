import FieldCaseWire
import Foundation
import Hummingbird

/// Every error the API answers: a status and a JSON body `{"error", "message"}`; never a 5xx for client input.
struct APIError: HTTPResponseError {
    let status: HTTPResponse.Status
    let code: String
    let message: String
    var detail: String?
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var response = try JSONBody.response(WireError(error: code, message: message, detail: detail), status: status)
        for field in headers { response.headers.append(field) }
        return response
    }

    static func throttled(_ seconds: Int) -> APIError {
        APIError(
            status: .tooManyRequests, code: "too_many_attempts",
            message: "too many failed attempts from here; try again in \(seconds) seconds",
            headers: [.retryAfter: String(seconds)])
    }

    /// The gateway is at its limit of pushes in progress: come back after `retryAfter` seconds.
    static func busy(retryAfter seconds: Int) -> APIError {
        APIError(
            status: .serviceUnavailable, code: "busy",
            message: "the central system is busy; nothing was taken, send again in \(seconds) seconds",
            headers: [.retryAfter: String(seconds)])
    }

    static func badRequest(_ message: String) -> APIError {
        APIError(status: .badRequest, code: "bad_request", message: message)
    }
    static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized", message: "unknown or revoked token; enroll the device again")
    static let forbidden = APIError(
        status: .forbidden, code: "forbidden", message: "a device reads and writes only its own commune")
    static func requestTimeout(_ timeout: Duration) -> APIError {
        APIError(
            status: .requestTimeout, code: "request_timeout",
            message: "the request body did not arrive within \(timeout.components.seconds) seconds")
    }
    static let tooLarge = APIError(
        status: .contentTooLarge, code: "too_large", message: "the request body is too large; send smaller batches")
}

/// JSON in and out, with the same encoder settings everywhere.
enum JSONBody {
    static func response<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.sorted.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(buffer: buffer))
        } catch let error as DecodingError {
            throw APIError.badRequest("malformed JSON: \(Self.describe(error))")
        }
    }

    /// Where the body went wrong, without echoing client data back.
    static func describe(_ error: DecodingError) -> String {
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
            let what: String
            switch error {
            case .typeMismatch: what = "wrong type"
            case .valueNotFound: what = "missing value"
            case .keyNotFound(let key, _): what = "missing key '\(key.stringValue)'"
            default: what = "not valid JSON"
            }
            return path.isEmpty ? what : "\(what) at \(path)"
        @unknown default:
            return "not valid JSON"
        }
    }
}
