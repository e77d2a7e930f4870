import ArgumentParser
import Foundation

/// Runs one command line through the command tree; the executable and the shell both call it.
public enum CommandRunner {
    /// Parses and runs `arguments` (without the program name) through `root` and returns the exit code.
    public static func run(_ arguments: [String], root: any ParsableCommand.Type = FieldCaseCommand.self) async -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return Exit.success
        } catch {
            let report = Diagnostics.report(for: error, root: root)
            if report.isHelp {
                print(report.message)
            } else if !report.message.isEmpty {
                StandardStreams.error(report.message + "\n")
            }
            return report.exitCode
        }
    }

    /// Entry point of an executable whose command tree starts at `root`.
    public static func main(root: any ParsableCommand.Type) async -> Never {
        // Everything fieldcase creates (database, history, exports) is private to the user.
        umask(0o077)
        exit(await run(Array(CommandLine.arguments.dropFirst()), root: root))
    }
}
