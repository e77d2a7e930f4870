import Foundation
import Glibc

/// Reads a PIN from the terminal without echoing it.
public enum SecretReader {
    /// Whether there is a person at a terminal to ask.
    public static var canAsk: Bool { isatty(STDIN_FILENO) == 1 }

    /// nil when the officer pressed Ctrl-C or input ended. The prompt goes to standard error, so a
    /// command's output (JSON, CSV) stays clean.
    public static func read(prompt: String) -> String? {
        SignalPipe.install([SIGINT, SIGTERM, SIGHUP])
        say(prompt)
        var saved = termios()
        let isTerminal = tcgetattr(STDIN_FILENO, &saved) == 0
        if isTerminal {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet)
        }
        defer {
            if isTerminal { tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
            say("\n")
        }
        var bytes: [UInt8] = []
        while true {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if fds[1].revents != 0, SignalPipe.drain().contains(where: { $0 != SIGWINCH }) { return nil }
            guard fds[0].revents != 0 else { continue }
            var byte: UInt8 = 0
            guard Glibc.read(STDIN_FILENO, &byte, 1) == 1, byte != 4 else { return nil }
            if byte == 10 || byte == 13 { return String(decoding: bytes, as: UTF8.self) }
            if byte == 127 || byte == 8 { _ = bytes.popLast() } else { bytes.append(byte) }
        }
    }

    static func say(_ text: String) {
        fflush(nil)
        StandardStreams.error(text)
    }
}
