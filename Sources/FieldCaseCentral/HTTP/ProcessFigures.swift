import Foundation
import Prometheus

/// The process's resident memory, CPU time, open files and start time, read from `/proc/self` when
/// `/metrics` is scraped, under the names Prometheus' own clients use (`process_*`), so standard
/// dashboards and alerts work on the gateway unchanged.
struct ProcessFigures {
    /// When the gateway started, taken when it first reports (at start: `buildRouter` sets the limits gauges
    /// through the same object). The unit's `ProcSubset=pid` hides /proc/stat's boot time, so not from /proc.
    static let started = Date().timeIntervalSince1970

    var residentBytes: Double = 0
    var cpuSeconds: Double = 0
    var openFiles: Double = 0

    static func current() -> ProcessFigures {
        var figures = ProcessFigures()
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let kilobytes = Double(line.split(separator: " ").dropFirst().first ?? "")
        {
            figures.residentBytes = kilobytes * 1024
        }
        // Fields after the command name (which may hold spaces, so read after its closing parenthesis):
        // utime and stime are the 12th and 13th, in clock ticks.
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                figures.cpuSeconds = (user + system) / ticks
            }
        }
        figures.openFiles = Double(
            ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).count)
        return figures
    }

    func publish(to registry: PrometheusCollectorRegistry) {
        let gauges: [(String, String, Double)] = [
            ("process_resident_memory_bytes", "Resident memory size in bytes", residentBytes),
            ("process_cpu_seconds_total", "User and system CPU time spent in seconds", cpuSeconds),
            ("process_open_fds", "Open file descriptors", openFiles),
            ("process_start_time_seconds", "Start time of the process since the epoch in seconds", Self.started),
        ]
        for (name, help, value) in gauges { registry.makeGauge(name: name, help: help).set(value) }
    }
}
