/// One stretch of office hours within a day, in seconds after local midnight.
public struct OfficePeriod: Hashable, Sendable, Codable {
    public let opens: Int
    public let closes: Int

    public init(opens: Int, closes: Int) {
        self.opens = opens
        self.closes = closes
    }

    public var length: Int { closes - opens }
}

/// The desk's working time: office hours, working weekdays, holidays and make-up working days.
///
/// All of it is data (from the catalog, updated by the central system): the published years' days as the
/// catalog lists them, the other years' as the catalog reader computed them from the Labor Code
/// (`StatutoryHolidays`). The arithmetic below never asks which.
public struct WorkCalendar: Hashable, Sendable, Codable {
    public var periods: [OfficePeriod]
    public var workingWeekdays: Set<Int> { didSet { index() } }
    public var holidays: Set<LocalDate> { didSet { index() } }
    public var makeupDays: Set<LocalDate> { didSet { index() } }
    /// Seconds after midnight after which a same-day dossier is due the next working day.
    public var sameDayCutoff: Int
    /// Years whose holidays are the government's published schedule; the others hold the Labor Code's
    /// holidays as computed (`StatutoryHolidays`), which that year's schedule may still move.
    public var confirmedYears: Set<Int>

    /// Day numbers, sorted, of the holidays that close a working weekday and of the make-up days that open a
    /// rest day: `workingDays` counts them in a range by binary search, a century of holidays costing no more
    /// than a year's for every open dossier of a province's report.
    private var closedWeekdays: [Int] = []
    private var openedRestDays: [Int] = []

    enum CodingKeys: String, CodingKey {
        case periods, workingWeekdays, holidays, makeupDays, sameDayCutoff, confirmedYears
    }

    /// How far ahead the arithmetic looks for working time before it calls the calendar broken.
    static let searchHorizonDays = 3660

