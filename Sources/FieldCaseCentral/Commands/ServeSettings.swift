import ArgumentParser
import FieldCaseCommandLine
import Foundation

/// Where `serve` takes its options besides the command line: `FIELDCASE_CENTRAL_<OPTION>` variables from the
/// environment, then from a settings file of such lines (`--settings FILE`; systemd's `EnvironmentFile=`
/// reads the same file). The command line wins over the environment, the environment over the file.
///
/// The names come from `serve`'s own option list (argument-parser's dump of it), so every option has its
/// variable and a misspelt one in the file is refused rather than silently ignored.
enum ServeSettings {
    static let prefix = "FIELDCASE_CENTRAL_"

    /// `serve`'s options as variables: the name, whether it is a flag, whether it repeats.
    struct Setting {
        let option: String
        let isFlag: Bool
        let isRepeating: Bool
        var variable: String { prefix + option.dropFirst(2).uppercased().replacingOccurrences(of: "-", with: "_") }
    }

    static let settings: [Setting] = {
        struct Name: Decodable { let kind: String, name: String }
        struct Argument: Decodable { let kind: String, names: [Name]?, isRepeating: Bool }
        struct Command: Decodable { let arguments: [Argument]? }
        struct Dump: Decodable { let command: Command }
        let dump = try? JSONDecoder().decode(Dump.self, from: Data(ServeCommand._dumpHelp().utf8))
        return (dump?.command.arguments ?? []).compactMap { argument in
            guard let long = argument.names?.first(where: { $0.kind == "long" })?.name,
                !["help", "settings"].contains(long)
            else { return nil }
            return Setting(option: "--" + long, isFlag: argument.kind == "flag", isRepeating: argument.isRepeating)
        }
    }()

    /// `serve`'s arguments with what the environment and the settings file add; throws a usage error for a
    /// file that cannot be read or holds a line that is not one of `serve`'s variables.
    static func arguments(_ given: [String], environment: [String: String]) throws -> [String] {
        var values = try given.settingsFile().map(read) ?? [:]
        for (key, value) in environment where key.hasPrefix(prefix) { values[key] = value }
        var arguments = given
        for setting in settings {
            guard let value = values[setting.variable], !value.isEmpty,
                !given.contains(where: { $0 == setting.option || $0.hasPrefix(setting.option + "=") })
            else { continue }
            if setting.isFlag {
                if ["1", "true", "yes", "on"].contains(value.lowercased()) { arguments.append(setting.option) }
            } else if setting.isRepeating {
                arguments += value.split(whereSeparator: { $0 == "," || $0 == " " }).map { "\(setting.option)=\($0)" }
            } else {
                arguments.append("\(setting.option)=\(value)")
            }
        }
        return arguments
    }

    /// The file's `NAME=value` lines (blank lines and `#` comments aside; values may be quoted).
    static func read(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("cannot read the settings file \(path)", exitCode: Exit.noInput)
        }
        var values: [String: String] = [:]
        let known = Set(settings.map(\.variable))
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let equals = line.firstIndex(of: "="), known.contains(String(line[..<equals])) else {
                throw CommandFailure(
                    "\(path) line \(number + 1): not one of serve's settings (FIELDCASE_CENTRAL_ and an option's "
                        + "name, as in `fieldcase-central serve --help`)",
                    exitCode: Exit.config)
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            values[String(line[..<equals])] = value
        }
        return values
    }
}

extension [String] {
    /// The value of `--settings FILE` or `--settings=FILE`, if given.
    fileprivate func settingsFile() -> String? {
        for (index, argument) in enumerated() {
            if argument.hasPrefix("--settings=") { return String(argument.dropFirst("--settings=".count)) }
            if argument == "--settings", index + 1 < count { return self[index + 1] }
        }
        return nil
    }
}
