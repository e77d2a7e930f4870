import Foundation

/// The Vietnamese lunisolar calendar, for the holidays the Labor Code sets by it (Tết, the Hùng Kings' day).
///
/// Months begin on the day of the new moon and the month holding the winter solstice is the 11th, both taken
/// at Hà Nội's meridian (UTC+7): that is where the Vietnamese calendar parts from the Chinese one (Tết 1985 fell
/// on 21 January in Vietnam and 20 February in China). Astronomy after Jean Meeus, *Astronomical Algorithms*,
/// as Hồ Ngọc Đức published it for the Vietnamese calendar; accurate to the day over 1800–2199.
public enum LunarCalendar {
    /// Hours east of Greenwich of the meridian the calendar is reckoned at.
    static let timeZone = 7.0
    /// Julian day number of 1970-01-01, day 0 of `LocalDate`.
    static let julianDayOf1970 = 2_440_588
    static let synodicMonth = 29.530588853

    /// The solar date of a lunar date in a non-leap month, or nil when the month has fewer days.
    public static func solarDate(day: Int, month: Int, lunarYear year: Int) -> LocalDate? {
        let (a11, b11) =
            month < 11
            ? (lunarMonth11(year - 1), lunarMonth11(year))
            : (lunarMonth11(year), lunarMonth11(year + 1))
        let k = Int((0.5 + (Double(a11) - 2_415_021.076998695) / synodicMonth).rounded(.down))
        var offset = month - 11
        if offset < 0 { offset += 12 }
        if b11 - a11 > 365, offset >= leapMonthOffset(a11) {
            offset += 1
        }
        let monthStart = newMoonDay(k + offset)
        guard day >= 1, day <= newMoonDay(k + offset + 1) - monthStart else { return nil }
        return LocalDate(dayNumber: monthStart + day - 1 - julianDayOf1970)
    }

    /// The first day of the lunar year that begins in `year` (Tết, mùng 1 tháng Giêng).
    public static func newYear(_ year: Int) -> LocalDate {
        // The first month always has its first day.
        solarDate(day: 1, month: 1, lunarYear: year) ?? LocalDate(dayNumber: 0)
    }

    /// Julian day number of the day of the k-th new moon after 1900-01-01, at the calendar's meridian.
    static func newMoonDay(_ k: Int) -> Int {
        Int((newMoon(Double(k)) + 0.5 + timeZone / 24).rounded(.down))
    }

    /// The sun's longitude at the start of a day, in twelfths of the circle (0 at the March equinox).
    static func sunSector(ofDay julianDay: Int) -> Int {
        Int((sunLongitude(Double(julianDay) - 0.5 - timeZone / 24) / .pi * 6).rounded(.down))
    }

    /// Julian day number of the first day of the 11th lunar month of `year`, the month holding the solstice.
    static func lunarMonth11(_ year: Int) -> Int {
        let daysSince1900 =
            Double((LocalDate(year: year, month: 12, day: 31)?.dayNumber ?? 0) + julianDayOf1970)
            - 2_415_021
        let k = Int((daysSince1900 / synodicMonth).rounded(.down))
        let start = newMoonDay(k)
        // After the solstice's sector (the sun at 270°), the month found is the 12th: the 11th is one before.
        return sunSector(ofDay: start) >= 9 ? newMoonDay(k - 1) : start
    }

    /// In a year of 13 months, which month after the 11th is the leap one: the first that holds no principal
    /// term (the sun does not change sector during it).
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(((Double(a11) - 2_415_021.076998695) / synodicMonth + 0.5).rounded(.down))
        var index = 1
        var sector = sunSector(ofDay: newMoonDay(k + index))
        var last = 0
        repeat {
            last = sector
            index += 1
            sector = sunSector(ofDay: newMoonDay(k + index))
        } while sector != last && index < 14
        return index - 1
    }

    /// The Julian date (UT) of the k-th new moon after 1900-01-01.
    static func newMoon(_ k: Double) -> Double {
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 += -0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr) - 0.0004 * sin(dr * 3 * mpr)
        c1 += 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr)) - 0.0074 * sin(dr * (m - mpr))
        c1 += 0.0004 * sin(dr * (2 * f + m)) - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 += 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT =
            t < -11
            ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
            : -0.000278 + 0.000265 * t + 0.000262 * t2
        return jd + c1 - deltaT
    }

    /// The sun's apparent longitude, in radians from 0 to 2π, at a Julian date.
    static func sunLongitude(_ julianDate: Double) -> Double {
        let t = (julianDate - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl += (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        let l = (l0 + dl) * dr
        return l - .pi * 2 * (l / (.pi * 2)).rounded(.down)
    }
}
