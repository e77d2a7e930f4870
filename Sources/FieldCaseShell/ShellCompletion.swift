import ArgumentParser
import FieldCaseCLI
import FieldCaseCore
import Foundation

/// Tab completion that knows where the cursor is: commands, subcommands and options from the command tree,
/// and each value by the completion kind its option or argument declares (dossier codes, statuses,
/// officers, procedures, formats, files), the same the generated completion scripts offer.
struct ShellCompletion {
    let home: Home
    let store: FieldCaseStore?

    func complete(lineBeforeWord: String, word: String) -> [String] {
        let words = (try? ShellWords.split(lineBeforeWord)) ?? lineBeforeWord.split(separator: " ").map(String.init)
        return candidates(after: words, word: word).sorted()
    }

    func candidates(after words: [String], word: String) -> [String] {
        guard let first = words.first else { return Self.matching(Shell.commandNames + Shell.shellOnly, word) }
        switch first {
        case "help": return words.count == 1 ? Self.matching(Shell.commandNames + Shell.shellOnly, word) : []
        case "resume": return Self.matching(((try? store?.drafts()) ?? []).map { String($0.id) }, word)
        case "login": return words.count == 1 ? values(.values(.officers), word, asOptionValue: false) : []
        case "return", "scan": return words.count == 1 ? values(.values(.codes), word, asOptionValue: false) : []
        default: break
        }
        guard var command = CommandTree.desk else { return [] }
        var rest = words[...]
        while let next = rest.first, let subcommand = command.subcommand(next) {
            command = subcommand
            rest = rest.dropFirst()
        }
        if word.hasPrefix("-") { return Self.matching(command.options, word) }
        if let last = rest.last, let option = command.option(named: last), option.takesValue {
            return values(option.completionKind, word, asOptionValue: true)
        }
        if command.subcommands?.isEmpty == false { return Self.matching(command.shownSubcommands, word) }
        let index = Self.positionalIndex(rest, in: command)
        guard let argument = command.positional(index), !argument.isRepeating || index == 0 else { return [] }
        return values(argument.completionKind, word, asOptionValue: false)
    }

    /// How many positional words come before the cursor, options and their values left out.
    static func positionalIndex(_ words: ArraySlice<String>, in command: CommandTree) -> Int {
        var index = 0
        var skipsValue = false
        for word in words {
            if skipsValue {
                skipsValue = false
            } else if word.hasPrefix("-") {
                skipsValue = command.option(named: word)?.takesValue ?? false
            } else {
                index += 1
            }
        }
        return index
    }

    /// The values of a completion kind that start with `word`. An option's value with a space (an officer's
    /// full name) has its spaces escaped, so it stays one word; a name after `login` or `officer pin` needs
    /// no escaping.
    func values(_ kind: CommandTree.Completion?, _ word: String, asOptionValue: Bool) -> [String] {
        switch kind {
        case .list(let values): return Self.matching(values, word)
        case .values(let values):
            let found = values.candidates(prefix: word, home: home)
            return asOptionValue ? found.map { $0.replacingOccurrences(of: " ", with: "\\ ") } : found
        case .file: return Self.paths(word, directoriesOnly: false)
        case .directory: return Self.paths(word, directoriesOnly: true)
        case .nothing, nil: return []
        }
    }

    static func matching(_ values: [String], _ word: String) -> [String] {
        values.filter { $0.hasPrefix(word) }
    }

    /// Files and folders whose path starts with `word`; folders end with `/`.
    static func paths(_ word: String, directoriesOnly: Bool) -> [String] {
        let folder = word.lastIndex(of: "/").map { String(word[...$0]) } ?? ""
        let listed = folder.isEmpty ? "." : (folder as NSString).expandingTildeInPath
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: listed)) ?? []
        return entries.sorted().compactMap { name in
            let path = folder + name
            guard path.hasPrefix(word), !name.hasPrefix(".") || word.hasSuffix(".") else { return nil }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(
                atPath: (listed as NSString).appendingPathComponent(name), isDirectory: &isDirectory)
            if isDirectory.boolValue { return path + "/" }
            return directoriesOnly ? nil : path
        }
    }

    /// Whole-line completion of a procedure by code or by any words of its Vietnamese or English name or field.
    static func procedures(in catalog: Catalog) -> LineEditor.Completer {
        { _, text in
            guard !text.isEmpty else { return catalog.procedures.map(\.code) }
            return catalog.procedures(matching: text).map { $0.code.hasPrefix(text) ? $0.code : $0.nameVI }
        }
    }

    /// Whole-line completion of a commune by code or name.
    static func communes(in catalog: Catalog) -> LineEditor.Completer {
        { _, text in
            let folded = VietnameseText.folded(text)
            return catalog.communes.compactMap { commune in
                commune.code.hasPrefix(text) || VietnameseText.folded(commune.name).contains(folded)
                    ? "\(commune.code) \(commune.name) (\(commune.provinceName))" : nil
            }
        }
    }

    /// Whole-line completion from a fixed list of answers.
    static func choices(_ values: [String]) -> LineEditor.Completer {
        { _, text in values.filter { $0.hasPrefix(text) } }
    }
}
