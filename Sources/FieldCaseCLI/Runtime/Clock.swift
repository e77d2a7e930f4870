import FieldCaseCore
import Foundation

/// The desk's clock. `FIELDCASE_NOW` (ISO 8601) pins it, so tests and benchmarks can replay a day.
public enum Clock {
    public static func now() throws -> LocalTime {
        guard let pinned = ProcessInfo.processInfo.environment["FIELDCASE_NOW"], !pinned.isEmpty else {
            return LocalTime.now()
        }
        guard let time = LocalTime(iso8601: pinned) else {
            throw CommandFailure("FIELDCASE_NOW must be ISO 8601, e.g. 2025-06-10T14:20:00+07:00", exitCode: Exit.usage)
        }
        return time
    }
}
