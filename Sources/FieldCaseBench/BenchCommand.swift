import ArgumentParser
import FieldCaseHarness
import Foundation

/// `fieldcase-bench`: every scenario beside its baseline, measured in the same run on the same data.
public struct BenchCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "fieldcase-bench",
        abstract: "Measure fieldcase against baselines run side by side.",
        discussion: """
            Builds its own seeded data in a temporary folder and starts its own gateways (SQLite, and \
            PostgreSQL when its binaries are installed). Run it as a release build: \
            swift run -c release fieldcase-bench
            """)

    public static let scenarios = [
        "record", "search", "startup", "indicators", "push", "wire", "slow-link", "pages", "herd", "pull", "bundle",
        "pin-guess",
    ]

    @Flag(help: "Every scenario at a small size, in about a minute.") var quick = false
    @Flag(help: "Every scenario at the smallest size that still gives its figures: what CI runs to keep them working.")
    var smoke = false
    @Flag(help: "One JSON object per scenario, one per line.") var json = false
    @Option(help: "Run only this scenario: \(scenarios.joined(separator: ", ")).") var only: String?
    @Flag(help: "Keep the temporary folder (devices, gateways' databases) to look at afterwards.") var keep = false
    @Option(help: "Dossiers on the stored device of search and startup (default 100,000; 2,000 with --quick).")
    var stored: Int?
    @Option(
        help: "Print the capacity model worked out from the figures of an earlier --json run (a file of its lines).",
        completion: .file())
    var capacity: String?

    public init() {}

    /// Parses the process's arguments and runs; a failure prints one message and exits non-zero.
    public static func start() async {
        do {
            var command = try parse()
            try await command.run()
        } catch {
            exit(withError: error)
        }
    }

    public func validate() throws {
        if quick && smoke { throw ValidationError("--quick and --smoke are two sizes; choose one") }
        if let only, !Self.scenarios.contains(only) {
            throw ValidationError("unknown scenario '\(only)'; choose one of \(Self.scenarios.joined(separator: ", "))")
        }
        if let stored, !(100...1_000_000).contains(stored) {
            throw ValidationError("--stored must be from 100 to 1,000,000 dossiers")
        }
    }

    public func run() async throws {
        if let capacity {
            let run = try String(contentsOfFile: capacity, encoding: .utf8)
            for line in try CapacityModel(jsonLines: run).lines() { print("- " + line) }
            return
        }
        var scale = smoke ? Scale.smoke : quick ? .quick : .full
        if let stored { scale.storedCases = stored }
        let bench = try Workbench(scale: scale)
        defer {
            if keep { Self.note("Kept \(bench.folder.path)") } else { bench.remove() }
        }
        let wanted = only.map { [$0] } ?? Self.scenarios
        let fieldcase = try Self.siblingBinary("fieldcase")
        if !json { print(Report.header(size: scale.name)) }
        var storedHome: URL?
        func storedDevice() throws -> URL {
            if let storedHome { return storedHome }
            let built = try bench.buildDevice("stored", terminal: 1, cases: bench.scale.storedCases, history: true)
            storedHome = built
            return built
        }
        var templates: [Int: (ours: URL, theirs: URL)] = [:]
        func pair(_ cases: Int) throws -> (ours: URL, theirs: URL) {
            if let pair = templates[cases] { return pair }
            let pair = (
                try bench.buildDevice("ours-\(cases)", terminal: 1, cases: cases),
                try bench.buildDevice("theirs-\(cases)", terminal: 2, cases: cases)
            )
            templates[cases] = pair
            return pair
        }
        for name in wanted {
            var results: [ScenarioResult]
            switch name {
            case "record": results = [try LocalScenarios.record(bench)]
            case "pin-guess": results = [try LocalScenarios.pinGuess(bench)]
            case "search": results = [try LocalScenarios.search(bench, home: try storedDevice())]
            case "indicators": results = [try LocalScenarios.indicators(bench, home: try storedDevice())]
            case "startup":
                results = [try LocalScenarios.startup(bench, home: try storedDevice(), fieldcase: fieldcase)]
            case "push":
                let devices = try pair(bench.scale.pushCases)
                var pushes = [
                    try await SyncScenarios.push(bench, backend: .sqlite, ours: devices.ours, theirs: devices.theirs)
                ]
                if Workbench.hasPostgres {
                    pushes.append(
                        try await SyncScenarios.push(
                            bench, backend: .postgres, ours: devices.ours, theirs: devices.theirs))
                }
                results = pushes
            case "wire":
                let devices = try pair(bench.scale.wireCases)
                results = [try await SyncScenarios.wire(bench, ours: devices.ours, theirs: devices.theirs)]
            case "pages":
                results = [try await PageScenario.run(bench, ours: try pair(bench.scale.pageDossiers).ours)]
            case "slow-link":
                results = [try await SyncScenarios.slowLink(bench, ours: try pair(bench.scale.slowLinkCases).ours)]
            case "herd":
                let gateway = try Self.siblingBinary("fieldcase-central")
                results = [try await CentralScenarios.herd(bench, backend: .sqlite, gatewayBinary: gateway)]
                if Workbench.hasPostgres {
                    results.append(try await CentralScenarios.herd(bench, backend: .postgres, gatewayBinary: gateway))
                }
            case "bundle":
                let devices = try pair(bench.scale.bundleCases)
                results = [try await BundleScenario.run(bench, ours: devices.ours, theirs: devices.theirs)]
            default: results = [try await CentralScenarios.pull(bench)]
            }
            for result in results { print(json ? try Report.json(result) : Report.row(result)) }
            fflush(nil)
        }
    }

    /// A line on standard error, never trapping if the stream is gone.
    static func note(_ text: String) {
        try? FileHandle.standardError.write(contentsOf: Data((text + "\n").utf8))
    }

    /// `fieldcase` or `fieldcase-central` from the same build as this benchmark; built first if `swift run`
    /// built only the benchmark.
    static func siblingBinary(_ name: String) throws -> String {
        let own = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let sibling = own.deletingLastPathComponent().appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: sibling) { return sibling }
        let configuration = own.path.contains("/release/") ? "release" : "debug"
        note("Building \(name) (\(configuration)) for the benchmark…")
        try ChildProcess.check(
            ["/usr/bin/env", "swift", "build", "-c", configuration, "--product", name], capture: false)
        guard FileManager.default.isExecutableFile(atPath: sibling) else {
            throw BenchError("cannot find or build \(sibling); run 'swift build -c \(configuration)' first")
        }
        return sibling
    }
}

