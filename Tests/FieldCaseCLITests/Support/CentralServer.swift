import FieldCaseHarness
import Foundation

/// The gateway storage backends the end-to-end suites run against.
enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    var description: String { rawValue }
}

/// A real `fieldcase-central serve` on a free loopback port, with its own SQLite file.
final class CentralServer: @unchecked Sendable {
    static let binary = FieldCaseBinary.url.deletingLastPathComponent().appendingPathComponent("fieldcase-central")
    let database: String
    /// The `fieldcase-central` its operator commands run: the build's, or one installed from a package.
    var executable = CentralServer.binary
    private(set) var process: Process?
    private(set) var port = 0
    /// More `serve` options, e.g. `--catalog FILE`.
    var serveArguments: [String] = []
    /// `serve` as a systemd unit starts it (its `ExecStart` arguments, its `EnvironmentFile`), instead of the
    /// options above.
    var unit: (arguments: [String], environment: [String: String])?
    /// Everything the server logged, across restarts.
    let logPath: String

    /// A server on a new SQLite file in `directory`, or on a new database of the test run's PostgreSQL cluster.
    init(directory: URL, backend: Backend = .sqlite) throws {
        logPath = directory.appendingPathComponent("central-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        switch backend {
        case .sqlite: database = directory.appendingPathComponent("central.sqlite").path
        case .postgres: database = try PostgresCluster.shared.get().createDatabase()
        }
    }

    /// Another gateway process on the same database: gateways behind one proxy share one PostgreSQL.
    init(sharing other: CentralServer, directory: URL) {
        logPath = directory.appendingPathComponent("central-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        database = other.database
        serveArguments = other.serveArguments
    }

    /// `https` when the server was given a certificate.
    var scheme: String { serveArguments.contains("--tls-cert") ? "https" : "http" }
    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    /// Starts the server (again on the same port when `port` is set) and waits until it listens.
    func start() throws {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            unit?.arguments ?? ["serve", "--db", database, "--port", String(port)] + serveArguments
        let output = Pipe()
        process.standardOutput = output
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        log.seekToEndOfFile()
        process.standardError = log
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "trace"
        environment.merge(unit?.environment ?? [:]) { $1 }
        process.environment = environment
        try process.run()
        self.process = process
        var collected = Data()
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            collected += chunk
            let text = String(decoding: collected, as: UTF8.self)
            if let range = text.range(of: "listening on \(scheme)://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                port = Int(digits) ?? 0
                return
            }
        }
        throw CentralFailure(message: "fieldcase-central did not start: \(String(decoding: collected, as: UTF8.self))")
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    /// Runs an operator command against the same database.
    @discardableResult
    func command(_ arguments: [String]) throws -> RunResult {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments + ["--db", database]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return RunResult(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), signalled: process.terminationReason == .uncaughtSignal)
    }

    /// Rows of a read-only SQL query on the gateway's own database (sqlite3 or psql), for checkers that
    /// compare what a desk claims with what the central system holds. NULL comes back as nil.
    func query(_ sql: String) throws -> [[String?]] {
        let separator = "\u{1F}"
        let null = "\u{1E}"
        let arguments =
            database.hasPrefix("postgres://")
            ? [
                "/usr/bin/psql", database, "-X", "-A", "-t", "-q", "-F", separator, "-P", "null=\(null)", "-v",
                "ON_ERROR_STOP=1", "-c", sql,
            ]
            : ["/usr/bin/sqlite3", "-readonly", "-separator", separator, "-nullvalue", null, database, sql]
        let (status, output) = try ChildProcess.run(arguments)
        guard status == 0 else { throw CentralFailure(message: "query failed: \(output)") }
        return output.split(separator: "\n", omittingEmptySubsequences: true).map { line in
            line.split(separator: Character(separator), omittingEmptySubsequences: false).map {
                $0 == Substring(null) ? nil : String($0)
            }
        }
    }

    /// Runs one writing SQL statement on the gateway's database, outside the gateway (a tamper attempt);
    /// throws when the database refuses it.
    func execute(_ sql: String) throws {
        let arguments =
            database.hasPrefix("postgres://")
            ? ["/usr/bin/psql", database, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
            : ["/usr/bin/sqlite3", "-bail", database, sql]
        let (status, output) = try ChildProcess.run(arguments)
        guard status == 0 else { throw CentralFailure(message: "statement refused: \(output)") }
    }

    /// The one live device enrolled for `terminal` in commune 02266.
    func liveDevice(terminal: Int) throws -> String? {
        try query("SELECT id FROM devices WHERE terminal = \(terminal) AND revoked_at IS NULL").first?.first ?? nil
    }

    /// A new operator's token (`operator add`), printed as the command's last line.
    func operatorToken(_ name: String, role: String, communes: [String] = []) throws -> String {
        let result = try command(["operator", "add", name, "--role", role] + communes.flatMap { ["--commune", $0] })
        guard result.status == 0, let last = result.stdout.split(separator: "\n").last else {
            throw CentralFailure(message: "operator add failed: \(result.stderr)")
        }
        return String(last)
    }

    func enrollToken(commune: String = "02266", terminal: Int? = nil) throws -> String {
        let result = try command(
            ["enroll-token", "--commune", commune] + (terminal.map { ["--terminal", String($0)] } ?? []))
        guard result.status == 0, let last = result.stdout.split(separator: "\n").last else {
            throw CentralFailure(message: "enroll-token failed: \(result.stderr)")
        }
        return String(last)
    }
}

struct CentralFailure: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
