import ArgumentParser
import FieldCaseCLI
import FieldCaseCore

/// Tab completion that knows where the cursor is: commands, subcommands, options, and the values
/// an option or argument takes (procedures, statuses, dossier codes, communes, drafts).
struct ShellCompletion {
    let store: FieldCaseStore?

    func complete(lineBeforeWord: String, word: String) -> [String] {
        let words = (try? ShellWords.split(lineBeforeWord)) ?? lineBeforeWord.split(separator: " ").map(String.init)
        return candidates(after: words, word: word).filter { $0.hasPrefix(word) }.sorted()
    }

    func candidates(after words: [String], word: String) -> [String] {
        guard let first = words.first else { return Shell.commandNames + Shell.shellOnly }
        switch first {
        case "help": return words.count == 1 ? Shell.commandNames + Shell.shellOnly : []
        case "resume": return ((try? store?.drafts()) ?? []).map { String($0.id) }
        default: break
        }
        if let option = words.last, option.hasPrefix("--"), let values = values(forOption: option) {
            return values
        }
        let path = Self.commandPath(words)
        guard let command = path.last else { return [] }
        if word.hasPrefix("-") { return options(of: command) }
        let subcommands = command.configuration.subcommands.map { $0._commandName }
        if !subcommands.isEmpty { return subcommands }
        let positional = words.count - path.count - 1
        switch (command._commandName, positional) {
        case ("show", 0), ("status", 0): return (try? store?.codes(withPrefix: word)) ?? []
        case ("status", 1): return CaseStatus.allCases.map(\.rawValue)
        default: return []
        }
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

    /// Options as the command's own help lists them, so completion never drifts from the parser.
    func options(of command: ParsableCommand.Type) -> [String] {
        let help = FieldCaseCommand.helpMessage(for: command)
        var found: [String] = []
        var scanner = help[...]
        while let range = scanner.range(of: "--") {
            let name = scanner[range.lowerBound...].prefix { $0 == "-" || $0.isLetter || $0.isNumber }
            if name.count > 2, !found.contains(String(name)) { found.append(String(name)) }
            scanner = scanner[range.upperBound...]
        }
        return found
    }

    func values(forOption option: String) -> [String]? {
        switch option {
        case "--procedure": return ((try? store?.catalog().procedures) ?? []).map(\.code)
        case "--status": return CaseStatus.allCases.map(\.rawValue)
        case "--gender": return CitizenID.Gender.allCases.map(\.rawValue)
        case "--id-type": return Applicant.IDType.allCases.map(\.rawValue)
        case "--channel": return Channel.allCases.map(\.rawValue)
        case "--commune": return ((try? Catalog.embedded().communes) ?? []).map(\.code)
        default: return nil
        }
    }

    /// Whole-line completion of a procedure by code or by any words of its Vietnamese or English name.
    static func procedures(in catalog: Catalog) -> LineEditor.Completer {
        { _, text in
            let folded = VietnameseText.folded(text)
            return catalog.procedures.compactMap { procedure in
                if procedure.code.hasPrefix(text) { return procedure.code }
                let names = [procedure.nameVI, procedure.nameEN].map(VietnameseText.folded)
                return names.contains { $0.contains(folded) } ? procedure.nameVI : nil
            }
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
