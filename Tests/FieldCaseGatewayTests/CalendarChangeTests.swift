import FieldCaseDomain
@testable import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Testing

/// A gateway that counted 2026's due dates without 2026's holidays (every release before catalog 2026.1)
/// starts with the published calendar: open dossiers' due dates are counted again, once, on both backends,
/// and each desk of the commune is told in a change that keeps the dossier's status.
@Suite(.tags(.postgres))
struct CalendarChangeTests {
    static let threeDays = "1.004859"
    static let sevenDays = "1.004222"

    static func at(_ text: String) -> LocalTime { LocalTime(iso8601: text)! }

    /// The rules of a gateway before 2026.1: the embedded catalog's 2025 days alone.
    static func before2026() throws -> GatewayRules {
        let embedded = try Catalog.embedded()
        return GatewayRules(
            catalog: Catalog(
                version: "2025.2", communes: embedded.communes, procedures: embedded.procedures,
                calendar: embedded.calendar.countedBefore2026, birthProvinces: embedded.birthProvinces))
    }

    /// A dossier received on `day` (YYMMDD in its code) at 09:00 with `procedure`.
    static func created(seq: Int64, day: String, procedure: String) -> WireEvent {
        var event = StorageFixture.created(seq: seq)
        let code = "02266-\(day)-1\(String(format: "%03d", seq))"
        let received = "20\(day.prefix(2))-\(day.dropFirst(2).prefix(2))-\(day.suffix(2))T09:00:00+07:00"
        guard case .object(var payload) = event.payload else { return event }
        payload["code"] = .string(code)
        payload["procedure_code"] = .string(procedure)
        payload["received_at"] = .string(received)
        event.payload = .object(payload)
        event.caseCode = code
        event.caseID = "case-\(code)"
        event.occurredAt = received
        return event
    }

    @Test(
        "Open dossiers of 2026 are counted again on the published calendar, once, and their desks told",
        arguments: Backend.allCases)
    func recount(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend, rules: try Self.before2026())
        defer { fixture.remove() }
        let old = fixture.repository
        let device = try #require(try await old.device(forToken: try await fixture.enroll(), now: .now()))
        let now = Self.at("2026-02-13T10:00")
        let events = [
            Self.created(seq: 1, day: "260213", procedure: Self.threeDays),
            Self.created(seq: 2, day: "260211", procedure: Self.sevenDays),
            Self.created(seq: 3, day: "260212", procedure: Self.threeDays),
        ]
        let pushed = try await old.push(events, from: device, now: now)
        #expect(pushed.results.map(\.outcome) == [.applied, .applied, .applied])
        // Counted without Tết 2026: Wednesday 18 and Friday 20 February.
        func dues(_ repository: any CentralRepository) async throws -> [String: String] {
            Dictionary(
                uniqueKeysWithValues: try await repository.cases(communes: nil, status: nil).map { ($0.code, $0.dueAt) }
            )
        }
        #expect(try await dues(old)["02266-260213-1001"] == "2026-02-18T09:00:00+07:00")
        // The second dossier waits for a supplement for 2.5 working hours, then goes on; the third is done.
        _ = try await old.setStatus(code: "02266-260211-1002", to: .processing, reason: nil, actor: "t", now: now)
        _ = try await old.setStatus(
            code: "02266-260211-1002", to: .supplementRequested, reason: "thiếu tờ khai", actor: "t",
            now: Self.at("2026-02-12T09:00"))
        _ = try await old.setStatus(
            code: "02266-260211-1002", to: .processing, reason: nil, actor: "t", now: Self.at("2026-02-12T13:30"))
        _ = try await old.setStatus(code: "02266-260212-1003", to: .processing, reason: nil, actor: "t", now: now)
        _ = try await old.setStatus(code: "02266-260212-1003", to: .resolved, reason: nil, actor: "t", now: now)
        let before = try await dues(old)
        #expect(before["02266-260211-1002"] == "2026-02-20T11:30:00+07:00")

        let published = try await fixture.reopened(rules: try GatewayRules.standard())
        let version = try Catalog.embedded().version
        let before2026 = try Self.before2026().catalog.calendar
        #expect(
            try await published.adoptCalendar(now: now, countedBefore: before2026) == 2,
            "the finished dossier keeps its due date")
        let after = try await dues(published)
        #expect(after["02266-260213-1001"] == "2026-02-25T09:00:00+07:00", "the worked example of domain.md")
        #expect(after["02266-260211-1002"] == "2026-02-27T11:30:00+07:00", "the pause's 2.5 hours kept")
        #expect(after["02266-260212-1003"] == before["02266-260212-1003"])
        let told = try await published.pull(PullQuery(after: 0, limit: 100, resultsAfter: 3), for: device).changes
            .filter {
                $0.actor == "catalog \(version)"
            }
        #expect(told.map(\.caseCode).sorted() == ["02266-260211-1002", "02266-260213-1001"])
        #expect(
            told.allSatisfy {
                $0.kind == .statusUpdate && $0.reason?.contains("calendar of catalog \(version)") == true
            })
        #expect(told.first { $0.caseCode == "02266-260213-1001" }?.status == "received", "the status is kept")
        #expect(told.first { $0.caseCode == "02266-260213-1001" }?.clock?.dueAt == "2026-02-25T09:00:00+07:00")

        // Another process starting with the same catalog, or a restart, changes nothing.
        #expect(try await published.adoptCalendar(now: now, countedBefore: before2026) == 0)
        let again = try await fixture.reopened(rules: try GatewayRules.standard())
        #expect(try await again.adoptCalendar(now: now, countedBefore: before2026) == 0)
        // A process still serving the older catalog is refused rather than counting every dossier back.
        let stale = try await fixture.reopened(rules: try Self.before2026())
        await #expect(throws: CentralError.catalogOlder(recorded: version, serving: "2025.2")) {
            try await stale.adoptCalendar(now: now, countedBefore: before2026)
        }
        #expect(try await dues(old) == after)
    }

    @Test(
        "A gateway that served a catalog listing 2026's days already counts nothing twice", arguments: Backend.allCases)
    func listedAlready(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let now = Self.at("2026-02-13T10:00")
        _ = try await repository.push(
            [Self.created(seq: 1, day: "260213", procedure: Self.threeDays)], from: device, now: now)
        // The operator's file listed 2026 (the published 2026.1 catalog read without the Code's rules).
        let listed = try WorkCalendar.listed(inCatalog: Catalog.embeddedJSON())
        #expect(try await repository.adoptCalendar(now: now, countedBefore: listed) == 0)
        #expect(try await repository.cases(communes: nil, status: nil).first?.dueAt == "2026-02-25T09:00:00+07:00")
    }

    @Test("Catalog versions compare as dotted numbers")
    func versions() {
        #expect(Catalog.version("2026.1", precedes: "2026.10"))
        #expect(Catalog.version("2025.2", precedes: "2026.1"))
        #expect(!Catalog.version("2026.1", precedes: "2026.1"))
        #expect(!Catalog.version("2027", precedes: "2026.9"))
    }
}
