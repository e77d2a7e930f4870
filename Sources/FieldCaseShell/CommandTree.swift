import ArgumentParser
import FieldCaseCLI
import Foundation

/// The command tree as argument-parser describes it (`--experimental-dump-help`): names, options and
/// each one's completion kind. The shell's Tab reads completion from here, so it offers what the
/// command declares and what the generated bash, zsh and fish scripts offer, never a list of its own.
struct CommandTree: Decodable {
    struct Name: Decodable {
        let kind: String
        let name: String
    }

    /// A completion kind, as the dump writes it.
    enum Completion: Decodable {
        case list([String])
        case file
        case directory
        case values(CompletionValues)
        case nothing

        struct Values: Decodable { let values: [String] }
        struct Command: Decodable { let command: String }
        enum Keys: String, CodingKey { case list, file, directory, shellCommand }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            if let list = try container.decodeIfPresent(Values.self, forKey: .list) {
                self = .list(list.values)
            } else if container.contains(.file) {
                self = .file
            } else if container.contains(.directory) {
                self = .directory
            } else if let command = try container.decodeIfPresent(Command.self, forKey: .shellCommand),
                let values = CompletionValues.allCases.first(where: { $0.shellCommand == command.command })
            {
                self = .values(values)
            } else {
                self = .nothing
            }
        }
    }

    struct Argument: Decodable {
        let kind: String
        let names: [Name]?
        let completionKind: Completion?
        let isRepeating: Bool
        let shouldDisplay: Bool

        var isPositional: Bool { kind == "positional" }
        var takesValue: Bool { kind == "option" }
        var longNames: [String] { (names ?? []).filter { $0.kind == "long" }.map { "--" + $0.name } }
    }

    let commandName: String
    let shouldDisplay: Bool
    let subcommands: [CommandTree]?
    let arguments: [Argument]?

    struct Dump: Decodable { let command: CommandTree }

    /// The desk's tree, read once.
    static let desk: CommandTree? = try? JSONDecoder().decode(
        Dump.self, from: Data(FieldCaseCommand._dumpHelp().utf8)
    ).command

    func subcommand(_ name: String) -> CommandTree? {
        subcommands?.first { $0.commandName == name }
    }

    /// Subcommands a person sees (the completion scripts' helper stays hidden).
    var shownSubcommands: [String] {
        (subcommands ?? []).filter(\.shouldDisplay).map(\.commandName)
    }

    func option(named name: String) -> Argument? {
        arguments?.first { $0.longNames.contains(name) }
    }

    var options: [String] {
        (arguments ?? []).filter { !$0.isPositional && $0.shouldDisplay }.flatMap(\.longNames)
    }

    /// The positional argument the `index`-th word after the command fills (the last one repeats).
    func positional(_ index: Int) -> Argument? {
        let positionals = (arguments ?? []).filter(\.isPositional)
        if index < positionals.count { return positionals[index] }
        return positionals.last.flatMap { $0.isRepeating ? $0 : nil }
    }
}
