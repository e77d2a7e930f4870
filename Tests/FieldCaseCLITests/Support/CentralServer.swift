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
    /// The folder of the scanned pages desks send (`serve --pages`): the test's own, whatever the backend.
    let pages: String

    /// A server on a new SQLite file in `directory`, or on a new database of the test run's PostgreSQL cluster.
    init(directory: URL, backend: Backend = .sqlite) throws {
        logPath = directory.appendingPathComponent("central-\(UUID().uuidString).log").path
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        pages = directory.appendingPathComponent("pages-\(UUID().uuidString)").path
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
        pages = other.pages
    }

    /// `https` when the server was given a certificate.
    var scheme: String { serveArguments.contains("--tls-cert") ? "https" : "http" }
    var url: String { "\(scheme)://127.0.0.1:\(port)" }

    /// Starts the server (again on the same port when `port` is set) and waits until it listens.
    func start() throws {
        let process = Process()
        process.executableURL = executable
        process.arguments =
            unit?.arguments ?? ["serve", "--db", database, "--port", String(port), "--pages", pages] + serveArguments
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
        // A reader thread takes the output as it comes, so the deadline holds even when the server says nothing.
        let startup = StartupOutput()
        let reading = output.fileHandleForReading
        Thread.detachNewThread {
            while true {
                let chunk = reading.availableData
                startup.append(chunk)
                if chunk.isEmpty { return }
            }
        }
        let marker = "listening on \(scheme)://127.0.0.1:"
        let (found, collected) = startup.wait(until: Date().addingTimeInterval(120)) { (text: String) -> Int? in
            guard let range = text.range(of: marker) else { return nil }
            let rest = text[range.upperBound...]
            let digits = rest.prefix { $0.isNumber }
            // The whole port: the line goes on after it (it may arrive in pieces).
            return digits.count < rest.count ? Int(digits) ?? 0 : nil
        }
        if let found {
            port = found
            return
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        throw CentralFailure(message: "fieldcase-central did not start within 120 s: \(collected)")
    }

    /// What a starting server printed, filled by a reader thread; after the start, the rest is read and dropped.
    final class StartupOutput: @unchecked Sendable {
        private let condition = NSCondition()
        private var collected = Data()
        private var ended = false
        private var done = false

        func append(_ chunk: Data) {
            condition.withLock {
                if chunk.isEmpty { ended = true } else if !done { collected += chunk }
                condition.broadcast()
            }
        }

        /// Waits until `match` finds something in the text so far, the output ends, or `deadline` passes;
        /// returns what it found, and the text.
        func wait<T>(until deadline: Date, for match: (String) -> T?) -> (T?, String) {
            condition.withLock {
                defer { done = true }
                while true {
                    let text = String(decoding: collected, as: UTF8.self)
                    if let found = match(text) { return (found, text) }
                    if ended || !condition.wait(until: deadline) { return (match(text), text) }
                }
            }
        }
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Freezes the server (SIGSTOP) or lets it go on (SIGCONT): frozen, it answers nothing but keeps its port,
    /// which a stopped server frees for another test's gateway to take while tests run in parallel.
    func freeze(_ frozen: Bool = true) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, frozen ? SIGSTOP : SIGCONT)
    }

    func stop(signal: Int32 = SIGTERM) {
        guard let process, process.isRunning else { return }
        kill(process.processIdentifier, signal)
        // A frozen server (a test that failed before it let it go on) would never act on the signal.
        kill(process.processIdentifier, SIGCONT)
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
