import ArgumentParser
import FieldCaseCLI
import Glibc

/// `fieldcase shell` (and `fieldcase` alone): the officer's shell on a terminal, or one command per
/// line from standard input for scripts.
struct ShellCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "shell",
        abstract: "Interactive shell (the default); reads one command per line when input is not a terminal."
    )

    @OptionGroup var home: HomeOptions

    @Flag(help: "When reading commands from a script, go on after a failing line.")
    var keepGoing = false

    func run(in session: inout Session) async throws {
        let shell = Shell(session: session)
        let status =
            isatty(STDIN_FILENO) == 1 ? await shell.runInteractive() : await shell.runScript(keepGoing: keepGoing)
        session = shell.session
        if status != 0 { throw ExitCode(status) }
    }
}
