import Foundation

/// The JSON form of a catalog, as bundled and as the central system sends it.
struct CatalogFile: Codable {
    struct CommuneEntry: Codable {
        var code: String
        var name: String
        var province_code: String
        var province_name: String
    }

    struct Processing: Codable {
        var kind: String
        var days: Int?
        var hours: Int?
    }

    struct ProcedureEntry: Codable {
        var code: String
        /// The province's published code; catalogs before 2026.2 have none.
        var local_code: String?
        var name_vi: String
        var name_en: String
        var field_vi: String?
        var field_en: String?
        /// `commune`, `province` or `ministry`; catalogs before 2026.3 have none.
        var level: String?
        var processing: Processing
        var processing_note: String?
        /// A fee rule; catalogs before 2026.2 wrote the usual amount, or null where the province
        /// sets it, which a rule still reads as.
        var fee: FeeRule?
        var fee_note: String?
        var fee_exemptions: [String]?
        var documents: [String]
        var result_vi: String?
        var result_en: String?
        var legal_basis: [String]?
        var source: String?
    }

    struct Period: Codable {
        var opens: String
        var closes: String
    }

    struct NamedDate: Codable {
        var date: String
        var name: String
    }

    struct CalendarEntry: Codable {
        var office_periods: [Period]
        var working_weekdays: [Int]
        var same_day_cutoff: String
        var holidays: [NamedDate]
        var makeup_working_days: [NamedDate]
        /// Years whose `holidays` and `makeup_working_days` are the published schedule, whole. Left out by
        /// catalogs of before 2026.1: the years their holidays fall in.
        var confirmed_years: [Int]?
        /// Where each confirmed year's schedule was published, for people checking it.
        var sources: [String: String]?
    }

    var version: String
    var communes: [CommuneEntry]
    var procedures: [ProcedureEntry]
    var calendar: CalendarEntry
    var birth_provinces: [String: String]
    /// The criteria a citizen rates at the handover; catalogs before 2026.4 have none.
    var satisfaction: SatisfactionSurvey?
}

extension Catalog {
    init(file: CatalogFile) throws {
        try CatalogRules.checkVersion(file.version)
        let procedures = try file.procedures.map { entry in
            do {
                return try Procedure(entry: entry)
            } catch CatalogError.malformed(let why) {
                throw CatalogError.malformed("procedure \(CatalogRules.shown(String(entry.code.prefix(40)))): \(why)")
            }
        }
        try CatalogRules.check(procedures)
        let communes = file.communes.map {
            Commune(code: $0.code, name: $0.name, provinceCode: $0.province_code, provinceName: $0.province_name)
        }
        try CatalogRules.check(communes)
        let (calendar, names) = try WorkCalendar.read(file.calendar)
        try CatalogRules.checkPrintable(Array(names.values) + Array(file.birth_provinces.values), "a name")
        let survey = file.satisfaction ?? .overallOnly
        try CatalogRules.check(survey)
        self.init(
            version: file.version, communes: communes, procedures: procedures, calendar: calendar,
            birthProvinces: file.birth_provinces, dayNames: names, survey: survey)
    }
}

extension Procedure {
    init(entry: CatalogFile.ProcedureEntry) throws {
        let field = entry.field_vi.map { Field(vi: $0, en: entry.field_en ?? $0) }
        let amount = entry.processing.kind.hasSuffix("hours") ? entry.processing.hours : entry.processing.days
        let level = try entry.level.map {
            guard let level = Level(rawValue: $0) else {
                throw CatalogError.malformed("level '\($0.prefix(40))' is commune, province or ministry")
            }
            return level
        }
        self.init(
            code: entry.code, localCode: entry.local_code, nameVI: entry.name_vi, nameEN: entry.name_en, field: field,
            processing: try ProcessingTime(kind: entry.processing.kind, amount: amount),
            fee: entry.fee ?? .province, documents: entry.documents,
            details: Details(
                level: level, processingNote: entry.processing_note, feeNote: entry.fee_note,
                feeExemptions: entry.fee_exemptions ?? [], resultVI: entry.result_vi, resultEN: entry.result_en,
                legalBasis: entry.legal_basis ?? [], source: entry.source))
    }
}

extension ProcessingTime {
    /// Longest processing time a catalog may give, in days or in hours: a year.
    static let longest = 365

    /// A processing time as a catalog names it; `amount` is days, or hours for `working_hours`. How long it may
    /// be is `CatalogRules`' (a row stored by an earlier release reads as it was).
    public init(kind: String, amount: Int?) throws {
        switch (kind, amount) {
        case ("same_day", _): self = .sameDay
        case ("working_days", let n?) where n > 0: self = .workingDays(n)
        case ("calendar_days", let n?) where n > 0: self = .calendarDays(n)
        case ("working_hours", let n?) where n > 0: self = .workingHours(n)
        case ("hours", let n?) where n > 0: self = .hours(n)
        default:
            throw CatalogError.malformed(
                "processing time '\(kind.prefix(40))' with \(amount.map(String.init) ?? "no") days or hours")
        }
    }

    /// The kind and its days (hours for `working_hours`) as a catalog file and the desk's table write them.
    public var kindAndAmount: (kind: String, amount: Int?) {
        switch self {
        case .sameDay: ("same_day", nil)
        case .workingDays(let n): ("working_days", n)
        case .calendarDays(let n): ("calendar_days", n)
        case .workingHours(let n): ("working_hours", n)
        case .hours(let n): ("hours", n)
        }
    }
}

