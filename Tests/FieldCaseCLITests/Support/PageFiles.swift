import FieldCaseHarness
import Foundation

/// Scanned files for the tests: each starts with its format's signature and goes on with seeded noise, the way a
/// compressed scan looks (it does not compress further), so sizes on the wire are those of real pages.
enum PageFiles {
    static func png(bytes: Int, seed: UInt64) -> Data {
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + noise(bytes - 8, seed: seed)
    }

    static func jpeg(bytes: Int, seed: UInt64) -> Data {
        Data([0xFF, 0xD8, 0xFF, 0xE0]) + noise(bytes - 4, seed: seed)
    }

    static func pdf(bytes: Int, seed: UInt64) -> Data {
        Data("%PDF-1.7\n".utf8) + noise(bytes - 9, seed: seed)
    }

    static func noise(_ count: Int, seed: UInt64) -> Data {
        var generator = SplitMix64(seed: seed)
        var data = Data(capacity: count)
        while data.count < count {
            withUnsafeBytes(of: generator.next()) { data.append(contentsOf: $0.prefix(count - data.count)) }
        }
        return data
    }

    /// Writes `data` into `folder` under `name`; returns its path.
    static func write(_ data: Data, named name: String, in folder: URL) throws -> String {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try data.write(to: url)
        return url.path
    }
}
