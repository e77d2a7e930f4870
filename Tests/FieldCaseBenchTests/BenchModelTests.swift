import FieldCaseCore
import Testing

@testable import FieldCaseBench

@Suite("The bench's own parts: seeded people who pass the desk's rules, percentiles, the capacity model")
struct BenchModelTests {
    @Test("The same seed gives the same people, and every intake passes the desk's validation")
    func peopleAreValidAndReplayable() throws {
        let catalog = try Catalog.embedded()
        let now = LocalTime(iso8601: "2026-06-10T09:00")!
        var first = People(seed: 5, catalog: catalog)
        var again = People(seed: 5, catalog: catalog)
        for _ in 0..<200 {
            let intake = first.intake(receivedAt: now)
            #expect(intake.name == again.intake(receivedAt: now).name)
            _ = try intake.validated(catalog: catalog, now: now)
        }
    }

    @Test("Percentiles by nearest rank; nothing measured is not a number")
    func percentiles() {
        let values = (1...100).map(Double.init)
        #expect(Stats.percentile(values, 50) == 50)
        #expect(Stats.percentile(values, 99) == 99)
        #expect(Stats.percentile([3, 1, 2], 100) == 3)
        #expect(Stats.percentile([], 50).isNaN)
    }

    @Test("The capacity model reads a run's JSON lines and refuses a run without a figure it needs")
    func capacityModel() throws {
        let run = """
            {"name":"wire","figures":{"bytes_per_case":190}}
            not json
            {"name":"push (postgres)","figures":{"cases_per_second":0}}
            """
        let model = try CapacityModel(jsonLines: run)
        #expect(try model.figure("wire", "bytes_per_case") == 190)
        #expect(throws: BenchError.self) { try model.figure("push (postgres)", "cases_per_second") }
        #expect(throws: BenchError.self) { try model.lines() }
    }
}
