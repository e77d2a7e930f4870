import FieldCaseCommandLine
import Foundation

/// Long text on a terminal goes through `$PAGER` (`less -FRX` where less is installed), as psql does; in
/// scripts and pipes, and for text that fits the screen, it is printed as it is. `PAGER=` (empty) turns
/// paging off, and a pager that cannot run leaves the text on the screen.
enum Pager {
    static func show(_ text: String, environment: [String: String]) {
        guard isatty(STDOUT_FILENO) == 1, isatty(STDIN_FILENO) == 1, exceedsScreen(text),
            let command = command(environment), run(command, text + "\n")
        else { return print(text) }
    }

    /// Runs the pager with `text` on its standard input; false when it could not run or failed. The pager is
    /// spawned in this process's group, the terminal's foreground one: Foundation's `Process` puts a child
    /// in a group of its own, where a pager that reads keys from the terminal is stopped and never returns.
    static func run(_ command: String, _ text: String) -> Bool {
        var pipe: [Int32] = [0, 0]
        guard Glibc.pipe(&pipe) == 0 else { return false }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, pipe[0], STDIN_FILENO)
        posix_spawn_file_actions_addclose(&actions, pipe[1])
        var pid: pid_t = 0
        let arguments = ["/bin/sh", "-c", command]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        fflush(nil)
        let spawned = posix_spawn(&pid, "/bin/sh", &actions, nil, &argv, environ)
        close(pipe[0])
        guard spawned == 0 else {
            close(pipe[1])
            return false
        }
        // A pager that quits early closes the pipe: the rest is not wanted, and no SIGPIPE may end the shell.
        let previous = signal(SIGPIPE, SIG_IGN)
        let written = FileHandle(fileDescriptor: pipe[1], closeOnDealloc: true)
        try? written.write(contentsOf: Data(text.utf8))
        try? written.close()
        signal(SIGPIPE, previous)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        // Exited 0 (or quit by a signal the officer sent it): shown. Anything else: the text is printed.
        let exited = status & 0x7F == 0
        return !exited || (status >> 8) & 0xFF == 0
    }

    /// `$PAGER`, or `less -FRX` where less is installed; nil for no pager.
    static func command(_ environment: [String: String]) -> String? {
        guard let pager = environment["PAGER"] else {
            let path = (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
            return path.contains { FileManager.default.isExecutableFile(atPath: "\($0)/less") } ? "less -FRX" : nil
        }
        return pager.trimmingCharacters(in: .whitespaces).isEmpty ? nil : pager
    }

    /// More lines than the terminal has rows, when the terminal says its size.
    static func exceedsScreen(_ text: String) -> Bool {
        var size = winsize()
        guard ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_row > 0 else { return false }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.count >= Int(size.ws_row) - 1
    }
}
