import Testing

@testable import FieldCaseDomain

/// The worked examples of shared/domain.md, each as a test.
struct DueDateTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }
    static func at(_ text: String) -> LocalTime { LocalTime(iso8601: text)! }

    static func calendar(holidays: [String] = [], makeup: [String] = []) -> WorkCalendar {
        WorkCalendar(
            periods: [
                OfficePeriod(opens: 7 * 3600, closes: 11 * 3600 + 1800),
                OfficePeriod(opens: 13 * 3600 + 1800, closes: 17 * 3600),
            ],
            workingWeekdays: [1, 2, 3, 4, 5], holidays: Set(holidays.map(day)), makeupDays: Set(makeup.map(day)),
            sameDayCutoff: 15 * 3600)
    }

    @Test("1: 5 working days from Fri 2023-10-27 09:32 is Fri 2023-11-03 09:32")
    func fiveWorkingDays() throws {
        let due = try Self.calendar().dueTime(receivedAt: Self.at("2023-10-27T09:32"), processing: .workingDays(5))
        #expect(due == Self.at("2023-11-03T09:32"))
    }

    @Test("2: same-day received 14:20 is due 17:00 that day")
    func sameDayBeforeCutoff() throws {
        let due = try Self.calendar().dueTime(receivedAt: Self.at("2025-06-10T14:20"), processing: .sameDay)
        #expect(due == Self.at("2025-06-10T17:00"))
    }

    @Test("3: same-day received 15:05 is due 17:00 the next working day")
    func sameDayAfterCutoff() throws {
        let due = try Self.calendar().dueTime(receivedAt: Self.at("2025-06-10T15:05"), processing: .sameDay)
        #expect(due == Self.at("2025-06-11T17:00"))
    }

    @Test("4: received after closing counts from 07:00 the next working day")
    func afterClosing() throws {
        let due = try Self.calendar().dueTime(receivedAt: Self.at("2025-06-12T17:30"), processing: .workingDays(3))
        #expect(due == Self.at("2025-06-17T17:00"))
    }

    @Test("5: received in the lunch break counts from 13:30 and ends at 11:30, not at the next opening")
    func lunchBreak() throws {
        let due = try Self.calendar().dueTime(receivedAt: Self.at("2025-06-11T12:10"), processing: .workingDays(1))
        #expect(due == Self.at("2025-06-12T11:30"))
    }

    @Test("6: holidays and a make-up working Saturday")
    func holidaysAndMakeupDay() throws {
        let holidays = ["2025-04-30", "2025-05-01", "2025-05-02"]
        let received = Self.at("2025-04-25T10:00")
        let withMakeup = try Self.calendar(holidays: holidays, makeup: ["2025-04-26"])
            .dueTime(receivedAt: received, processing: .workingDays(3))
        #expect(withMakeup == Self.at("2025-04-29T10:00"))
        let without = try Self.calendar(holidays: holidays).dueTime(receivedAt: received, processing: .workingDays(3))
        #expect(without == Self.at("2025-05-05T10:00"))
    }

    @Test("7: a supplement pause of 8 working hours moves the due date by one working day")
    func supplementPause() throws {
        let calendar = Self.calendar()
        let received = Self.at("2025-06-02T08:00")
        #expect(try calendar.dueTime(receivedAt: received, processing: .workingDays(5)) == Self.at("2025-06-09T08:00"))
        // Through the rule the desk and the gateway move a dossier's clock with, and the reports replay.
        let statutory = try calendar.dueTime(receivedAt: received, processing: .workingDays(5))
        let clock = CaseClock(dueAt: statutory, pausedSince: nil, finishedAt: nil)
            .moved(to: .processing, at: Self.at("2025-06-03T09:00"), calendar: calendar)
            .moved(to: .supplementRequested, at: Self.at("2025-06-04T08:00"), calendar: calendar)
            .moved(to: .processing, at: Self.at("2025-06-05T08:00"), calendar: calendar)
        #expect(clock.dueAt == Self.at("2025-06-10T08:00"))
        #expect(clock.pausedSince == nil)
        let history = CaseHistory(
            code: "02266-250602-1001", procedureCode: "1.001193", receivedAt: received, statutoryDue: statutory,
            transitions: [
                .init(at: Self.at("2025-06-03T09:00"), status: .processing),
                .init(at: Self.at("2025-06-04T08:00"), status: .supplementRequested),
                .init(at: Self.at("2025-06-05T08:00"), status: .processing),
            ])
        #expect(history.due(asOf: Self.at("2025-06-06T08:00"), calendar: calendar) == Self.at("2025-06-10T08:00"))
    }

    @Test("A running pause keeps pushing the due date back until processing resumes")
    func runningPause() throws {
        let calendar = Self.calendar()
        let statutory = try calendar.dueTime(receivedAt: Self.at("2025-06-02T08:00"), processing: .workingDays(5))
        let clock = CaseClock(dueAt: statutory, pausedSince: nil, finishedAt: nil)
            .moved(to: .supplementRequested, at: Self.at("2025-06-04T08:00"), calendar: calendar)
        #expect(clock.dueAt == statutory, "a pause moves the stored due time when it ends")
        let due = calendar.effectiveDue(clock.dueAt, pausedSince: clock.pausedSince, now: Self.at("2025-06-04T10:00"))
        #expect(due == Self.at("2025-06-09T10:00"))
    }

    @Test("Same-day received on a weekend or holiday is due at closing of the next working day")
    func sameDayOnHoliday() throws {
        let calendar = Self.calendar(holidays: ["2025-09-01", "2025-09-02"])
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-06-14T09:00"), processing: .sameDay)
                == Self.at("2025-06-16T17:00"))
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-09-01T09:00"), processing: .sameDay)
                == Self.at("2025-09-03T17:00"))
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-06-10T15:00"), processing: .sameDay)
                == Self.at("2025-06-10T17:00"))
    }

    @Test("Calendar days land on the next working day when the count ends on a non-working day")
    func calendarDays() throws {
        let calendar = Self.calendar(holidays: ["2025-09-01", "2025-09-02"])
        // Thu 2025-06-12 + 2 days = Sat → Mon 2025-06-16.
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-06-12T09:00"), processing: .calendarDays(2))
                == Self.at("2025-06-16T17:00"))
        // Fri 2025-08-29 + 3 = Mon 09-01 (holiday) → Wed 09-03.
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-08-29T09:00"), processing: .calendarDays(3))
                == Self.at("2025-09-03T17:00"))
        #expect(
            try calendar.dueTime(receivedAt: Self.at("2025-06-10T09:00"), processing: .calendarDays(1))
                == Self.at("2025-06-11T17:00"))
    }

    @Test("A calendar without working days is an error, not an endless loop")
    func brokenCalendar() {
        let calendar = WorkCalendar(
            periods: [OfficePeriod(opens: 7 * 3600, closes: 17 * 3600)], workingWeekdays: [], holidays: [],
            makeupDays: [], sameDayCutoff: 15 * 3600)
        #expect(throws: CalendarError.noWorkingTime) {
            try calendar.dueTime(receivedAt: Self.at("2025-06-10T09:00"), processing: .workingDays(1))
        }
    }

    @Test("Working time between two instants skips nights, lunch, weekends and holidays")
    func workingSeconds() {
        let calendar = Self.calendar(holidays: ["2025-06-13"])
        #expect(calendar.workingSeconds(from: Self.at("2025-06-12T11:00"), to: Self.at("2025-06-12T14:00")) == 3600)
        #expect(calendar.workingSeconds(from: Self.at("2025-06-12T16:00"), to: Self.at("2025-06-16T08:00")) == 7200)
        #expect(calendar.workingSeconds(from: Self.at("2025-06-16T08:00"), to: Self.at("2025-06-12T16:00")) == 0)
    }
}

