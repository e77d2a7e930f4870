import ArgumentParser
import CReadline
import FieldCaseCLI
import FieldCaseCore
import Foundation
import Glibc

/// The officer's shell: every scripted command is also a shell line, plus the shell-only
/// commands (help, new, drafts, resume, login, logout, quit).
final class Shell {
    /// The home, officer, language and clock every line runs with; `login`/`logout` change who is in it.
    var session: Session
    /// Set by `quit`: the loop ends after the line, and the shell returns like any command.
    var quitting = false
    /// In script mode, the line being run (`stdin:3`): every error names it, as psql's do.
    var scriptLine: String?
    /// Lines longer than this are refused before they are split: nobody types 100 KB at a desk.
    static let maxLineBytes = 16_384
    static let shellOnly = ["help", "new", "drafts", "resume", "return", "scan", "login", "logout", "quit", "exit"]
    static let commandNames = FieldCaseCommand.configuration.subcommands.filter { $0.configuration.shouldDisplay }
        .map { $0._commandName }

    init(session: Session) {
        self.session = session
    }

    var home: Home { session.home }

    // MARK: Interactive

    func runInteractive() async -> Int32 {
        Terminal.prepareLocale()
        SignalPipe.install([SIGINT, SIGTERM, SIGHUP, SIGWINCH])
        let editor = LineEditor(historyPath: home.url.appendingPathComponent("history").path)
        if (try? home.openInitialized()) == nil {
            guard await SetupWalkthrough(editor: editor).run(in: &session) else { return Exit.failure }
        }
        printBanner()
        while true {
            let completion = ShellCompletion(home: home, store: try? home.openStore())
            switch editor.readLine(prompt: prompt(), completer: completion.complete) {
            case .line(let line):
                guard !line.allSatisfy(\.isWhitespace) else { continue }
                // Only a line that names a command is kept: a mistyped one may be a citizen's name.
                let first = line.split(whereSeparator: \.isWhitespace).first.map(String.init) ?? ""
                let command =
                    first == "fieldcase"
                    ? line.split(whereSeparator: \.isWhitespace).dropFirst().first.map(String.init) ?? "" : first
                if (Self.commandNames + Self.shellOnly).contains(command) { editor.remember(line) }
                _ = await execute(line, editor: editor)
                if quitting { return Exit.success }
            case .invalidUTF8:
                Terminal.error(.invalidUTF8)
            case .interrupted:
                continue
            case .endOfInput:
                Terminal.say(.goodbye)
                return Exit.success
            case .terminated:
                return 128 + SIGTERM
            }
        }
    }

    func prompt() -> String {
        guard let (store, profile) = try? home.openInitialized() else { return "fieldcase> " }
        let pending = (try? store.pendingCount()) ?? 0
        return Terminal.promptColor("\(profile.communeCode) ↑\(pending)>") + " "
    }

    func printBanner() {
        guard let (store, profile) = try? home.openInitialized() else { return }
        let commune = (try? store.catalog().communes.first { $0.code == profile.communeCode }?.name) ?? nil
        let officer = (try? currentOfficer(store))?.name ?? Message.noOfficer.text
        print(Terminal.bold(Message.banner(commune: "\(profile.communeCode) \(commune ?? "")", officer: officer).text))
        // The dashboard's one line: what is late, and whether the work is reaching the province.
        let now = session.now()
        if let dashboard = try? store.dashboard(now: now) {
            print(DashboardText.summary(dashboard, now: now, in: session.language))
        }
    }

    // MARK: Scripts

    /// One command per line from standard input: no prompt, no colour, stop at the first failure.
    func runScript(keepGoing: Bool) async -> Int32 {
        var firstFailure: Int32 = 0
        var lineStart: UnsafeMutablePointer<CChar>?
        var capacity: Int = 0
        var number = 0
        defer { free(lineStart) }
        while true {
            let length = fc_getline_stdin(&lineStart, &capacity)
            number += 1
            scriptLine = "stdin:\(number)"
            guard length >= 0, let lineStart else { break }
            var bytes = Array(UnsafeRawBufferPointer(start: lineStart, count: length))
            if bytes.last == 10 { bytes.removeLast() }
            if bytes.last == 13 { bytes.removeLast() }
            let status: Int32
            if let line = String(validating: bytes, as: UTF8.self) {
                status = await execute(line, editor: nil)
            } else {
                Terminal.error(.invalidUTF8, at: scriptLine)
                status = Exit.usage
            }
            if status != 0 {
                if !keepGoing { return status }
                if firstFailure == 0 { firstFailure = status }
            }
            if quitting { break }
        }
        return firstFailure
    }

