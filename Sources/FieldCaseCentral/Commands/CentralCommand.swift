import ArgumentParser
import Foundation

/// `fieldcase-central`: the gateway that field devices sync with, and its operator commands.
public struct CentralCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldcase-central",
        abstract: "Central sync gateway for fieldcase desks.",
        version: "0.1.0",
        subcommands: [
            ServeCommand.self, EnrollTokenCommand.self, DevicesCommand.self, RevokeCommand.self, CasesCommand.self,
            CaseStatusCommand.self, ReportCommand.self, ConflictsCommand.self, ResolveConflictCommand.self,
            NewEpochCommand.self, RegisterCommuneCommand.self, OperatorCommand.self, AccessLogCommand.self,
            DeskAuditCommand.self,
        ]
    )

    public init() {}
}

/// `--db`: where the gateway keeps its data.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "SQLite file (default: $FIELDCASE_CENTRAL_DB or ./central-data/central.sqlite).")
    var db: String?

    func open(rules: GatewayRules? = nil) async throws -> any CentralRepository {
        let location =
            db ?? ProcessInfo.processInfo.environment["FIELDCASE_CENTRAL_DB"] ?? "./central-data/central.sqlite"
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            do {
                return try await PostgresCentralRepository(url: location, rules: rules, connectTimeout: .seconds(30))
            } catch CentralError.invalidDatabaseURL {
                throw ValidationError(
                    "--db must look like postgres://user:password@host:5432/database, with sslmode one of disable, "
                        + "allow, prefer, require, verify-ca, verify-full")
            } catch CentralError.databaseUnreachable {
                throw ValidationError(
                    "PostgreSQL at the --db address did not answer within 30 seconds (is it up, and does sslmode "
                        + "trust its certificate?)")
            } catch {
                throw ValidationError("cannot reach PostgreSQL at the --db address (\(type(of: error)))")
            }
        }
        return try SQLiteCentralRepository(path: location, rules: rules)
    }
}

struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON.") var json = false
}

func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    operatorPrint(String(decoding: try encoder.encode(value), as: UTF8.self), lines: true)
}

/// Prints a line for an operator with every control or formatting character (escape sequences, bidi
/// overrides, newlines) written as `\uXXXX`, so nothing stored can steer the operator's terminal or forge a
/// line of output; `lines` keeps the newlines of a multi-line text whose fields cannot hold one (pretty JSON,
/// which escapes them inside its strings, and stays valid JSON).
func operatorPrint(_ text: String, lines: Bool = false) {
    var shown = ""
    for scalar in text.unicodeScalars {
        let category = scalar.properties.generalCategory
        let unsafe =
            (category == .control && !(lines && scalar == "\n")) || category == .format || category == .lineSeparator
            || category == .paragraphSeparator
        if unsafe {
            for unit in String(scalar).utf16 { shown += String(format: "\\u%04x", unit) }
        } else {
            shown.unicodeScalars.append(scalar)
        }
    }
    print(shown)
}

extension CentralCommand {
    /// Runs the command line and returns the exit code; errors are one `Error:` line on stderr.
    public static func run(_ arguments: [String]) async -> Int32 {
        // Everything the gateway creates (databases, their WAL files) is readable by its own user only.
        umask(0o077)
        do {
            var command = try parseAsRoot(arguments)
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            return 0
        } catch {
            let code = exitCode(for: error).rawValue
            if code == 0 {
                print(fullMessage(for: error))
            } else {
                let message = message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
                // Never FileHandle.write(Data): it traps when the stream cannot be written.
                try? FileHandle.standardError.write(contentsOf: Data("Error: \(message)\n".utf8))
            }
            return code == 1 && error is ValidationError ? 64 : code
        }
    }
}