/// The table and JSON lines the benchmark prints.
enum Report {
    static func header(size: String) -> String {
        "fieldcase-bench, \(size) run, \(ProcessInfo.processInfo.activeProcessorCount) cores\n"
            + pad(["scenario", "figures", "baseline", "ratio", "target", "result"])
    }

    static func row(_ result: ScenarioResult) -> String {
        let verdict = result.pass.map { $0 ? "pass" : "MISSED" } ?? "-"
        return pad([
            result.name, figures(result.figures), figures(result.baseline),
            result.ratio.map { String(format: "%.2f", $0) } ?? "-",
            result.target, verdict,
        ]) + (result.note.isEmpty ? "" : "\n    \(result.note)")
    }

    static func figures(_ values: [String: Double]) -> String {
        values.isEmpty
            ? "-" : values.sorted { $0.key < $1.key }.map { "\($0.key)=\(format($0.value))" }.joined(separator: " ")
    }

    static func format(_ value: Double) -> String {
        value >= 100 || value == value.rounded() ? String(format: "%.0f", value) : String(format: "%.2f", value)
    }

    static func pad(_ cells: [String]) -> String {
        let widths = [16, 0, 0, 6, 0, 0]
        return zip(cells, widths).map { cell, width in
            cell.padding(toLength: max(width, cell.count), withPad: " ", startingAt: 0)
        }
        .joined(separator: " | ")
    }

    static func json(_ result: ScenarioResult) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(result), as: UTF8.self)
    }
}
