import FieldCaseGateway
import FieldCaseCentral
import FieldCaseGatewayPostgres
import FieldCaseGatewaySQLite
import FieldCaseHarness
import Foundation

/// `fieldcase-central serve` in a process of its own, on a database the benchmark also opens: what a province
/// runs, measured from outside (its peak resident memory is its own, not the simulated desks').
final class GatewayProcess: @unchecked Sendable {
    let process = Process()
    let url: String
    /// The gateway's database, opened by the benchmark too, to enroll devices and count what was stored.
    let repository: any CentralRepository

    init(_ bench: Workbench, backend: Workbench.Backend, binary: String, arguments: [String] = []) async throws {
        let database: String
        switch backend {
        case .sqlite: database = bench.folder.appendingPathComponent("gateway-\(UUID().uuidString).sqlite").path
        case .postgres: database = try PostgresCluster.shared.get().createDatabase()
        }
        repository =
            backend == .sqlite
            ? try SQLiteCentralRepository(path: database) : try await PostgresCentralRepository(url: database)
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--db", database, "--host", "127.0.0.1", "--port", "0"] + arguments
        var environment = ProcessInfo.processInfo.environment
        environment["LOG_LEVEL"] = "error"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        url = try Self.address(from: output.fileHandleForReading)
    }

    /// The address `serve` prints once it listens.
    static func address(from output: FileHandle) throws -> String {
        var seen = ""
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            let chunk = output.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: "listening on ") {
                let rest = seen[range.upperBound...]
                if let end = rest.firstIndex(of: "\n") { return String(rest[..<end]) }
            }
        }
        throw BenchError("the gateway did not start: \(seen.prefix(300))")
    }

    /// The most memory the process has held (VmHWM), in megabytes.
    var peakMegabytes: Double {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") } ?? ""
        let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        return kilobytes / 1024
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    /// Lets this process and the children it starts hold one descriptor per simulated desk.
    static func raiseDescriptorLimit() {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
}
