import FieldCaseCore
import GRDB

/// The catalog as releases before v16 stored it, in the tables v1 made: what a legacy home holds before this
/// release first opens it (`FieldCaseStore.replaceCatalog` writes the columns of the newest schema).
enum LegacyCatalog {
    static func insert(_ db: Database) throws {
        let catalog = try Catalog.embedded()
        let calendar = catalog.calendar
        try db.execute(
            sql: "INSERT INTO catalog_meta (id, version, working_weekdays, same_day_cutoff) VALUES (1, '2025.2', ?, ?)",
            arguments: [
                calendar.workingWeekdays.sorted().map(String.init).joined(separator: ","), calendar.sameDayCutoff,
            ])
        // The kinds of time the v1 table knew.
        for item in catalog.procedures
        where ["same_day", "working_days", "calendar_days"].contains(item.processing.kindAndAmount.kind) {
            let time = item.processing.kindAndAmount
            try db.execute(
                sql: "INSERT INTO procedures VALUES (?, ?, ?, ?, ?, ?, '[]')",
                arguments: [item.code, item.nameVI, item.nameEN, time.kind, time.amount, item.fee.usualAmount])
        }
        for commune in catalog.communes {
            try db.execute(
                sql: "INSERT INTO communes VALUES (?, ?, ?, ?)",
                arguments: [commune.code, commune.name, commune.provinceCode, commune.provinceName])
        }
        for (code, name) in catalog.birthProvinces {
            try db.execute(sql: "INSERT INTO birth_provinces VALUES (?, ?)", arguments: [code, name])
        }
        for period in calendar.periods {
            try db.execute(sql: "INSERT INTO office_periods VALUES (?, ?)", arguments: [period.opens, period.closes])
        }
        // Its calendar held 2025 alone.
        for day in calendar.holidays where day.year == 2025 {
            try db.execute(
                sql: "INSERT INTO calendar_days VALUES (?, 'holiday', 'holiday')", arguments: [day.description])
        }
        for day in calendar.makeupDays where day.year == 2025 {
            try db.execute(
                sql: "INSERT INTO calendar_days VALUES (?, 'makeup', 'makeup')", arguments: [day.description])
        }
    }
}
