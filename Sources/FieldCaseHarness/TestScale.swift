import Foundation

/// The one knob that scales the slow suites: CI runs seeded samples that finish inside its budget;
/// `FIELDCASE_FULL=1` runs the sizes the issues asked for (see the README's Tests section).
public enum TestScale {
    public static let full = ProcessInfo.processInfo.environment["FIELDCASE_FULL"] == "1"

    /// `ci` in CI and everyday runs, `full` under `FIELDCASE_FULL=1`.
    public static func pick<T>(ci: T, full: T) -> T { Self.full ? full : ci }
}