    public init(
        periods: [OfficePeriod], workingWeekdays: Set<Int>, holidays: Set<LocalDate>, makeupDays: Set<LocalDate>,
        sameDayCutoff: Int, confirmedYears: Set<Int> = []
    ) {
        self.confirmedYears = confirmedYears
        self.periods = periods.sorted { $0.opens < $1.opens }
        self.workingWeekdays = workingWeekdays
        self.holidays = holidays
        self.makeupDays = makeupDays
        self.sameDayCutoff = sameDayCutoff
        index()
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            periods: try container.decode([OfficePeriod].self, forKey: .periods),
            workingWeekdays: try container.decode(Set<Int>.self, forKey: .workingWeekdays),
            holidays: try container.decode(Set<LocalDate>.self, forKey: .holidays),
            makeupDays: try container.decode(Set<LocalDate>.self, forKey: .makeupDays),
            sameDayCutoff: try container.decode(Int.self, forKey: .sameDayCutoff),
            confirmedYears: try container.decode(Set<Int>.self, forKey: .confirmedYears))
    }

    private mutating func index() {
        closedWeekdays = holidays.filter { workingWeekdays.contains($0.weekday) && !makeupDays.contains($0) }
            .map(\.dayNumber).sorted()
        openedRestDays = makeupDays.filter { !workingWeekdays.contains($0.weekday) }.map(\.dayNumber).sorted()
    }

    /// The years from `start` through `end` whose schedule the calendar has not confirmed: a due date across
    /// them may move when the province publishes that year's schedule.
    public func unconfirmedYears(from start: LocalDate, through end: LocalDate) -> [Int] {
        guard start <= end else { return [] }
        return (start.year...end.year).filter { !confirmedYears.contains($0) }
    }

    /// Working seconds in one full working day (8 hours with the national office hours).
    public var workingDaySeconds: Int { periods.reduce(0) { $0 + $1.length } }

    public func isWorkingDay(_ day: LocalDate) -> Bool {
        makeupDays.contains(day) || (workingWeekdays.contains(day.weekday) && !holidays.contains(day))
    }

    /// The close of the last office period of `day`.
    public func closingTime(of day: LocalDate) -> LocalTime {
        LocalTime(date: day, secondOfDay: periods.last?.closes ?? 0)
    }

    /// The first working day strictly after `day`.
    public func nextWorkingDay(after day: LocalDate) throws(CalendarError) -> LocalDate {
        try firstWorkingDay(onOrAfter: day.adding(days: 1))
    }

    public func firstWorkingDay(onOrAfter day: LocalDate) throws(CalendarError) -> LocalDate {
        for offset in 0..<Self.searchHorizonDays where isWorkingDay(day.adding(days: offset)) {
            return day.adding(days: offset)
        }
        throw .noWorkingTime
    }

    /// The instant reached after consuming `seconds` of office time from `start`.
    ///
    /// A count that ends exactly where an office period ends is due at that end, not at the next opening.
    public func adding(workingSeconds seconds: Int, to start: LocalTime) throws(CalendarError) -> LocalTime {
        guard seconds > 0 else { return start }
        var remaining = seconds
        var secondOfDay = start.secondOfDay
        for offset in 0..<Self.searchHorizonDays {
            let day = start.date.adding(days: offset)
            if isWorkingDay(day) {
                for period in periods where period.closes > secondOfDay {
                    let from = max(secondOfDay, period.opens)
                    let available = period.closes - from
                    if remaining <= available { return LocalTime(date: day, secondOfDay: from + remaining) }
                    remaining -= available
                }
            }
            secondOfDay = 0
        }
        throw .noWorkingTime
    }

    /// Office time between two instants; zero when `end` is not after `start`.
    ///
    /// The days in between count whole, by arithmetic over weeks and the listed holidays, so a dossier a
    /// year overdue costs no more than one a day overdue: the dashboard asks this for every open dossier.
    public func workingSeconds(from start: LocalTime, to end: LocalTime) -> Int {
        guard start < end else { return 0 }
        let first = start.date
        let last = end.date
        if first == last { return officeSeconds(on: first, from: start.secondOfDay, to: end.secondOfDay) }
        return officeSeconds(on: first, from: start.secondOfDay, to: 86_400)
            + workingDays(after: first, before: last) * workingDaySeconds
            + officeSeconds(on: last, from: 0, to: end.secondOfDay)
    }

    /// Office seconds of `day` between two times of that day.
    func officeSeconds(on day: LocalDate, from lower: Int, to upper: Int) -> Int {
        guard isWorkingDay(day) else { return 0 }
        return periods.reduce(0) { $0 + max(0, min(upper, $1.closes) - max(lower, $1.opens)) }
    }

    /// Working days strictly between two dates: whole weeks by multiplication, the remaining days one by
    /// one, then each holiday on a working weekday taken off and each make-up day on a rest day added.
    func workingDays(after first: LocalDate, before last: LocalDate) -> Int {
        let range = (first.dayNumber + 1)..<last.dayNumber
        guard !range.isEmpty else { return 0 }
        let weeks = range.count / 7
        var count = weeks * workingWeekdays.count
        for dayNumber in (range.lowerBound + weeks * 7)..<range.upperBound
        where workingWeekdays.contains(LocalDate(dayNumber: dayNumber).weekday) {
            count += 1
        }
        return count - Self.count(closedWeekdays, in: range) + Self.count(openedRestDays, in: range)
    }

    /// How many of the sorted `days` lie in `range`.
    static func count(_ days: [Int], in range: Range<Int>) -> Int {
        func firstIndex(notBelow value: Int) -> Int {
            var (low, high) = (0, days.count)
            while low < high {
                let middle = (low + high) / 2
                if days[middle] < value { low = middle + 1 } else { high = middle }
            }
            return low
        }
        return firstIndex(notBelow: range.upperBound) - firstIndex(notBelow: range.lowerBound)
    }
}

public enum CalendarError: Error, Hashable, Sendable {
    /// The calendar has no office hours within the search horizon: a broken catalog, not a user error.
    case noWorkingTime
}