    // MARK: Dispatch

    /// Runs one line and returns its exit code.
    func execute(_ line: String, editor: LineEditor?) async -> Int32 {
        guard line.utf8.count <= Self.maxLineBytes else {
            Terminal.error(.lineTooLong(Self.maxLineBytes), at: scriptLine)
            return Exit.usage
        }
        if TextRules.controlCharacter(in: line.replacingOccurrences(of: "\t", with: " ")) != nil {
            Terminal.error(.controlCharacters, at: scriptLine)
            return Exit.usage
        }
        // A card the reader typed at the prompt: a new dossier with its applicant (no command holds a '|').
        if CCCDScan.looksLikeScan(line) {
            guard let editor else {
                Terminal.error(.needsTerminal("new"), at: scriptLine)
                return Exit.usage
            }
            return SessionCommands(editor: editor).newFromScan(line, in: &session)
        }
        if line.contains("|") {
            Terminal.error(.pipesUnsupported, at: scriptLine)
            return Exit.usage
        }
        var words: [String]
        do {
            words = try ShellWords.split(line)
        } catch {
            Terminal.error(.unbalancedQuote, at: scriptLine)
            return Exit.usage
        }
        if words.first == "fieldcase" { words.removeFirst() }
        guard let command = words.first, !command.hasPrefix("#") else { return Exit.success }
        let arguments = Array(words.dropFirst())
        switch command {
        case "help": return help(arguments)
        case "quit", "exit":
            quitting = true
            return Exit.success
        case "shell":
            Terminal.error(.alreadyInShell, at: scriptLine)
            return Exit.usage
        case "new", "drafts", "resume", "return", "scan", "login", "logout":
            guard let editor else {
                Terminal.error(.needsTerminal(command), at: scriptLine)
                return Exit.usage
            }
            return await SessionCommands(editor: editor).run(command, arguments, in: &session)
        default:
            guard Self.commandNames.contains(command) else {
                let suggestion = Suggestion.nearest(to: command, among: Self.commandNames + Self.shellOnly)
                Terminal.error(.unknownCommand(String(command.prefix(40)), suggestion: suggestion), at: scriptLine)
                return Exit.usage
            }
            return await CommandRunner.run(
                words, session: &session, errorPrefix: scriptLine.map { "fieldcase: \($0): " })
        }
    }

    func help(_ arguments: [String]) -> Int32 {
        if let topic = arguments.first, Self.commandNames.contains(topic),
            let command = Self.commandPath(arguments).last
        {
            print(ParserText.help(FieldCaseCommand.helpMessage(for: command), in: session.language))
            return Exit.success
        }
        Terminal.say(.helpIntro)
        for group in HelpGroup.allCases {
            print(Terminal.bold(Message.helpGroup(group).text))
            for entry in group.entries { Terminal.say(.helpLine(entry)) }
        }
        Terminal.say(.helpMore)
        return Exit.success
    }

    /// The commands named by the leading words: `case add --name …` → [fieldcase, case, add].
    static func commandPath(_ words: [String]) -> [ParsableCommand.Type] {
        var path: [ParsableCommand.Type] = [FieldCaseCommand.self]
        for word in words {
            guard let next = path.last?.configuration.subcommands.first(where: { $0._commandName == word }) else {
                break
            }
            path.append(next)
        }
        return path
    }

    /// The officer the banner names: the one who logged in, else the one a command would act as.
    func currentOfficer(_ store: FieldCaseStore) throws -> Officer {
        if let officer = session.signedIn?.officer { return officer }
        let name = session.environment["FIELDCASE_OFFICER"]
        return try store.resolveOfficer(named: name?.isEmpty == false ? name : nil)
    }
}
