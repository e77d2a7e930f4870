import CZlib
import Foundation

/// A payload deflated (raw DEFLATE, RFC 1951) against a preset dictionary before it is sealed. Sealed bytes do
/// not compress, so the gzip of a push can no longer shrink what it carries; a dossier's JSON is short and
/// repeats little within itself, so plain deflate gains little either. Against a dictionary that already holds
/// the keys, the codes and the common words of every payload, only what is new about this dossier remains.
public enum PayloadCompression {
    /// The most one payload may grow to when inflated. The largest a desk can write is about 45 KB (50
    /// documents' names of 200 characters, a 2,000-character summary, a 500-character address, three bytes a
    /// Vietnamese character); anything past this is a bomb.
    public static let inflatedLimit = 64 << 10

    public static func deflate(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard fc_deflate_init_raw(&stream) == Z_OK else { throw PayloadCompressionError.zlib }
        defer { deflateEnd(&stream) }
        try setDictionary(&stream, deflateSetDictionary)
        var output = Data(count: Int(deflateBound(&stream, uLong(data.count))) + 16)
        var input = data
        let status = input.withUnsafeMutableBytes { inBytes in
            output.withUnsafeMutableBytes { outBytes in
                stream.next_in = inBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inBytes.count)
                stream.next_out = outBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(outBytes.count)
                return CZlib.deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { throw PayloadCompressionError.zlib }
        return output.prefix(Int(stream.total_out))
    }

    /// Throws on anything that is not one whole deflated payload of at most `inflatedLimit` bytes.
    public static func inflate(_ data: Data) throws -> Data {
        var stream = z_stream()
        guard fc_inflate_init_raw(&stream) == Z_OK else { throw PayloadCompressionError.zlib }
        defer { inflateEnd(&stream) }
        try setDictionary(&stream, inflateSetDictionary)
        var input = data
        var output = Data()
        var chunk = Data(count: 16_384)
        var status = Z_OK
        try input.withUnsafeMutableBytes { inBytes in
            stream.next_in = inBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
            stream.avail_in = uInt(inBytes.count)
            while status == Z_OK {
                let produced = chunk.withUnsafeMutableBytes { outBytes in
                    stream.next_out = outBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_out = uInt(outBytes.count)
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    return outBytes.count - Int(stream.avail_out)
                }
                output.append(chunk.prefix(produced))
                guard output.count <= inflatedLimit else { throw PayloadCompressionError.tooLarge }
                if status == Z_OK, produced == 0, stream.avail_in == 0 { break }
            }
        }
        // The whole input, and nothing after the end of the stream.
        guard status == Z_STREAM_END, stream.avail_in == 0 else { throw PayloadCompressionError.malformed }
        return output
    }

    private static func setDictionary(
        _ stream: inout z_stream, _ set: (z_streamp?, UnsafePointer<Bytef>?, uInt) -> Int32
    ) throws {
        let status = PayloadDictionary.bytes.withUnsafeBytes {
            set(&stream, $0.baseAddress?.assumingMemoryBound(to: Bytef.self), uInt($0.count))
        }
        guard status == Z_OK else { throw PayloadCompressionError.zlib }
    }
}

public enum PayloadCompressionError: Error {
    case zlib
    case malformed
    case tooLarge
}
