import FieldCaseGatewayPostgres
import FieldCaseGatewaySQLite
import ArgumentParser
import FieldCaseGateway
import FieldCaseDomain
import FieldCaseWire
import GRDB
import Logging
import PostgresNIO
import Foundation
import FieldCaseCommandLine

/// `fieldcase-central`: the gateway that field devices sync with, and its operator commands.
public struct CentralCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldcase-central",
        abstract: "Central sync gateway for fieldcase desks.",
        version: Build.version,
        subcommands: [
            ServeCommand.self, EnrollTokenCommand.self, DevicesCommand.self, RevokeCommand.self, CasesCommand.self,
            CaseStatusCommand.self, ReportCommand.self, ConflictsCommand.self, ResolveConflictCommand.self,
            NewEpochCommand.self, RegisterCommuneCommand.self, OperatorCommand.self, AccessLogCommand.self,
            DeskAuditCommand.self, BackupCommand.self, RestoreCommand.self, BundleCommand.self, RejectionsCommand.self,
            CatalogCommand.self, PageCommand.self, ExportCommand.self,
        ]
    )

    public init() {}
}

/// `--db`: where the gateway keeps its data.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SQLite file or postgres://… (default: $FIELDCASE_CENTRAL_DB, the settings file's, or "
                + "./central-data/central.sqlite)."))
    var db: String?
    @Option(help: "Seconds to wait for PostgreSQL to answer (it may still be starting), warning every 5 seconds.")
    var dbWait = 30

    func validate() throws {
        guard (1...3600).contains(dbWait) else { throw ValidationError("--db-wait must be from 1 to 3600 seconds") }
    }

    static let defaultLocation = "./central-data/central.sqlite"

    /// The database named by `--db`, `$FIELDCASE_CENTRAL_DB`, the settings file (the one the service reads), or
    /// nil when none of them names one.
    var named: String? {
        db ?? ProcessInfo.processInfo.environment["FIELDCASE_CENTRAL_DB"] ?? ServeSettings.database
    }

    /// The database the command works on: the one named, else the default file in the current folder.
    var location: String { named ?? Self.defaultLocation }

    /// Where scanned pages are kept unless `serve --pages` says: beside the SQLite file, so a gateway's data stays
    /// in one folder.
    var pagesLocation: String {
        isPostgres
            ? "./central-data/pages"
            : URL(fileURLWithPath: location).deletingLastPathComponent().appendingPathComponent("pages").path
    }

    var isPostgres: Bool { location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") }

    /// When a command may make a new SQLite file.
    enum Creation {
        /// Never: a read on a mistyped path says so instead of showing an empty gateway.
        case never
        /// Only at a location named by `--db`, the environment or the settings file, and said on standard error:
        /// an operator's command run from another folder must not set up a second, empty gateway beside the
        /// real one and hand out tokens for it.
        case named
        /// Anywhere, the default file included: `serve` sets a gateway up.
        case always
    }

    /// Opens the database, making a new SQLite file only as `create` allows.
    func open(rules: GatewayRules? = nil, create: Creation = .never) async throws -> any CentralRepository {
        if isPostgres {
            // The pool's own retries are noise in an operator's terminal; the wait is reported here instead.
            var quiet = Logger(label: "fieldcase-central.postgres")
            quiet.logLevel = .critical
            let seconds = dbWait
            do {
                return try await PostgresCentralRepository(
                    url: location, rules: rules, logger: quiet, connectTimeout: .seconds(seconds)
                ) { waited in
                    StandardStreams.error(
                        "Warning: PostgreSQL has not answered for \(waited.components.seconds) s; waiting up to "
                            + "\(seconds) s (--db-wait)\n")
                }
            } catch let error as CentralError {
                throw error
            } catch {
                throw CommandFailure(
                    "cannot reach PostgreSQL at the --db address (\(type(of: error)))", exitCode: Exit.unavailable)
            }
        }
        let isNew = !FileManager.default.fileExists(atPath: location)
        if isNew, create == .never || (create == .named && named == nil) {
            throw CommandFailure(
                "no gateway database at \(location): give --db (or FIELDCASE_CENTRAL_DB); 'serve' creates a new one",
                exitCode: Exit.noInput)
        }
        let repository = try SQLiteCentralRepository(path: location, rules: rules)
        if isNew, create == .named { StandardStreams.error("Note: created a new gateway database at \(location)\n") }
        return repository
    }
}

struct JSONOption: ParsableArguments {
    @Flag(help: "Print JSON.") var json = false
}

/// Prints a line for an operator through `TerminalText.safe`: nothing stored can steer their terminal.
func operatorPrint(_ text: String) {
    print(TerminalText.safe(text))
}

/// Prints a table for an operator: each cell through `TerminalText.safe` (a stored line break cannot forge a
/// row), the rows on lines of their own.
func operatorPrint(_ table: FieldCaseCommandLine.Table) {
    let cells = table.rows.map { $0.map { TerminalText.safe($0) } }
    print(
        FieldCaseCommandLine.Table(headers: table.headers, rows: cells, flexibleColumn: table.flexibleColumn).render())
}

extension CentralCommand {
    /// Runs the command line and returns the exit code; errors are one `Error:` line on stderr, the
    /// gateway's own failures with the exit code of their one table (`CentralError+Answer`).
    public static func run(_ arguments: [String]) async -> Int32 {
        var arguments = arguments
        if arguments.first == ServeCommand.configuration.commandName {
            do {
                arguments =
                    [arguments[0]]
                    + (try ServeSettings.arguments(
                        Array(arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
            } catch {
                return CommandLineRunner.show(CommandLineRunner.report(for: error, root: CentralCommand.self))
            }
        }
        return await CommandLineRunner.run(arguments, root: CentralCommand.self, diagnose: report)
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
