import Foundation
import Testing

@testable import FieldCaseDomain

/// The calendar beyond 2025 (shared/domain.md, "Calendar beyond 2025"): the lunar dates against the published
/// ones, the Labor Code's holidays of a year nobody confirmed yet, and due dates across 2026 and 2027 against a
/// count made apart from `WorkCalendar`.
struct HolidayCalendarTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test(
        "Tết falls where Vietnam keeps it, including the years it parts from the Chinese calendar (1985, 2007, 2030)",
        arguments: [
            (1985, "1985-01-21"), (2007, "2007-02-17"), (2020, "2020-01-25"), (2021, "2021-02-12"),
            (2022, "2022-02-01"), (2023, "2023-01-22"), (2024, "2024-02-10"), (2025, "2025-01-29"),
            (2026, "2026-02-17"), (2027, "2027-02-06"), (2028, "2028-01-26"), (2029, "2029-02-13"),
            (2030, "2030-02-02"),
        ])
    func tet(year: Int, date: String) {
        #expect(LunarCalendar.newYear(year) == Self.day(date))
    }

    @Test(
        "The Hùng Kings' day is the 10th of the 3rd lunar month, after a leap 2nd month too (2023)",
        arguments: [
            (2022, "2022-04-10"), (2023, "2023-04-29"), (2024, "2024-04-18"), (2025, "2025-04-07"),
            (2026, "2026-04-26"),
        ])
    func hungKings(year: Int, date: String) {
        #expect(LunarCalendar.solarDate(day: 10, month: 3, lunarYear: year) == Self.day(date))
    }

    @Test("2027, unconfirmed: the Code's holidays, each on a weekend taken on the next free working day")
    func statutory2027() {
        let offWeekdays = StatutoryHolidays.days(of: 2027, workingWeekdays: [1, 2, 3, 4, 5])
            .map(\.date).filter { $0.weekday <= 5 }
        // Tết: 5 (last day of the year), 6 and 7 (a weekend, taken on 10 and 11), 8 and 9 February; 1 May is a
        // Saturday (taken on Monday 3); 2 September a Thursday (joined to the weekend by Friday 3).
        let expected = [
            "2027-01-01", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-04-16",
            "2027-04-30", "2027-05-03", "2027-09-02", "2027-09-03",
        ].map(Self.day)
        #expect(Set(offWeekdays) == Set(expected))
        #expect(offWeekdays.count == expected.count, "no day is counted twice")
    }

    @Test(
        "The day beside 2 September follows the schedules of 2021–2026",
        arguments: [
            (2021, "2021-09-03"), (2022, "2022-09-01"), (2023, "2023-09-01"), (2024, "2024-09-03"),
            (2025, "2025-09-01"), (2026, "2026-09-01"),
        ])
    func nationalDay(year: Int, companion: String) {
        let national = LocalDate(year: year, month: 9, day: 2)!
        #expect(
            StatutoryHolidays.nationalDayCompanion(national, workingWeekdays: [1, 2, 3, 4, 5]) == Self.day(companion))
    }

    @Test("Worked example: 3 working days from Friday 2026-02-13 09:00 are due Wednesday 2026-02-25 09:00")
    func tet2026() throws {
        let calendar = try Catalog.embedded().calendar
        let due = try calendar.dueTime(
            receivedAt: LocalTime(iso8601: "2026-02-13T09:00")!, processing: .workingDays(3))
        #expect(due == LocalTime(iso8601: "2026-02-25T09:00"))
        #expect(calendar.confirmedYears.isSuperset(of: [2025, 2026]))
        #expect(calendar.unconfirmedYears(from: Self.day("2026-12-28"), through: Self.day("2027-01-06")) == [2027])
    }

    /// The days off of 2026 as the Ministry of Home Affairs published them, and of 2027 as the Labor Code sets
    /// them, written out by hand (with Monday 3 January 2028, for 1 January 2028, a Saturday: counts that start
    /// late in 2027 end there).
    static let handHolidays = Set(
        [
            "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-04-27",
            "2026-04-30", "2026-05-01", "2026-08-31", "2026-09-01", "2026-09-02", "2027-01-01", "2027-02-05",
            "2027-02-08", "2027-02-09", "2027-02-10", "2027-02-11", "2027-04-16", "2027-04-30", "2027-05-03",
            "2027-09-02", "2027-09-03", "2028-01-03",
        ].map(day))
    static let handMakeup: Set<LocalDate> = [day("2026-08-22")]

    static func handWorking(_ day: LocalDate) -> Bool {
        handMakeup.contains(day) || (day.weekday <= 5 && !handHolidays.contains(day))
    }

    /// The n-th working day after `day` (n ≥ 1), by walking the days one at a time.
    static func handWorkingDay(_ n: Int, after day: LocalDate) -> LocalDate {
        var found = 0
        var next = day
        while found < n {
            next = next.adding(days: 1)
            if handWorking(next) { found += 1 }
        }
        return next
    }

    @Test("Hold-out: every day of 2026 and 2027, received at 09:00, 1 to 10 working days, agrees with a hand count")
    func holdOut() throws {
        let calendar = try Catalog.embedded().calendar
        var checked = 0
        var day = Self.day("2026-01-01")
        while day <= Self.day("2027-12-31") {
            for n in [1, 3, 5, 10] {
                let received = LocalTime(date: day, hour: 9, minute: 0)
                let due = try calendar.dueTime(receivedAt: received, processing: .workingDays(n))
                // On a working day, n × 8 working hours from 09:00 end at 09:00 of the n-th working day after; on a
                // day off the count starts at 07:00 of the next working day and ends at 17:00 of the n-th.
                let expected =
                    Self.handWorking(day)
                    ? LocalTime(date: Self.handWorkingDay(n, after: day), hour: 9, minute: 0)
                    : LocalTime(date: Self.handWorkingDay(n, after: day.adding(days: -1)), hour: 17, minute: 0)
                #expect(due == expected, "\(day) + \(n) working days")
                checked += 1
            }
            day = day.adding(days: 1)
        }
        #expect(checked == 730 * 4)
    }

    @Test("A catalog from before 2026.1 confirms only the years it lists; later years get the Code's holidays")
    func legacyCatalog() throws {
        var file = try JSONDecoder().decode(CatalogFile.self, from: Catalog.embeddedJSON())
        file.calendar.confirmed_years = nil
        file.calendar.holidays.removeAll { $0.date.hasPrefix("2026") }
        file.calendar.makeup_working_days.removeAll { $0.date.hasPrefix("2026") }
        let catalog = try Catalog(file: file)
        #expect(catalog.calendar.confirmedYears == [2025])
        #expect(!catalog.calendar.isWorkingDay(Self.day("2026-02-16")))
        #expect(catalog.dayNames[Self.day("2026-02-16")] == "Tết Nguyên đán")
        // 2025 is as published, not as computed: Tết's weekend day is not taken on Monday 3 February.
        #expect(catalog.calendar.isWorkingDay(Self.day("2025-02-03")))
        #expect(!catalog.calendar.isWorkingDay(Self.day("2025-01-27")))
    }

    static func file(_ change: (inout CatalogFile.CalendarEntry) -> Void) throws -> CatalogFile {
        var file = try JSONDecoder().decode(CatalogFile.self, from: Catalog.embeddedJSON())
        change(&file.calendar)
        return file
    }

    @Test("A catalog that leaves no working weekday, or confirms a year without its fixed holidays, is refused")
    func refused() throws {
        let broken: [(inout CatalogFile.CalendarEntry) -> Void] = [
            { $0.working_weekdays = [] },
            { $0.working_weekdays = [0, 1] },
            { $0.confirmed_years = [1990] },
            { $0.confirmed_years = [2025, 2026, 2027] },
        ]
        for change in broken {
            #expect(throws: CatalogError.self) { _ = try Catalog(file: try Self.file(change)) }
        }
    }

    @Test("An old catalog announcing one day of 2027 early keeps 2027 unconfirmed, with the Code's other days")
    func earlyAnnouncement() throws {
        let catalog = try Catalog(
            file: try Self.file {
                $0.confirmed_years = nil
                $0.holidays.append(.init(date: "2027-02-04", name: "Tết Nguyên đán"))
            })
        #expect(!catalog.calendar.confirmedYears.contains(2027))
        #expect(!catalog.calendar.isWorkingDay(Self.day("2027-02-04")))
        #expect(!catalog.calendar.isWorkingDay(Self.day("2027-04-30")), "the Code's 30 April is still there")
    }

    @Test("A make-up working day set on a day the Code would give off wins, and the day is not a holiday too")
    func makeupOverCode() throws {
        let catalog = try Catalog(
            file: try Self.file { $0.makeup_working_days.append(.init(date: "2027-05-03", name: "Làm việc")) })
        #expect(catalog.calendar.isWorkingDay(Self.day("2027-05-03")))
        #expect(!catalog.calendar.holidays.contains(Self.day("2027-05-03")))
    }
}
