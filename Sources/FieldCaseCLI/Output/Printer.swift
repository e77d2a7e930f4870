import FieldCaseCore
import Foundation

/// The desk's printer, through CUPS' `lp` where it is installed: the paper goes to the default destination
/// (`LPDEST` or `PRINTER` choose another, as `lp` reads them).
enum Printer {
    /// What `lp` is given of the desk's environment: where to print and how, never a PIN, a recovery key or a
    /// database password.
    static let passed = ["PATH", "HOME", "LANG", "LC_ALL", "LC_MESSAGES", "LPDEST", "PRINTER", "CUPS_SERVER", "TMPDIR"]

    static func send(_ text: String, in session: Session) throws {
        guard let lp = ProgramPath.find("lp", in: session.environment) else {
            throw CommandFailure(
                session.text(
                    "lp is not installed (CUPS): write the paper with --out FILE and print it from there",
                    "chưa cài lp (CUPS): ghi giấy ra tệp bằng --out FILE rồi in từ tệp đó"),
                exitCode: Exit.unavailable)
        }
        let process = Process()
        process.executableURL = lp
        process.arguments = ["-s", "-t", "fieldcase"]
        process.environment = session.environment.filter { passed.contains($0.key) }
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CommandFailure(session.text("cannot start lp", "không chạy được lp"), exitCode: Exit.unavailable)
        }
        // An lp that quits without reading (no printer set up) closes the pipe: its exit status says why, and
        // no SIGPIPE may end the shell.
        let previous = signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        signal(SIGPIPE, previous)
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw CommandFailure(
                session.text(
                    "lp refused the paper (exit \(process.terminationStatus)): is a printer set up (lpstat -d)?",
                    "lp không nhận giấy in (mã \(process.terminationStatus)): đã cài máy in chưa (lpstat -d)?"),
                exitCode: Exit.unavailable)
        }
    }
}
