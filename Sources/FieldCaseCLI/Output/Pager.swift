import FieldCaseCommandLine
import Foundation

/// Long text on a terminal goes through `$PAGER` (`less -FRX` when unset), as psql does; in scripts and
/// pipes, and for text that fits the screen, it is printed as it is. `PAGER=` (empty) turns paging off.
enum Pager {
    static func show(_ text: String, environment: [String: String]) {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1, exceedsScreen(text),
            let command = command(environment)
        else { return print(text) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        let input = Pipe()
        process.standardInput = input
        fflush(nil)
        do {
            try process.run()
        } catch {
            return print(text)
        }
        // A pager that quits early closes the pipe: the rest is not wanted, and no SIGPIPE may end the shell.
        signal(SIGPIPE, SIG_IGN)
        try? input.fileHandleForWriting.write(contentsOf: Data((text + "\n").utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        // 126 and 127: the shell could not run the pager at all; the text must not be lost to a typo in $PAGER.
        if [126, 127].contains(process.terminationStatus) { print(text) }
    }

    /// `$PAGER`, or `less -FRX` where less is installed; nil for no pager.
    static func command(_ environment: [String: String]) -> String? {
        guard let pager = environment["PAGER"] else {
            let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            return path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/less") } ? "less -FRX" : nil
        }
        return pager.trimmingCharacters(in: .whitespaces).isEmpty ? nil : pager
    }

    /// More lines than the terminal has rows (or wider than it), when the terminal says its size.
    static func exceedsScreen(_ text: String) -> Bool {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= Int(size.ws_row) - 1
    }
}