extension WorkCalendar {
    /// The years a catalog's calendar holds holidays for: those it confirms as published, the Labor Code's
    /// for the others. A dossier's due date lies at most `searchHorizonDays` after it was received.
    static let years = 2000...2099

    /// The calendar of a catalog file and the names of its days. A confirmed year's days are the file's; any
    /// other year's are the Labor Code's holidays plus what the file adds for it (days off it announces early,
    /// make-up working days, which win over a holiday).
    static func read(_ entry: CatalogFile.CalendarEntry) throws -> (WorkCalendar, [LocalDate: String]) {
        var (calendar, names) = try listedDays(entry)
        let confirmed = try Self.confirmedYears(
            entry.confirmed_years, holidays: Set(try entry.holidays.map { try Self.date($0.date) }))
        var holidays = calendar.holidays
        addStatutoryHolidays(
            to: &holidays, names: &names, confirmed: confirmed, workingWeekdays: calendar.workingWeekdays)
        calendar.holidays = holidays.subtracting(calendar.makeupDays)
        calendar.confirmedYears = confirmed
        return (calendar, names)
    }

    /// The calendar as releases before catalog 2026.1 read a catalog file: the days it lists and nothing else
    /// (they knew no Labor Code rules). What a gateway that served this file counted its due dates on.
    public static func listed(inCatalog json: Data) throws -> WorkCalendar {
        try listedDays(JSONDecoder().decode(CatalogFile.self, from: json).calendar).0
    }

    /// A catalog file's office hours and the days it lists, checked, with their names; its published years
    /// (`publishedYears`) as the confirmed ones. `read` adds the Labor Code's holidays to it.
    static func listedDays(_ entry: CatalogFile.CalendarEntry) throws -> (WorkCalendar, [LocalDate: String]) {
        let periods = try entry.office_periods.map {
            OfficePeriod(opens: try Self.secondOfDay($0.opens), closes: try Self.secondOfDay($0.closes))
        }
        guard !periods.isEmpty, periods.allSatisfy({ $0.opens < $0.closes }) else {
            throw CatalogError.malformed("office periods must be non-empty, each opening before it closes")
        }
        let weekdays = Set(entry.working_weekdays)
        guard !weekdays.isEmpty, weekdays.allSatisfy((1...7).contains) else {
            throw CatalogError.malformed("working weekdays are one or more of 1 (Monday) to 7 (Sunday)")
        }
        var names: [LocalDate: String] = [:]
        for day in entry.holidays + entry.makeup_working_days { names[try Self.date(day.date)] = day.name }
        let listed = Set(try entry.holidays.map { try Self.date($0.date) })
        let makeup = Set(try entry.makeup_working_days.map { try Self.date($0.date) })
        let calendar = WorkCalendar(
            periods: periods, workingWeekdays: weekdays, holidays: listed.subtracting(makeup), makeupDays: makeup,
            sameDayCutoff: try Self.secondOfDay(entry.same_day_cutoff), confirmedYears: publishedYears(in: listed))
        return (calendar, names)
    }

    /// The years a catalog confirms. Each is within `years` and lists the holidays fixed by date: a year
    /// confirmed with fewer would silently lose them. A catalog from before 2026.1 names none.
    static func confirmedYears(_ listed: [Int]?, holidays: Set<LocalDate>) throws -> Set<Int> {
        guard let listed else { return publishedYears(in: holidays) }
        let complete = publishedYears(in: holidays)
        if let wrong = listed.first(where: { !years.contains($0) || !complete.contains($0) }) {
            throw CatalogError.malformed(
                "confirmed year \(wrong) must lie in \(years.lowerBound)–\(years.upperBound) and list 1 January, "
                    + "30 April, 1 May and 2 September among its holidays")
        }
        return Set(listed)
    }

    /// The years whose holidays include all those fixed by date (1 January, 30 April, 1 May, 2 September): the
    /// years a catalog from before 2026.1 published, where a lone day announced early for a year is not one.
    public static func publishedYears(in holidays: Set<LocalDate>) -> Set<Int> {
        Set(
            holidays.map(\.year).filter { year in
                [(1, 1), (4, 30), (5, 1), (9, 2)].allSatisfy { month, day in
                    LocalDate(year: year, month: month, day: day).map(holidays.contains) == true
                }
            })
    }

    /// Adds the Labor Code's holidays of every year in `years` that is not `confirmed`, keeping the names
    /// already given.
    public static func addStatutoryHolidays(
        to holidays: inout Set<LocalDate>, names: inout [LocalDate: String], confirmed: Set<Int>,
        workingWeekdays: Set<Int>
    ) {
        for year in years where !confirmed.contains(year) {
            for day in StatutoryHolidays.days(of: year, workingWeekdays: workingWeekdays) {
                holidays.insert(day.date)
                names[day.date] = names[day.date] ?? day.name
            }
        }
    }

    /// `HH:MM` → seconds after midnight.
    static func secondOfDay(_ text: String) throws -> Int {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...24).contains(h), (0..<60).contains(m)
        else { throw CatalogError.malformed("time '\(text)' is not HH:MM") }
        return h * 3600 + m * 60
    }

    static func date(_ text: String) throws -> LocalDate {
        guard let date = LocalDate(iso: text) else { throw CatalogError.malformed("date '\(text)' is not YYYY-MM-DD") }
        return date
    }
}
