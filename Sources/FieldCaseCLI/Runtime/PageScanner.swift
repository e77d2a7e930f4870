import FieldCaseCommandLine
import FieldCaseCore
import Foundation

/// The desk's scanner, through SANE's `scanimage` where it is installed: one page, as PNG, at a resolution that
/// keeps an A4 page readable and small enough for a 2G link.
enum PageScanner {
    static let passed = ["PATH", "HOME", "LANG", "LC_ALL", "SANE_DEFAULT_DEVICE", "SANE_CONFIG_DIR", "TMPDIR"]

    static func scan(in session: Session) throws -> Data {
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
}
