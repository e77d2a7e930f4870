import Foundation

/// An instant as the desk sees it: whole seconds, shown in Vietnam's fixed UTC+7.
///
/// Whole seconds keep due-date arithmetic exact and make stored values comparable as integers.
public struct LocalTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Vietnam's offset from UTC; no daylight saving time.
    public static let offsetSeconds = 7 * 3600

    /// Seconds since the Unix epoch (UTC).
    public let epochSeconds: Int64

    public init(epochSeconds: Int64) { self.epochSeconds = epochSeconds }

    public init(_ date: Date) { epochSeconds = Int64(date.timeIntervalSince1970.rounded(.down)) }

    public init(date: LocalDate, secondOfDay: Int) {
        epochSeconds = Int64(date.dayNumber) * 86_400 + Int64(secondOfDay) - Int64(LocalTime.offsetSeconds)
    }

    /// Local wall-clock instant: `date` at `hour:minute`.
    public init(date: LocalDate, hour: Int, minute: Int, second: Int = 0) {
        self.init(date: date, secondOfDay: hour * 3600 + minute * 60 + second)
    }

    private var localSeconds: Int64 { epochSeconds + Int64(LocalTime.offsetSeconds) }

    public var date: LocalDate {
        LocalDate(dayNumber: Int(localSeconds >= 0 ? localSeconds / 86_400 : (localSeconds - 86_399) / 86_400))
    }

    public var secondOfDay: Int { Int(localSeconds - Int64(date.dayNumber) * 86_400) }

    public func adding(seconds: Int) -> LocalTime { LocalTime(epochSeconds: epochSeconds + Int64(seconds)) }

    public static func now() -> LocalTime { LocalTime(Date()) }

    /// ISO 8601 with the +07:00 offset, the form every output and the wire use.
    public var iso8601: String {
        let s = secondOfDay
        return "\(date)T\(pad(s / 3600, 2)):\(pad(s / 60 % 60, 2)):\(pad(s % 60, 2))+07:00"
    }

    public var description: String { iso8601 }

    /// Accepts `YYYY-MM-DDTHH:MM[:SS]` with `Z`, `±HH:MM`, or no offset (then the desk's local time).
    public init?(iso8601 text: String) {
        let trimmed = Substring(text)
        guard trimmed.count >= 16, let tIndex = trimmed.firstIndex(where: { $0 == "T" || $0 == " " }),
            let date = LocalDate(iso: trimmed[..<tIndex])
        else { return nil }
        var rest = trimmed[trimmed.index(after: tIndex)...]
        var offset = LocalTime.offsetSeconds
        if rest.hasSuffix("Z") {
            offset = 0
            rest = rest.dropLast()
        } else if rest.count > 6, let sign = rest[rest.index(rest.endIndex, offsetBy: -6)...].first,
            sign == "+" || sign == "-"
        {
            let zone = rest.suffix(5).split(separator: ":")
            guard zone.count == 2, let h = Int(zone[0]), let m = Int(zone[1]), h <= 14, m < 60 else { return nil }
            offset = (h * 3600 + m * 60) * (sign == "-" ? -1 : 1)
            rest = rest.dropLast(6)
        }
        let clock = rest.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(clock.count), clock.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
            let h = Int(clock[0]), let m = Int(clock[1]), h < 24, m < 60
        else { return nil }
        let s = clock.count == 3 ? Int(clock[2]) : 0
        guard let second = s, second < 60 else { return nil }
        let wallClock = LocalTime(date: date, hour: h, minute: m, second: second)
        self.init(epochSeconds: wallClock.epochSeconds + Int64(LocalTime.offsetSeconds - offset))
    }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool { lhs.epochSeconds < rhs.epochSeconds }
}
