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
        let url = URL(fileURLWithPath: path)
        guard
            FileManager.default.createFile(
                atPath: url.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        else {
            throw CommandFailure(
                localized(
                    "cannot write \(path): check the folder exists and is writable",
                    "không ghi được \(path): hãy kiểm tra thư mục có tồn tại và ghi được"), exitCode: Exit.cannotCreate)
        }
    }
}
