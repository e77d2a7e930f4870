import FieldCaseCore
import Foundation

/// The desk's printer, through CUPS' `lp` where it is installed: the paper goes to the default destination
/// (`lp -d` set by `LPDEST` or `PRINTER`, as `lp` reads them).
enum Printer {
    static func send(_ text: String, in session: Session) throws {
        let path = (session.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
            URL(fileURLWithPath: String($0)).appendingPathComponent("lp")
        }.first { FileManager.default.isExecutableFile(atPath: $0.path) }
        guard let lp = path else {
            throw CommandFailure(
                session.text(
                    "lp is not installed (CUPS): write the paper with --out FILE and print it from there",
                    "chưa cài lp (CUPS): ghi giấy ra tệp bằng --out FILE rồi in từ tệp đó"),
                exitCode: Exit.unavailable)
        }
        let process = Process()
        process.executableURL = lp
        process.arguments = ["-s", "-t", "fieldcase"]
        process.environment = session.environment
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
            try input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
            try input.fileHandleForWriting.close()
        } catch {
            throw CommandFailure(
                session.text("cannot start lp", "không chạy được lp"), exitCode: Exit.unavailable)
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailure(
                session.text(
                    "lp refused the paper (exit \(process.terminationStatus)): is a printer set up (lpstat -d)?",
                    "lp không nhận giấy in (mã \(process.terminationStatus)): đã cài máy in chưa (lpstat -d)?"),
                exitCode: Exit.unavailable)
        }
    }
}
