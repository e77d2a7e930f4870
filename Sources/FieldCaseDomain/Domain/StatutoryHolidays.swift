/// The public holidays the Labor Code 2019 (art. 112(1)) gives every year, before the government's schedule
/// for that year moves any of them: the calendar a desk falls back on for a year its catalog was never confirmed
/// for.
///
/// - 1 January; Tết, five days; the Hùng Kings' day (10th day of the 3rd lunar month); 30 April; 1 May;
///   2 September with one adjacent day.
/// - A holiday on a weekly rest day is taken on the next working day (art. 111(3)), after every other holiday
///   of the stretch.
/// - Which five days of Tết, and which day beside 2 September, the Prime Minister decides each year (art.
///   112(3)). Until then: Tết as the last day of the lunar year and the first four of the new one, the layout
///   of the schedules of 2021–2026; beside 2 September a working weekday, the one that joins the break to a
///   weekend if one does, else 1 September, as those schedules all chose.
public enum StatutoryHolidays {
    /// A day off, with the name the calendar shows it under.
    public struct Day: Hashable, Sendable {
        public let date: LocalDate
        public let name: String
    }

    /// The holidays of `year`, on a calendar whose weekly rest days are those outside `workingWeekdays`.
    public static func days(of year: Int, workingWeekdays: Set<Int>) -> [Day] {
        guard let newYear = LocalDate(year: year, month: 1, day: 1),
            let liberation = LocalDate(year: year, month: 4, day: 30),
            let labour = LocalDate(year: year, month: 5, day: 1),
            let national = LocalDate(year: year, month: 9, day: 2)
        else { return [] }
        let tet = LunarCalendar.newYear(year)
        var fixed = [Day(date: newYear, name: "Tết Dương lịch")]
        fixed += (-1...3).map { Day(date: tet.adding(days: $0), name: "Tết Nguyên đán") }
        if let hung = LunarCalendar.solarDate(day: 10, month: 3, lunarYear: year) {
            fixed.append(Day(date: hung, name: "Giỗ Tổ Hùng Vương"))
        }
        fixed += [
            Day(date: liberation, name: "Ngày Giải phóng miền Nam"), Day(date: labour, name: "Quốc tế Lao động"),
            Day(date: nationalDayCompanion(national, workingWeekdays: workingWeekdays), name: "Quốc khánh"),
            Day(date: national, name: "Quốc khánh"),
        ]
        return compensated(fixed, workingWeekdays: workingWeekdays)
    }

    /// 1 or 3 September beside `national`.
    static func nationalDayCompanion(_ national: LocalDate, workingWeekdays: Set<Int>) -> LocalDate {
        let candidates = [national.adding(days: -1), national.adding(days: 1)].filter {
            workingWeekdays.contains($0.weekday)
        }
        let joinsWeekend = candidates.first { day in
            !workingWeekdays.contains(day.adding(days: -1).weekday)
                || !workingWeekdays.contains(day.adding(days: 1).weekday)
        }
        return joinsWeekend ?? candidates.first ?? national.adding(days: -1)
    }

    /// The holidays with each one that falls on a rest day moved to the next working day no holiday holds.
    static func compensated(_ fixed: [Day], workingWeekdays: Set<Int>) -> [Day] {
        guard !workingWeekdays.isEmpty else { return fixed }
        var taken = Set(fixed.map(\.date))
        var result = fixed
        for day in fixed.sorted(by: { $0.date < $1.date }) where !workingWeekdays.contains(day.date.weekday) {
            var next = day.date.adding(days: 1)
            while !workingWeekdays.contains(next.weekday) || taken.contains(next) { next = next.adding(days: 1) }
            taken.insert(next)
            result.append(Day(date: next, name: "Nghỉ bù " + day.name))
        }
        return result
    }
}
