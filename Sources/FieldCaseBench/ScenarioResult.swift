import Foundation

/// What one scenario measured, beside the baseline it ran with in the same run.
///
/// Absolute times drift on shared machines; a ratio against a baseline on the same data, in the same
/// process, at the same moment, does not drift nearly as much — so targets are ratios where they can be.
public struct ScenarioResult: Sendable, Encodable {
    public let name: String
    /// The scenario's figures, e.g. `p50_ms`, `cases_per_second`.
    public var figures: [String: Double]
    public var baseline: [String: Double]
    /// The figure the target is about, divided by its baseline counterpart (nil without a baseline).
    public var ratio: Double?
    public let target: String
    /// nil when the scenario has no pass/fail target.
    public var pass: Bool?
    /// What the reader should know: the data size, a missed target's reason.
    public var note: String

    public init(
        name: String, figures: [String: Double], baseline: [String: Double] = [:], ratio: Double? = nil, target: String,
        pass: Bool?, note: String = ""
    ) {
        self.name = name
        self.figures = figures
        self.baseline = baseline
        self.ratio = ratio
        self.target = target
        self.pass = pass
        self.note = note
    }
}

/// Medians and percentiles over repeated timings.
enum Stats {
    /// The `p`-th percentile (0–100) by nearest rank.
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((p / 100 * Double(sorted.count)).rounded(.up)) - 1
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }

    static func median(_ values: [Double]) -> Double { percentile(values, 50) }

    /// Runs `body` once per item after `warmUp` untimed runs; returns each timed run's milliseconds.
    static func time<T>(_ items: [T], warmUp: Int = 3, _ body: (T) throws -> Void) rethrows -> [Double] {
        for item in items.prefix(warmUp) { try body(item) }
        return try items.map { item in
            let start = DispatchTime.now().uptimeNanoseconds
            try body(item)
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000
        }
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1_000_000_000
    }
}
