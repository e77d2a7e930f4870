import ArgumentParser
import FieldCaseCLI
import FieldCaseCore
import Glibc

/// `fieldcase shell` (and `fieldcase` alone): the officer's shell on a terminal, or one command per
/// line from standard input for scripts.
struct ShellCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "shell",
            abstract: localized(
                "Interactive shell (the default); reads one command per line when input is not a terminal.",
                "Giao diện dòng lệnh tương tác (mặc định); đọc mỗi dòng một lệnh khi đầu vào không phải cửa sổ dòng lệnh."
            ))
    }

    @OptionGroup var home: HomeOptions

    @Flag(
        help: ArgumentHelp(
            localized(
                "When reading commands from a script, go on after a failing line.",
                "Khi đọc lệnh từ tệp kịch bản, vẫn chạy tiếp sau một dòng bị lỗi.")))
    var keepGoing = false

    func run(in session: inout Session) async throws {
        let shell = Shell(session: session)
        let status =
            isatty(STDIN_FILENO) == 1 ? await shell.runInteractive() : await shell.runScript(keepGoing: keepGoing)
        session = shell.session
        if status != 0 { throw ExitCode(status) }
    }
}
