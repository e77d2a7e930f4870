import CompressNIO
import Hummingbird

/// Reads a request body with limits before and after decompression, so a gzip bomb costs
/// the gateway no more than `maxDecompressed` bytes of memory.
struct BodyReader {
    var maxCompressed = 2 * 1024 * 1024
    var maxDecompressed = 8 * 1024 * 1024

    func read(_ request: inout Request) async throws -> ByteBuffer {
        var body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: maxCompressed)
        } catch {
            throw APIError.tooLarge
        }
        guard let encoding = request.headers[.contentEncoding]?.lowercased(), encoding != "identity" else {
            return body
        }
        guard encoding == "gzip" else {
            throw APIError(
                status: .unsupportedMediaType, code: "unsupported_encoding", message: "Content-Encoding must be gzip")
        }
        do {
            return try body.decompress(with: .gzip(), maxSize: maxDecompressed)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw APIError.tooLarge
        } catch {
            throw APIError.badRequest("the gzip body is corrupt or truncated")
        }
    }
}
