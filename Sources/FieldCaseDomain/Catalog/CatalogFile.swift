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
    }

    struct ProcedureEntry: Codable {
        var code: String
        var name_vi: String
        var name_en: String
        var processing: Processing
        var fee: Int?
        var documents: [String]
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
    }

    var version: String
    var communes: [CommuneEntry]
    var procedures: [ProcedureEntry]
    var calendar: CalendarEntry
    var birth_provinces: [String: String]
}

extension Catalog {
    init(file: CatalogFile) throws {
        let procedures = try file.procedures.map { entry in
            Procedure(
                code: entry.code, nameVI: entry.name_vi, nameEN: entry.name_en,
                processing: try ProcessingTime(kind: entry.processing.kind, days: entry.processing.days),
                fee: entry.fee, documents: entry.documents)
        }
        let communes = file.communes.map {
            Commune(code: $0.code, name: $0.name, provinceCode: $0.province_code, provinceName: $0.province_name)
        }
        let calendar = try WorkCalendar(entry: file.calendar)
        var names: [LocalDate: String] = [:]
        for entry in file.calendar.holidays + file.calendar.makeup_working_days {
            names[try WorkCalendar.date(entry.date)] = entry.name
        }
        self.init(
            version: file.version, communes: communes, procedures: procedures, calendar: calendar,
            birthProvinces: file.birth_provinces, dayNames: names)
    }
}

extension ProcessingTime {
    public init(kind: String, days: Int?) throws {
        switch (kind, days) {
        case ("same_day", _): self = .sameDay
        case ("working_days", let n?) where n > 0: self = .workingDays(n)
        case ("calendar_days", let n?) where n > 0: self = .calendarDays(n)
        default: throw CatalogError.malformed("processing time '\(kind)' with days \(days.map(String.init) ?? "none")")
        }
    }

    public var kindAndDays: (kind: String, days: Int?) {
        switch self {
        case .sameDay: ("same_day", nil)
        case .workingDays(let n): ("working_days", n)
        case .calendarDays(let n): ("calendar_days", n)
        }
    }
}

extension WorkCalendar {
    init(entry: CatalogFile.CalendarEntry) throws {
        let periods = try entry.office_periods.map {
            OfficePeriod(opens: try Self.secondOfDay($0.opens), closes: try Self.secondOfDay($0.closes))
        }
        guard !periods.isEmpty, periods.allSatisfy({ $0.opens < $0.closes }) else {
            throw CatalogError.malformed("office periods must be non-empty, each opening before it closes")
        }
        self.init(
            periods: periods, workingWeekdays: Set(entry.working_weekdays),
            holidays: Set(try entry.holidays.map { try Self.date($0.date) }),
            makeupDays: Set(try entry.makeup_working_days.map { try Self.date($0.date) }),
            sameDayCutoff: try Self.secondOfDay(entry.same_day_cutoff))
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
