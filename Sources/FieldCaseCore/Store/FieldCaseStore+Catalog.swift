import Foundation
import FieldCaseRows
import FieldCaseWire
import GRDB

extension FieldCaseStore {
    /// The catalog this device works with: procedures, communes, calendar and CCCD province codes.
    public func catalog() throws -> Catalog {
        try read { db in try cachedCatalog(db) }
    }

    /// The ETag of the catalog this desk holds, to ask the central system for a newer one with; nil when it was
    /// stored in an older format, which any answer replaces. Read without decoding the catalog: a stored catalog
    /// this release cannot read is replaced too.
    public func catalogTag() throws -> String? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT version, format FROM catalog_meta WHERE id = 1") else {
                throw StoreError.notInitialized
            }
            let read = row.reading("catalog_meta", key: "1")
            let format: Int = try read("format")
            guard format == SyncAPI.catalogFormat else { return nil }
            return SyncAPI.catalogTag(version: try read("version"), format: format)
        }
    }

    /// Replaces the whole catalog at once, as when the central system sends a new one.
    public func replaceCatalog(with catalog: Catalog) throws {
        try write { db in try Self.replaceCatalog(db, with: catalog) }
        // Read again next time, whatever version the new one gives itself.
        catalogCache.withLock { $0 = nil }
    }

    static func replaceCatalog(_ db: Database, with catalog: Catalog) throws {
        for table in ["catalog_meta", "procedures", "communes", "birth_provinces", "office_periods", "calendar_days"] {
            try db.execute(sql: "DELETE FROM \(table)")
        }
        let calendar = catalog.calendar
        try db.execute(
            sql: """
                INSERT INTO catalog_meta (id, version, working_weekdays, same_day_cutoff, confirmed_years, format,
                    satisfaction)
                VALUES (1, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                catalog.version, calendar.workingWeekdays.sorted().map(String.init).joined(separator: ","),
                calendar.sameDayCutoff, calendar.confirmedYears.sorted().map(String.init).joined(separator: ","),
                SyncAPI.catalogFormat, try jsonText(catalog.survey),
            ])
        for procedure in catalog.procedures {
            let time = procedure.processing.kindAndAmount
            try db.execute(
                sql: """
                    INSERT INTO procedures (code, local_code, name_vi, name_en, field_vi, field_en, processing_kind,
                        processing_amount, fee_rule, documents, details)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    procedure.code, procedure.localCode, procedure.nameVI, procedure.nameEN, procedure.field?.vi,
                    procedure.field?.en, time.kind, time.amount, try jsonText(procedure.fee),
                    try jsonText(procedure.documents), try jsonText(procedure.details),
                ])
        }
        for commune in catalog.communes {
            try db.execute(
                sql: "INSERT INTO communes (code, name, province_code, province_name) VALUES (?, ?, ?, ?)",
                arguments: [commune.code, commune.name, commune.provinceCode, commune.provinceName])
        }
        for (code, name) in catalog.birthProvinces {
            try db.execute(sql: "INSERT INTO birth_provinces (code, name) VALUES (?, ?)", arguments: [code, name])
        }
        for period in calendar.periods {
            try db.execute(
                sql: "INSERT INTO office_periods (opens, closes) VALUES (?, ?)",
                arguments: [period.opens, period.closes])
        }
        for (days, kind) in [(calendar.holidays, "holiday"), (calendar.makeupDays, "makeup")] {
            for day in days {
                try db.execute(
                    sql: "INSERT INTO calendar_days (date, kind, name) VALUES (?, ?, ?)",
                    arguments: [day.description, kind, catalog.dayNames[day] ?? kind])
            }
        }
    }

    /// The working calendar, from the cache while the catalog's version and format are unchanged.
    func calendar(_ db: Database) throws -> WorkCalendar {
        try cachedCatalog(db).calendar
    }

    /// The stored catalog, from the cache while its version and format are unchanged (a catalog stored in an
    /// older format is replaced by the same version in the new one).
    func cachedCatalog(_ db: Database) throws -> Catalog {
        guard let row = try Row.fetchOne(db, sql: "SELECT version, format FROM catalog_meta WHERE id = 1") else {
            throw StoreError.notInitialized
        }
        let read = row.reading("catalog_meta", key: "1")
        let (version, format): (String, Int) = (try read("version"), try read("format"))
        if let cached = catalogCache.withLock({ $0 }), cached.version == version, cached.format == format {
            return cached.catalog
        }
        let catalog = try Self.fetchCatalog(db)
        catalogCache.withLock { $0 = (version, format, catalog) }
        return catalog
    }

    static func fetchCatalog(_ db: Database) throws -> Catalog {
        guard let meta = try Row.fetchOne(db, sql: "SELECT * FROM catalog_meta WHERE id = 1") else {
            throw StoreError.notInitialized
        }
        let procedures = try Row.fetchAll(db, sql: "SELECT * FROM procedures ORDER BY code").map(procedure)
        let communes = try Row.fetchAll(db, sql: "SELECT * FROM communes ORDER BY code").map { row in
            let code = try row.stored("code", table: "communes", key: "unknown", as: String.self)
            let read = row.reading("communes", key: code)
            return Commune(
                code: code, name: try read("name"), provinceCode: try read("province_code"),
                provinceName: try read("province_name"))
        }
        var provinces: [String: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT code, name FROM birth_provinces") {
            let code = try row.stored("code", table: "birth_provinces", key: "unknown", as: String.self)
            provinces[code] = try row.stored("name", table: "birth_provinces", key: code)
        }
        let periods = try Row.fetchAll(db, sql: "SELECT opens, closes FROM office_periods").map { row in
            let read = row.reading("office_periods", key: "a period")
            return OfficePeriod(opens: try read("opens"), closes: try read("closes"))
        }
        var holidays = Set<LocalDate>()
        var makeup = Set<LocalDate>()
        var names: [LocalDate: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT date, kind, name FROM calendar_days") {
            let date = try row.stored("date", table: "calendar_days", key: "unknown", as: String.self)
            // A holiday that does not read is a damaged row: skipping it would move every due date across it.
            guard let day = LocalDate(iso: date) else {
                throw CorruptRow(table: "calendar_days", key: date, column: "date")
            }
            let read = row.reading("calendar_days", key: date)
            if try read("kind", as: String.self) == "holiday" { holidays.insert(day) } else { makeup.insert(day) }
            names[day] = try read("name", as: String?.self)
        }
        let read = meta.reading("catalog_meta", key: "1")
        let weekdays = Set(try read("working_weekdays", as: String.self).split(separator: ",").compactMap { Int($0) })
        let confirmed: Set<Int>
        if let years = try read("confirmed_years", as: String?.self) {
            confirmed = Set(years.split(separator: ",").compactMap { Int($0) })
        } else {
            // Stored before v16: the catalog's own days only, its published years'.
            confirmed = WorkCalendar.publishedYears(in: holidays)
            WorkCalendar.addStatutoryHolidays(
                to: &holidays, names: &names, confirmed: confirmed, workingWeekdays: weekdays)
        }
        let calendar = WorkCalendar(
            periods: periods, workingWeekdays: weekdays, holidays: holidays, makeupDays: makeup,
            sameDayCutoff: try read("same_day_cutoff"), confirmedYears: confirmed)
        let survey = try read("satisfaction", as: String?.self).map { text in
            do {
                return try JSONDecoder().decode(SatisfactionSurvey.self, from: Data(text.utf8))
            } catch {
                throw CorruptRow(table: "catalog_meta", key: "1", column: "satisfaction")
            }
        }
        return Catalog(
            version: try read("version"), communes: communes, procedures: procedures, calendar: calendar,
            birthProvinces: provinces, dayNames: names, survey: survey ?? .overallOnly)
    }
}

/// A stored procedure; its JSON columns are read as the types they were written from.
private func procedure(_ row: Row) throws -> Procedure {
    let code = try row.stored("code", table: "procedures", key: "unknown", as: String.self)
    let read = row.reading("procedures", key: code)
    func decoded<T: Decodable>(_ column: String, as type: T.Type) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(try read(column, as: String.self).utf8))
        } catch {
            throw CorruptRow(table: "procedures", key: code, column: column)
        }
    }
    let field = try read("field_vi", as: String?.self).map {
        Procedure.Field(vi: $0, en: try read("field_en", as: String?.self) ?? $0)
    }
    return Procedure(
        code: code, localCode: try read("local_code"), nameVI: try read("name_vi"), nameEN: try read("name_en"),
        field: field,
        processing: try ProcessingTime(kind: try read("processing_kind"), amount: try read("processing_amount")),
        fee: try decoded("fee_rule", as: FeeRule.self), documents: try decoded("documents", as: [String].self),
        details: try decoded("details", as: Procedure.Details.self))
}

func jsonText<T: Encodable>(_ value: T) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(value), as: UTF8.self)
}
