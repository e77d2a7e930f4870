import FieldCaseCore
import Foundation
import Glibc

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

    /// Only the officer may read what is written (it names citizens): the file is created 0600, never readable
    /// by others for a moment, and a file already there is made 0600 before anything is written. The path is
    /// opened as typed, resolved by the kernel exactly as `Home.refuseInside` resolved it (a URL would collapse
    /// `link/..` as text and write elsewhere), and a symbolic link in its last place is refused, not followed.
    static func write(_ data: Data, to path: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard descriptor >= 0, fchmod(descriptor, 0o600) == 0 else {
            if descriptor >= 0 { close(descriptor) }
            throw cannotWrite(path)
        }
        defer { close(descriptor) }
        var written = 0
        try data.withUnsafeBytes { bytes in
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw cannotWrite(path) }
                written += count
            }
        }
    }

    static func cannotWrite(_ path: String) -> CommandFailure {
        CommandFailure(
            localized(
                "cannot write \(path): check the folder exists and is writable",
                "không ghi được \(path): hãy kiểm tra thư mục có tồn tại và ghi được"), exitCode: Exit.cannotCreate)
    }
}