struct TimelinessTests {
    let calendar = DueDateTests.calendar()
    let due = DueDateTests.at("2025-06-11T17:00")

    @Test("Finished dossiers: early before the due date, on time on it, late after it")
    func finished() {
        #expect(
            calendar.timeliness(status: .resolved, due: due, finishedAt: DueDateTests.at("2025-06-10T16:00"), now: due)
                == .early)
        #expect(
            calendar.timeliness(status: .returned, due: due, finishedAt: DueDateTests.at("2025-06-11T17:30"), now: due)
                == .onTime)
        #expect(
            calendar.timeliness(status: .resolved, due: due, finishedAt: DueDateTests.at("2025-06-12T08:00"), now: due)
                == .late)
    }

    @Test("Open dossiers: overdue past the due time, due soon within one working day")
    func open() {
        #expect(
            calendar.timeliness(
                status: .processing, due: due, finishedAt: nil, now: DueDateTests.at("2025-06-11T17:01")) == .overdue)
        #expect(
            calendar.timeliness(status: .received, due: due, finishedAt: nil, now: DueDateTests.at("2025-06-10T17:00"))
                == .dueSoon)
        #expect(
            calendar.timeliness(status: .received, due: due, finishedAt: nil, now: DueDateTests.at("2025-06-10T16:59"))
                == .onTrack)
    }

    @Test("Dossiers that ended without a result have no timeliness")
    func ended() {
        for status in [CaseStatus.refused, .withdrawn, .stopped] {
            #expect(calendar.timeliness(status: status, due: due, finishedAt: nil, now: due) == nil)
        }
    }
}

/// The week arithmetic of `workingSeconds` against counting day by day, over seeded random spans of the
/// real 2025 calendar (Tết, the April–May bridge, National Day) and a make-up Saturday.
struct WorkingTimeTests {
    /// The plain definition: every day, every office period.
    static func dayByDay(_ calendar: WorkCalendar, from start: LocalTime, to end: LocalTime) -> Int {
        guard start < end else { return 0 }
        var total = 0
        var day = start.date
        while day <= end.date {
            total += calendar.officeSeconds(
                on: day, from: day == start.date ? start.secondOfDay : 0, to: day == end.date ? end.secondOfDay : 86_400
            )
            day = day.adding(days: 1)
        }
        return total
    }

    @Test("Office time over any span equals the day-by-day count")
    func matchesDayByDay() throws {
        var calendar = try Catalog.embedded().calendar
        calendar.makeupDays.insert(LocalDate(iso: "2025-04-26")!)
        var seed: UInt64 = 0x5EED
        func next(_ bound: Int) -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seed >> 33) % UInt64(bound))
        }
        let origin = LocalTime(iso8601: "2024-12-20T00:00")!
        for _ in 0..<2000 {
            let start = origin.adding(seconds: next(400 * 86_400))
            let end = start.adding(seconds: next([86_400, 20 * 86_400, 300 * 86_400][next(3)]))
            #expect(
                calendar.workingSeconds(from: start, to: end) == Self.dayByDay(calendar, from: start, to: end),
                "\(start) → \(end)")
        }
    }
}
