import CReadline
import FieldCaseCLI
import Glibc

/// What one read at the prompt produced.
enum LineInput: Equatable {
    case line(String)
    case invalidUTF8
    /// Ctrl-C: the line is dropped.
    case interrupted
    /// Ctrl-D on an empty line, or the end of input.
    case endOfInput
    /// SIGTERM or SIGHUP: the terminal is going away.
    case terminated
}

/// Where guided entry reads its answers: readline at a terminal, or a script in the tests.
protocol LineReading: AnyObject {
    func readLine(prompt: String, mode: LineEditor.WordMode, completer: LineEditor.Completer?) -> LineInput
}

extension LineReading {
    func readLine(prompt: String, mode: LineEditor.WordMode) -> LineInput {
        readLine(prompt: prompt, mode: mode, completer: nil)
    }
}

/// GNU readline through its callback interface, so that Ctrl-C, resize, SIGTERM and SIGHUP are
/// handled between keystrokes instead of inside a signal handler.
final class LineEditor: LineReading {
    /// Offers completions for `word`, given the line before it.
    typealias Completer = (_ lineBeforeWord: String, _ word: String) -> [String]

    /// How a question splits its answer into words for completion.
    enum WordMode {
        /// Commands: words split at blanks and quotes; a space follows a completed word.
        case words
        /// Free answers such as a procedure's name: the whole line is one word.
        case wholeLine
    }

    nonisolated(unsafe) private static var completer: Completer?
    nonisolated(unsafe) private static var pendingMatches: [String] = []
    nonisolated(unsafe) private static var matchIndex = 0
    nonisolated(unsafe) private static var received: LineInput?
    /// Set once SIGTERM or SIGHUP arrives: every later read answers `.terminated`, so the shell and any
    /// guided entry in progress unwind and exit.
    nonisolated(unsafe) private(set) static var hungUp = false

    let historyPath: String?
    static let historyLimit: Int32 = 1000

    /// Sets readline up; history is read from and written to `historyPath` when given.
    init(historyPath: String?) {
        self.historyPath = historyPath
        fc_readline_configure(Self.attemptCompletion)
        using_history()
        stifle_history(Self.historyLimit)
        if let historyPath { _ = read_history(historyPath) }
    }

    /// Reads one line at `prompt`, offering `completer`'s words on Tab.
    func readLine(prompt: String, mode: WordMode = .words, completer: Completer? = nil) -> LineInput {
        Self.completer = completer
        Self.received = nil
        fc_readline_word_mode(mode == .wholeLine ? 1 : 0)
        if SignalPipe.drain().contains(where: { $0 == SIGTERM || $0 == SIGHUP }) { Self.hungUp = true }
        if Self.hungUp { return .terminated }
        rl_callback_handler_install(prompt, Self.lineHandler)
        // The line handler removes itself once a line is complete, so readline does not show the prompt again.
        defer { if Self.received == nil { rl_callback_handler_remove() } }
        while Self.received == nil {
            var fds = [
                pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0),
                pollfd(fd: SignalPipe.readEnd, events: Int16(POLLIN), revents: 0),
            ]
            if poll(&fds, 2, -1) < 0 {
                if errno == EINTR { continue }
                return .endOfInput
            }
            if fds[1].revents != 0, let outcome = handleSignals() { return outcome }
            if fds[0].revents != 0 { rl_callback_read_char() }
        }
        return Self.received ?? .endOfInput
    }

    /// Remembers a command line, unless it carries a secret or a citizen's data.
    func remember(_ line: String) {
        guard historyPath != nil, !Self.carriesSecret(line), !Self.carriesPersonalData(line) else { return }
        add_history(line)
        if let historyPath { _ = write_history(historyPath) }
    }

    static func carriesSecret(_ line: String) -> Bool {
        let lowered = line.lowercased()
        return lowered.contains("pin") || lowered.contains("token")
    }

    /// The history file is in clear on the disk: no line with what looks like an ID number or a phone (nine
    /// or more digits, spaces or dots between them allowed), a date, or a bare number typed by mistake at
    /// the prompt; no search (its words are a citizen's name or number) and no line giving a name, an address
    /// or a summary. Dossier codes (`02266-250610-1001`) have shorter runs and stay.
    static func carriesPersonalData(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == " ") }) { return true }
        var words = trimmed.lowercased().split(whereSeparator: \.isWhitespace)
        if words.first == "fieldcase" { words.removeFirst() }
        if words.starts(with: ["case", "find"]) { return true }
        let freeText = ["--name", "--address", "--summary", "--reason", "--collected-by", "--collector-id"]
        if words.contains(where: { word in freeText.contains { word.hasPrefix($0) } }) {
            return true
        }
        let patterns = [#"(?:\d[ .]?){9,}"#, #"\d{4}-\d{1,2}-\d{1,2}"#, #"\d{1,2}[/.]\d{1,2}[/.]\d{2,4}"#]
        return patterns.contains { line.range(of: $0, options: .regularExpression) != nil }
    }

    private func handleSignals() -> LineInput? {
        for signal in SignalPipe.drain() {
            switch signal {
            case SIGINT:
                rl_free_line_state()
                rl_callback_sigcleanup()
                rl_replace_line("", 0)
                fc_write_stdout("^C\n")
                return .interrupted
            case SIGWINCH:
                rl_resize_terminal()
            default:
                rl_callback_sigcleanup()
                fc_write_stdout("\n")
                Self.hungUp = true
                return .terminated
            }
        }
        return nil
    }

    private static let lineHandler: @convention(c) (UnsafeMutablePointer<CChar>?) -> Void = { pointer in
        rl_callback_handler_remove()
        guard let pointer else {
            LineEditor.received = .endOfInput
            return
        }
        defer { free(pointer) }
        LineEditor.received = String(validatingCString: pointer).map(LineInput.line) ?? .invalidUTF8
    }

    private static let attemptCompletion:
        @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = {
            text, start, _ in
            fc_readline_completion_over()
            guard let text, let completer = LineEditor.completer else { return nil }
            let line = fc_readline_line_buffer().map { Array(UnsafeBufferPointer(start: $0, count: strlen($0))) } ?? []
            let before = String(decoding: line.prefix(Int(start)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            LineEditor.pendingMatches = completer(before, String(cString: text))
            guard !LineEditor.pendingMatches.isEmpty else { return nil }
            return rl_completion_matches(text, LineEditor.nextMatch)
        }

    private static let nextMatch: @convention(c) (UnsafePointer<CChar>?, Int32) -> UnsafeMutablePointer<CChar>? = {
        _, state in
        if state == 0 { LineEditor.matchIndex = 0 }
        guard LineEditor.matchIndex < LineEditor.pendingMatches.count else { return nil }
        defer { LineEditor.matchIndex += 1 }
        return strdup(LineEditor.pendingMatches[LineEditor.matchIndex])
    }
}
