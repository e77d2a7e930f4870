import FieldCaseCore
import Foundation

/// Where an export or report goes: standard output, or a file only this account can read
/// (it holds citizens' personal data).
enum ReportFile {
    static func write(_ text: String, to path: String?) throws {
        guard let path, path != "-" else {
            StandardStreams.output(text)
            return
        }
        try write(Data(text.utf8), to: path)
    }

    /// Only the officer may read what is written (it names citizens).
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        guard
            FileManager.default.createFile(atPath: url.path, contents: data, attributes: [.posixPermissions: 0o600])
        else {
            throw CommandFailure(
                localized(
                    "cannot write \(path): check the folder exists and is writable",
                    "không ghi được \(path): hãy kiểm tra thư mục có tồn tại và ghi được"), exitCode: Exit.cannotCreate)
        }
    }
}
