import ArgumentParser
import FieldCaseCommandLine
import Foundation

/// Where `serve` takes its options besides the command line: `FIELDCASE_CENTRAL_<OPTION>` variables from the
/// environment, then from a settings file of such lines (`--settings FILE`, `$FIELDCASE_CENTRAL_SETTINGS` or
/// the package's file; systemd's `EnvironmentFile=` reads the same file). The command line wins over the
/// environment, the environment over the file.
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

    static let variables = Set(settings.map(\.variable))

    /// The settings file in force: `--settings`, else `$FIELDCASE_CENTRAL_SETTINGS`, else the package's
    /// `/etc/fieldcase-central/central.conf` when it exists (so the operator's commands and `serve` read
    /// the database the service uses, and a misspelt line is found even where systemd hands the file over).
    static func file(given: [String], environment: [String: String]) -> String? {
        given.settingsFile() ?? environment[fileVariable]
            ?? (FileManager.default.fileExists(atPath: installedFile) ? installedFile : nil)
    }

    static let fileVariable = prefix + "SETTINGS"
    static let installedFile = "/etc/fieldcase-central/central.conf"

    /// `serve`'s arguments with what the environment and the settings file add; throws a usage error for a
    /// file that cannot be read or holds a line that is not one of `serve`'s variables, and for a
    /// `FIELDCASE_CENTRAL_` variable in the environment that is none of them.
    static func arguments(_ given: [String], environment: [String: String]) throws -> [String] {
        var values: [String: String] = [:]
        if let path = file(given: given, environment: environment) {
            // The package's file is read by its service user and root; anyone else is warned, not stopped.
            if path == installedFile, given.settingsFile() == nil, environment[fileVariable] == nil,
                !FileManager.default.isReadableFile(atPath: path)
            {
                StandardStreams.error("Warning: cannot read \(path); serving with the command line and environment\n")
            } else {
                values = try read(path)
            }
        }
        for (key, value) in environment where key.hasPrefix(prefix) {
            guard variables.contains(key) || key == fileVariable else {
                throw CommandFailure(
                    "\(key) in the environment is not one of serve's settings (see `fieldcase-central serve --help`)",
                    exitCode: Exit.config)
            }
            values[key] = value
        }
        var arguments = given
        for setting in settings {
            guard let value = values[setting.variable], !value.isEmpty,
                !given.contains(where: { $0 == setting.option || $0.hasPrefix(setting.option + "=") })
            else { continue }
            if setting.isFlag {
                switch value.lowercased() {
                case "1", "true", "yes", "on": arguments.append(setting.option)
                case "0", "false", "no", "off": break
                default:
                    throw CommandFailure(
                        "\(setting.variable)=\(value.prefix(20)): say yes or no (true/false, 1/0, on/off)",
                        exitCode: Exit.config)
                }
            } else if setting.isRepeating {
                arguments += value.split(whereSeparator: { $0 == "," || $0 == " " }).map { "\(setting.option)=\($0)" }
            } else {
                arguments.append("\(setting.option)=\(value)")
            }
        }
        return arguments
    }

    /// The database the settings file names, for the operator's commands without `--db`: read once per
    /// process (a command asks for its database more than once; the file does not change meanwhile).
    static let database: String? = value("DB", option: "--db", environment: ProcessInfo.processInfo.environment)
    /// The pages folder the service uses, for the operator's `page` commands.
    static let pages: String? = value("PAGES", option: "--pages", environment: ProcessInfo.processInfo.environment)

    /// A setting of the settings file, for the operator's commands (`serve` reads them all its own way).
    static func value(_ name: String, option: String, environment: [String: String]) -> String? {
        guard let path = file(given: [], environment: environment) else { return nil }
        guard let values = try? read(path) else {
            StandardStreams.error("Warning: cannot read the settings file \(path); give \(option)\n")
            return nil
        }
        return values[prefix + name].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The file's `NAME=value` lines (blank lines and `#` comments aside; spaces around `=` and quotes
    /// around the value as systemd's `EnvironmentFile=` allows; CR LF line ends too).
    static func read(_ path: String) throws -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CommandFailure("cannot read the settings file \(path)", exitCode: Exit.noInput)
        }
        var values: [String: String] = [:]
        for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            func refuse(_ why: String) -> CommandFailure {
                CommandFailure("\(path) line \(number + 1): \(why)", exitCode: Exit.config)
            }
            guard let equals = line.firstIndex(of: "=") else { throw refuse("not NAME=value") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            guard variables.contains(key) else {
                throw refuse(
                    "not one of serve's settings (FIELDCASE_CENTRAL_ and an option's name, as in "
                        + "`fieldcase-central serve --help`)")
            }
            var value = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
                throw refuse("a control character in the value of \(key)")
            }
            values[key] = value
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
