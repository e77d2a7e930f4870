import Testing

@testable import FieldCaseCentral
@testable import FieldCaseGateway

@Suite("What a batch's sealed payloads may open to")
struct InflatedBudgetTests {
    @Test("A push opens to 8 MiB at most, a large bundle to 2 KiB an event; past it the batch is refused")
    func bounded() throws {
        let push = InflatedBudget(events: 500)
        try push.spend(8 << 20)
        #expect(throws: CentralError.self) { try push.spend(1) }
        let bundle = InflatedBudget(events: 10_000)
        try bundle.spend(10_000 * 2048)
        #expect(throws: CentralError.self) { try bundle.spend(1) }
    }
}
