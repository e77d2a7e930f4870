import FieldCaseDomain
import GRDB
import Testing

@testable import FieldCaseCore

/// The desk keeps its catalog's calendar whole: the years it confirms as published, the Labor Code's holidays
/// for the others; and a calendar stored before confirmed years existed gains the Code's holidays when read.
struct CalendarStoreTests {
    static func day(_ text: String) -> LocalDate { LocalDate(iso: text)! }

    @Test("The embedded catalog's calendar reads back the same, with its confirmed years and its days' names")
    func roundTrip() throws {
        let fixture = try StoreFixture()
        let stored = try fixture.store.catalog()
        let embedded = try Catalog.embedded()
        #expect(stored.calendar == embedded.calendar)
        #expect(stored.calendar.confirmedYears == [2025, 2026])
        #expect(stored.dayNames[Self.day("2026-08-31")] == embedded.dayNames[Self.day("2026-08-31")])
        #expect(stored.dayNames[Self.day("2027-02-08")] == "Tết Nguyên đán")
    }

    @Test("A calendar stored before v16 confirms its own years; 2026 then gets the Code's Tết, not nothing")
    func storedBefore() throws {
        let fixture = try StoreFixture()
        try fixture.store.write { db in
            try db.execute(sql: "UPDATE catalog_meta SET confirmed_years = NULL")
            try db.execute(sql: "DELETE FROM calendar_days WHERE date < '2025' OR date >= '2026'")
        }
        let calendar = try fixture.store.catalog().calendar
        #expect(calendar.confirmedYears == [2025])
        #expect(!calendar.isWorkingDay(Self.day("2026-02-16")) && !calendar.isWorkingDay(Self.day("2026-02-20")))
        #expect(calendar.isWorkingDay(Self.day("2026-08-31")), "the published swap is not known to such a desk")
        #expect(calendar.isWorkingDay(Self.day("2025-02-03")), "2025 stays as published")
    }

    @Test("SQLite refuses confirmed years that are not a list of years")
    func checked() throws {
        let fixture = try StoreFixture()
        #expect(throws: DatabaseError.self) {
            try fixture.store.write { db in try db.execute(sql: "UPDATE catalog_meta SET confirmed_years = '2027; x'") }
        }
    }

    @Test("A calendar whose make-up day falls on a day the Code gives off is stored and read back whole")
    func makeupOnComputedHoliday() throws {
        let fixture = try StoreFixture()
        let embedded = try Catalog.embedded()
        var calendar = embedded.calendar
        calendar.makeupDays.insert(Self.day("2027-05-03"))
        calendar.holidays.remove(Self.day("2027-05-03"))
        let catalog = Catalog(
            version: "2026.2", communes: embedded.communes, procedures: embedded.procedures, calendar: calendar,
            birthProvinces: embedded.birthProvinces, dayNames: embedded.dayNames)
        try fixture.store.replaceCatalog(with: catalog)
        #expect(try fixture.store.catalog().calendar == calendar)
    }
}
