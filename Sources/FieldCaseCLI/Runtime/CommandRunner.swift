import ArgumentParser
import Foundation

/// Runs one command line through the command tree; the executable and the shell both call it.
public enum CommandRunner {
    /// Parses and runs `arguments` (without the program name) through `root` in `session` and returns the
    /// exit code. A command that signs an officer in leaves them signed in to `session` (the shell's next
    /// line needs no PIN), unless it worked on another home.
    public static func run(
        _ arguments: [String], root: any ParsableCommand.Type = FieldCaseCommand.self, session: inout Session
    ) async -> Int32 {
        do {
            var command = try root.parseAsRoot(arguments)
            if let command = command as? any SessionCommand {
                var scoped = session.using(command.home)
                try await command.run(in: &scoped)
                if scoped.home == session.home { session.signedIn = scoped.signedIn }
            } else if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return Exit.success
        } catch {
            return report(error, root: root)
        }
    }

    /// Shows a failure (or the help asked for) and returns its exit code.
    static func report(_ error: any Error, root: any ParsableCommand.Type) -> Int32 {
        let report = Diagnostics.report(for: error, root: root)
        if report.isHelp {
            print(report.message)
        } else if !report.message.isEmpty {
            StandardStreams.error(report.message + "\n")
        }
        return report.exitCode
    }

    /// Entry point of an executable whose command tree starts at `root`.
    public static func main(root: any ParsableCommand.Type) async -> Never {
        // Everything fieldcase creates (database, history, exports) is private to the user.
        umask(0o077)
        let arguments = Array(CommandLine.arguments.dropFirst())
        do {
            var session = try Session.fromEnvironment()
            exit(await run(arguments, root: root, session: &session))
        } catch {
            exit(report(error, root: root))
        }
    }
}
