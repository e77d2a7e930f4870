import ArgumentParser
import FieldCaseDomain
import GRDB
import PostgresNIO
import Foundation
import FieldCaseCommandLine

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
            } catch let error as CentralError {
                throw error
            } catch {
                throw CommandFailure(
                    "cannot reach PostgreSQL at the --db address (\(type(of: error)))", exitCode: Exit.unavailable)
            }
        }
        return try SQLiteCentralRepository(path: location, rules: rules)
    }
}

struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON.") var json = false
}

/// Prints a line for an operator through `TerminalText.safe`: nothing stored can steer their terminal.
func operatorPrint(_ text: String) {
    print(TerminalText.safe(text))
}

extension CentralCommand {
    /// Runs the command line and returns the exit code; errors are one `Error:` line on stderr, the
    /// gateway's own failures with the exit code of their one table (`CentralError+Answer`).
    public static func run(_ arguments: [String]) async -> Int32 {
        await CommandLineRunner.run(arguments, root: CentralCommand.self, diagnose: report)
    }

    /// The gateway's own failures, and its databases': one line each, never a row's contents.
    static func report(for error: any Error) -> Report? {
        switch error {
        case let error as CentralError:
            return Report(message: "Error: \(error.message)", exitCode: error.exitCode)
        case let error as CorruptRow:
            return Report(
                message: "Error: the gateway's database is damaged: \(error); nothing was changed",
                exitCode: Exit.dataError)
        case let error as PostgresDecodingError:
            return Report(
                message:
                    "Error: the gateway's database is damaged: unreadable \(error.columnName); nothing was changed",
                exitCode: Exit.dataError)
        case let error as DatabaseError:
            return Report(
                message: "Error: the SQLite database cannot be used (SQLite code \(error.resultCode.rawValue): "
                    + "\(error.message ?? "unknown")); nothing was changed",
                exitCode: Exit.noInput)
        default:
            return nil
        }
    }
}
