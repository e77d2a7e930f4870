import ArgumentParser
import Foundation

/// What a failure shows: one line (or the help asked for) and the exit code.
public struct Report: Sendable {
    public let message: String
    public let exitCode: Int32
    /// Help or usage text that goes to standard output rather than an error line.
    public let isHelp: Bool

    public init(message: String, exitCode: Int32, isHelp: Bool = false) {
        self.message = message
        self.exitCode = exitCode
        self.isHelp = isHelp
    }
}

/// Runs one command line through a command tree, for the desk and the gateway alike: parse, run, and turn
/// any failure into one `Error: …` line and a sysexits code. Each executable says how its own errors read
/// (`diagnose`); what is left (the parser's, `ExitCode`, `CommandFailure`) reads the same in both.
public enum CommandLineRunner {
    /// Parses `arguments` (without the program name) through `root` and runs the command: `perform` runs it
    /// when it knows how (a desk command that needs its session) and returns false otherwise, then the
    /// command's own `run()` does. Returns the exit code.
    public static func run(
        _ arguments: [String], root: any ParsableCommand.Type, errorPrefix: String? = nil,
        diagnose: (any Error) -> Report?, perform: (any ParsableCommand) async throws -> Bool = { _ in false }
    ) async -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            if try await perform(command) { return Exit.success }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return Exit.success
        } catch {
            return show(diagnose(error) ?? report(for: error, root: root), prefix: errorPrefix)
        }
    }

    /// Shows a report (help on standard output, a failure on standard error) and returns its exit code.
    public static func show(_ report: Report, prefix: String? = nil) -> Int32 {
        if report.isHelp {
            print(report.message)
        } else if !report.message.isEmpty {
            // An error line may quote what a gateway, a file or a database said: it cannot steer the terminal.
            StandardStreams.error((prefix ?? "") + TerminalText.safe(report.message) + "\n")
        }
        return report.exitCode
    }

    /// How the failures every command tree shares read.
    public static func report(for error: any Error, root: any ParsableCommand.Type, prefix: String = "Error:")
        -> Report
    {
        switch error {
        case let code as ExitCode:
            // A command that already said what went wrong and only sets the exit code.
            return Report(message: "", exitCode: code.rawValue)
        case let error as CommandFailure:
            return Report(message: "\(prefix) \(error.message)", exitCode: error.exitCode)
        default:
            let code = root.exitCode(for: error).rawValue
            if code == Exit.success {
                return Report(message: root.fullMessage(for: error), exitCode: code, isHelp: true)
            }
            // One line: the parser lists valid values on separate lines.
            let message = root.message(for: error).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            // The parser's own errors are usage errors (64); anything else failed while running (1), and
            // --help would not help.
            guard code == Exit.usage else { return Report(message: "\(prefix) \(message)", exitCode: code) }
            return Report(message: "\(prefix) \(message) (see --help)", exitCode: code)
        }
    }

    /// Entry point of an executable: everything it creates (databases, history, exports) is private to the
    /// user, and the process ends with the command's exit code.
    public static func main(_ body: ([String]) async -> Int32) async -> Never {
        umask(0o077)
        exit(await body(Array(CommandLine.arguments.dropFirst())))
    }
}
