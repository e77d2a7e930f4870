import Foundation

/// zbar's `zbarimg`, an implementation of the QR and Code 128 standards other than ours: what it reads back from
/// a printed symbol is what a scanner at the desk or the portal would read. `.ci/test` installs it (zbar-tools).
public enum Zbar {
    public static let path = "/usr/bin/zbarimg"

    /// The text of every symbol zbar finds in `image` (any format it reads; the tests write PBM), one a line.
    public static func read(_ image: Data) throws -> String {
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw ChildProcess.Failed(description: "\(path) is missing: install zbar-tools (.ci/test does)")
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("zbar-\(UUID().uuidString).pbm")
        try image.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        // Exit 4 when nothing was found: the empty answer says so.
        let (_, output) = try ChildProcess.run([path, "--quiet", "--raw", "--nodbus", file.path])
        return output.hasSuffix("\n") ? String(output.dropLast()) : output
    }
}
