import Foundation
import Testing

/// The built `fieldcase` executable, found next to the test bundle (both live in SwiftPM's build folder).
enum FieldCaseBinary {
    static let url: URL = {
        if let override = ProcessInfo.processInfo.environment["FIELDCASE_BIN"] {
            return URL(fileURLWithPath: override)
        }
        var directory = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("fieldcase")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(".build/debug/fieldcase")
    }()
}

struct RunResult {
    let status: Int32
    let stdout: String
    let stderr: String
    /// True when the process ended by a signal rather than exiting.
    let signalled: Bool
}

/// A fresh home folder in the temporary directory, removed by `remove()`.
struct TestHome {
    let url: URL
    /// The `fieldcase` it runs: the build's, or one installed from a package.
    var executable = FieldCaseBinary.url

    init(url: URL) {
        self.url = url
    }

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-test-\(UUID().uuidString)")
            .appendingPathComponent("home")
    }

    var databasePath: String { url.appendingPathComponent("fieldcase.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url.deletingLastPathComponent()) }

    /// Starts `fieldcase ARGS` with this home, a pinned clock and the given environment.
    func start(
        _ arguments: [String], environment: [String: String] = [:], now: String? = "2025-06-10T09:00:00+07:00",
        stdin: FileHandle = .nullDevice
    ) throws -> (Process, URL, URL) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["FIELDCASE_HOME"] = url.path
        env["FIELDCASE_NOW"] = now
        env["FIELDCASE_OFFICER"] = nil
        // The PIN `initialize` gives the first officer: scripted commands act with it unless a test says otherwise.
        env["FIELDCASE_PIN"] = "246810"
        env["FIELDCASE_NEW_PIN"] = nil
        // Test suites sign in thousands of times; the tests of the real KDF cost unset this.
        env["FIELDCASE_INSECURE_FAST_KDF"] = "1"
        env["LANG"] = "C.UTF-8"
        env["LC_ALL"] = nil
        env["LC_MESSAGES"] = nil
        env["NO_COLOR"] = nil
        env.merge(environment) { $1 }
        process.environment = env
        let scratch = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        // Relative paths a command writes (`--out report.csv`) land beside the home, never in the package.
        process.currentDirectoryURL = scratch
        let out = scratch.appendingPathComponent("out-\(UUID().uuidString)")
        let err = scratch.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        process.standardInput = stdin
        try process.run()
        return (process, out, err)
    }

    @discardableResult
    func run(_ arguments: [String], environment: [String: String] = [:], now: String? = "2025-06-10T09:00:00+07:00")
        throws -> RunResult
    {
        let (process, out, err) = try start(arguments, environment: environment, now: now)
        process.waitUntilExit()
        return collect(process, out, err)
    }

    func collect(_ process: Process, _ out: URL, _ err: URL) -> RunResult {
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: err)
        }
        return RunResult(
            status: process.terminationStatus,
            stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "",
            signalled: process.terminationReason == .uncaughtSignal)
    }

    /// The top-level commands, as `fieldcase --help` lists them: tests that must cover every command use it,
    /// so a new command they do not cover fails them.
    func commandNames() throws -> [String] {
        try run(["--help"]).stdout.components(separatedBy: "SUBCOMMANDS:").last!.split(separator: "\n")
            .filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }
            .compactMap { $0.split(separator: " ").first.map(String.init) }.filter { $0.first?.isLowercase == true }
    }

    /// `init` for commune 02266, terminal `terminal`, officer Nguyễn Thị Lan; returns the recovery key it printed.
    @discardableResult
    func initialize(terminal: Int = 1, environment: [String: String] = [:]) throws -> String {
        let result = try run(
            [
                "init", "--commune", "02266", "--terminal", String(terminal), "--officer", "Nguyễn Thị Lan", "--pin",
                "246810",
            ], environment: environment)
        try #require(result.status == 0, "init failed: \(result.stderr)")
        // No id of its own (the home's path, printed too, may hold a UUID): the central system gives the device's.
        #expect(!result.stdout.contains("Device "), "init shows no device id of its own")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        return lines[try #require(lines.firstIndex { $0.hasPrefix("Recovery key") }) + 1]
            .trimmingCharacters(in: .whitespaces)
    }

    /// The applicants' names, in code order, as the signed-in first officer reads them (they are sealed on disk).
    func storedNames() throws -> [String] {
        let listed = try run(
            ["case", "list", "--json", "--limit", "0"], environment: ["FIELDCASE_OFFICER": "Nguyễn Thị Lan"])
        let records = (try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]) ?? []
        return records.sorted { ($0["code"] as? String ?? "") < ($1["code"] as? String ?? "") }
            .compactMap { ($0["applicant"] as? [String: Any])?["name"] as? String }
    }

    static let validCase = [
        "case", "add", "--procedure", "1.001193", "--name", "Nguyễn Văn Đức", "--id-number", "001099012345",
        "--dob", "1999-03-04", "--gender", "male",
    ]
}
