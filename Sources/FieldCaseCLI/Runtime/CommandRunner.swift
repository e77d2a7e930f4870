import ArgumentParser
import FieldCaseCore
import Foundation

/// Runs one desk command line through the command tree; the executable and the shell both call it.
public enum CommandRunner {
    /// Parses and runs `arguments` (without the program name) through `root` in `session` and returns the
    /// exit code. A command that signs an officer in leaves them signed in to `session` (the shell's next
    /// line needs no PIN), unless it worked on another home.
    /// `errorPrefix` names where the line came from (`fieldcase: stdin:3: `) in front of its error line.
    public static func run(
        _ arguments: [String], root: any ParsableCommand.Type = FieldCaseCommand.self, session: inout Session,
        errorPrefix: String? = nil
    ) async -> Int32 {
        var outer = session
        defer { session = outer }
        let language = session.language
        return await CommandLineRunner.run(arguments, root: root, errorPrefix: errorPrefix) { error in
            Diagnostics.report(for: error, root: root, in: language)
        } perform: { command in
            guard let command = command as? any SessionCommand else { return false }
            var scoped = outer.using(command.home)
            // Kept even when the command then fails (an unknown code after the PIN was right): the officer
            // signed in, and the next line does not ask again.
            defer { if scoped.home == outer.home { outer.signedIn = scoped.signedIn } }
            try await command.run(in: &scoped)
            return true
        }
    }

    /// Entry point of the `fieldcase` executable, whose command tree starts at `root`.
    public static func main(root: any ParsableCommand.Type) async -> Never {
        let exposed = ArgumentSecrets.scrub(["--token", "--pin"])
        // Scripts learn it from the README; a person at a terminal is told at once.
        if !exposed.isEmpty, isatty(STDERR_FILENO) == 1 {
            StandardStreams.error(
                localized(
                    "Warning: \(exposed[0]) on the command line can be read by other accounts on this machine while "
                        + "the command runs; give it as \(exposed[0]) - (standard input), in the environment, or at "
                        + "the prompt\n",
                    "Cảnh báo: \(exposed[0]) trên dòng lệnh có thể bị tài khoản khác trên máy này đọc được khi lệnh "
                        + "đang chạy; hãy nhập bằng \(exposed[0]) - (đầu vào chuẩn), qua biến môi trường, hoặc khi "
                        + "được hỏi\n"))
        }
        await CommandLineRunner.main { arguments in
            do {
                var session = try Session.fromEnvironment()
                return await run(arguments, root: root, session: &session)
            } catch {
                return CommandLineRunner.show(Diagnostics.report(for: error, root: root))
            }
        }
    }
}
