import FieldCaseCommandLine
import FieldCaseCore
import Foundation

/// Where a desk's pages come from: a scanned file, or the desk's scanner, through SANE's `scanimage` where it is
/// installed: one page, as PNG, at a resolution that keeps an A4 page readable and small enough for a 2G link.
package enum PageScanner {
    static let passed = ["PATH", "HOME", "LANG", "LC_ALL", "SANE_DEFAULT_DEVICE", "SANE_CONFIG_DIR", "TMPDIR"]

    /// Whether the desk has `scanimage`: the shell offers to scan only where it can.
    package static func available(in session: Session) -> Bool {
        ProgramPath.find("scanimage", in: session.environment) != nil
    }

    /// How a page from the scanner is named where a file's would be.
    package static func name(in session: Session) -> String { session.text("scanner", "máy scan") }

    package static func scan(in session: Session) throws -> Data {
        guard let scanimage = ProgramPath.find("scanimage", in: session.environment) else {
            throw CommandFailure(
                session.text(
                    "scanimage is not installed (SANE): scan to a file and attach the file",
                    "chưa cài scanimage (SANE): hãy scan ra tệp rồi đính kèm tệp đó"),
                exitCode: Exit.unavailable)
        }
        let process = Process()
        process.executableURL = scanimage
        process.arguments = ["--format=png", "--mode", "Gray", "--resolution", "200"]
        process.environment = session.environment.filter { passed.contains($0.key) }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandFailure(
                session.text("cannot start scanimage", "không chạy được scanimage"), exitCode: Exit.unavailable)
        }
        let page = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0, !page.isEmpty else {
            throw CommandFailure(
                session.text(
                    "the scanner gave no page (exit \(process.terminationStatus)): is it on and found (scanimage -L)?",
                    "máy scan không trả về trang nào (mã \(process.terminationStatus)): máy đã bật và được nhận "
                        + "chưa (scanimage -L)?"),
                exitCode: Exit.unavailable)
        }
        return page
    }

    /// A file's bytes, refused with one line when it is not a readable regular file or is far over a page's size.
    package static func read(_ path: String) throws -> Data {
        var directory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &directory), !directory.boolValue,
            let handle = FileHandle(forReadingAtPath: path)
        else {
            throw CommandFailure(localized("cannot read \(path)", "không đọc được \(path)"), exitCode: Exit.noInput)
        }
        defer { try? handle.close() }
        // One byte over the limit is enough to refuse it: a huge file is never read whole.
        do {
            // nil at the end of the file: an empty one, refused as such by the page's rules.
            return try handle.read(upToCount: ScannedPage.maxBytes + 1) ?? Data()
        } catch {
            throw CommandFailure(localized("cannot read \(path)", "không đọc được \(path)"), exitCode: Exit.noInput)
        }
    }
}
