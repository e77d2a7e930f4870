import FieldCaseCore
import Foundation

/// The desk's clock. `FIELDCASE_NOW` (ISO 8601) pins it, so tests and benchmarks can replay a day.
public struct Clock: Sendable {
    let pinned: LocalTime?

    public init(pinned: LocalTime? = nil) {
        self.pinned = pinned
    }

    init(environment: [String: String]) throws {
        guard let value = environment["FIELDCASE_NOW"], !value.isEmpty else {
            self.init()
            return
        }
        guard let time = LocalTime(iso8601: value) else {
            throw CommandFailure(
                localized(
                    "FIELDCASE_NOW must be ISO 8601, e.g. 2025-06-10T14:20:00+07:00",
                    "FIELDCASE_NOW phải theo ISO 8601, ví dụ 2025-06-10T14:20:00+07:00"), exitCode: Exit.usage)
        }
        self.init(pinned: time)
    }

    public func now() -> LocalTime { pinned ?? LocalTime.now() }
}
