import CompressNIO
import Hummingbird

/// Reads a request body with limits before and after decompression, so a gzip bomb costs
/// the gateway no more than `maxDecompressed` bytes of memory.
///
/// The whole body must arrive within `timeout`: a client that opens a request and trickles or stops gets
/// 408 instead of holding a connection for minutes.
struct BodyReader {
    var maxCompressed = 2 * 1024 * 1024
    var maxDecompressed = 8 * 1024 * 1024
    var timeout: Duration

    /// For a small request (an enrollment, an operator's update): 16 KiB at most, packed or not.
    static func small(timeout: Duration) -> BodyReader {
        BodyReader(maxCompressed: 16 * 1024, maxDecompressed: 16 * 1024, timeout: timeout)
    }

    func read(_ request: inout Request) async throws -> ByteBuffer {
        let body = try await Self.collect(request.body, upTo: maxCompressed, within: timeout)
        return try decode(body, encoding: request.headers[.contentEncoding])
    }

    /// The body's bytes, or `tooLarge` past `limit`, or `requestTimeout` when `timeout` passes first.
    static func collect(_ body: RequestBody, upTo limit: Int, within timeout: Duration) async throws -> ByteBuffer {
        try await withThrowingTaskGroup(of: ByteBuffer?.self) { group in
            group.addTask {
                var collected = ByteBuffer()
                do {
                    for try await var chunk in body {
                        guard collected.readableBytes + chunk.readableBytes <= limit else { throw APIError.tooLarge }
                        collected.writeBuffer(&chunk)
                    }
                } catch let error as APIError {
                    throw error
                } catch {
                    // The client's connection broke mid-body: its fault, never a 5xx.
                    throw APIError.badRequest("the request body was cut off")
                }
                return collected
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let collected = first else {
                throw APIError.requestTimeout(timeout)
            }
            return collected
        }
    }

    func decode(_ body: ByteBuffer, encoding header: String?) throws -> ByteBuffer {
        var body = body
        guard let encoding = header?.lowercased(), encoding != "identity" else {
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
