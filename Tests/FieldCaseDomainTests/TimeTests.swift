import Testing

@testable import FieldCaseDomain

struct TimeTests {
    @Test("Dates round-trip through the day number and know their weekday")
    func dates() {
        let date = LocalDate(year: 2025, month: 6, day: 10)!
        #expect(date.description == "2025-06-10")
        #expect(date.weekday == 2)
        #expect(LocalDate(year: 2024, month: 2, day: 29) != nil)
        #expect(LocalDate(year: 2025, month: 2, day: 29) == nil)
        #expect(LocalDate(iso: "2025-13-01") == nil)
        #expect(LocalDate(iso: "25-01-01") == nil)
        #expect(LocalDate(dayNumber: 0).description == "1970-01-01")
        #expect(LocalDate(iso: "1969-12-31")!.dayNumber == -1)
    }

    @Test("ISO 8601 instants: local by default, offsets honoured, output always +07:00")
    func instants() {
        let local = LocalTime(iso8601: "2025-06-10T14:20")!
        #expect(local.iso8601 == "2025-06-10T14:20:00+07:00")
        #expect(LocalTime(iso8601: "2025-06-10T07:20:00Z") == local)
        #expect(LocalTime(iso8601: "2025-06-10T09:20:00+02:00") == local)
        #expect(LocalTime(iso8601: "2025-06-10T00:30:00Z")!.date.description == "2025-06-10")
        #expect(LocalTime(iso8601: "2025-06-09T23:30:00Z")!.iso8601 == "2025-06-10T06:30:00+07:00")
        #expect(LocalTime(iso8601: "2025-06-10T25:00") == nil)
        #expect(LocalTime(iso8601: "yesterday") == nil)
    }
}
