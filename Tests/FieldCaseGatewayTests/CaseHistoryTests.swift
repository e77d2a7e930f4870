import FieldCaseDomain
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Testing

/// What the gateway's indicators are counted from, on both backends: each dossier of the communes asked with
/// every status it went through (desks' moves applied, the province's updates) and the citizen's rating; a
/// rating of the wrong shape or on the wrong move is refused and stored nowhere.
@Suite(.tags(.postgres))
struct CaseHistoryTests {
    static func move(
        _ seq: Int64, _ code: String, _ from: String, _ to: String, at time: String,
        satisfaction: JSONValue? = nil
    ) -> WireEvent {
        var event = StorageFixture.statusChange(seq: seq, code: code, from: from, to: to)
        event.occurredAt = time
        if let satisfaction, case .object(var payload) = event.payload {
            payload["satisfaction"] = satisfaction
            event.payload = .object(payload)
        }
        return event
    }

    static let rating: JSONValue = .object([
        "rating": .string("satisfied"), "survey": .string("2026.1"),
        "criteria": .array([.object(["code": .string("time"), "rating": .string("not_satisfied")])]),
    ])

    @Test(
        "Histories hold the applied moves, the province's updates and the rating; other communes stay out",
        arguments: Backend.allCases)
    func histories(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let other = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "00004"), now: .now()))
        let first = StorageFixture.created(seq: 1)
        // A desk that writes a due date years away: the indicators count the gateway's own.
        var second = StorageFixture.created(seq: 2)
        if case .object(var payload) = second.payload {
            payload["due_at"] = .string("2030-01-01T17:00:00+07:00")
            second.payload = .object(payload)
        }
        let handover = Self.move(
            5, first.caseCode, "resolved", "returned", at: "2025-06-11T09:00:00+07:00", satisfaction: Self.rating)
        let pushed = try await repository.push(
            [
                first, second,
                Self.move(3, first.caseCode, "received", "processing", at: "2025-06-10T10:00:00+07:00"),
                Self.move(4, first.caseCode, "processing", "resolved", at: "2025-06-10T11:00:00+07:00"),
                handover,
                // Refused: a move the lifecycle does not allow; it is in no history.
                Self.move(6, second.caseCode, "received", "resolved", at: "2025-06-10T10:00:00+07:00"),
            ], from: device, now: .now())
        #expect(pushed.results.map(\.outcome) == [.applied, .applied, .applied, .applied, .applied, .rejected])
        // The handover sent again under the next seq (a desk restored from a copy): held already, stored with
        // an empty payload, counted once.
        var again = handover
        again.seq = 7
        let replayed = try await repository.push([again], from: device, now: .now())
        #expect(replayed.results.map(\.outcome) == [.duplicate])
        #expect(try fixture.query("SELECT outcome || ' ' || payload FROM events WHERE seq = 7") == ["applied {}"])
        let elsewhere = try await repository.push(
            [StorageFixture.created(seq: 1, commune: "00004")], from: other, now: .now())
        #expect(elsewhere.results.map(\.outcome) == [.applied])
        // The province stops the second dossier by hand.
        _ = try await repository.setStatus(
            code: second.caseCode, to: .processing, reason: nil, actor: "province", now: .now())

        let histories = try await repository.caseHistories(communes: ["02266"], calendar: try Catalog.embedded())
        #expect(histories.map(\.code).sorted() == [first.caseCode, second.caseCode])
        let one = try #require(histories.first { $0.code == first.caseCode })
        #expect(one.transitions.map(\.status) == [.processing, .resolved, .returned])
        #expect(one.receivedAt == LocalTime(iso8601: "2025-06-10T09:00:00+07:00"))
        #expect(one.statutoryDue == LocalTime(iso8601: "2025-06-10T17:00:00+07:00"))
        #expect(one.satisfaction?.rating == .satisfied)
        #expect(one.satisfaction?.criteria == [Satisfaction.Criterion(code: "time", rating: .notSatisfied)])
        let two = try #require(histories.first { $0.code == second.caseCode })
        #expect(two.transitions.map(\.status) == [.processing], "the province's update, not the refused move")
        #expect(two.satisfaction == nil)
        #expect(
            two.statutoryDue == LocalTime(iso8601: "2025-06-10T17:00:00+07:00"), "the gateway's count, not the desk's")
        #expect(try await repository.caseHistories(communes: ["00004"], calendar: try Catalog.embedded()).count == 1)
        #expect(try await repository.caseHistories(communes: [], calendar: try Catalog.embedded()).isEmpty)
    }

    @Test("A rating on another move, of another shape or with unknown keys is refused", arguments: Backend.allCases)
    func refused(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let created = StorageFixture.created(seq: 1)
        let code = created.caseCode
        let time = "2025-06-10T10:00:00+07:00"
        let bad: [JSONValue] = [
            .object(["rating": .string("delighted"), "survey": .string("2026.1"), "criteria": .array([])]),
            .object(["rating": .string("satisfied"), "survey": .string("2026 1"), "criteria": .array([])]),
            .object([
                "rating": .string("satisfied"), "survey": .string("2026.1"),
                "criteria": .array([
                    .object(["code": .string("time"), "rating": .string("satisfied")]),
                    .object(["code": .string("time"), "rating": .string("satisfied")]),
                ]),
            ]),
            .object([
                "rating": .string("satisfied"), "survey": .string("2026.1"), "criteria": .array([]),
                "comment": .string("personal remark"),
            ]),
        ]
        var events = [
            created, Self.move(2, code, "received", "processing", at: time),
            Self.move(3, code, "processing", "resolved", at: time, satisfaction: Self.rating),
        ]
        for (index, satisfaction) in bad.enumerated() {
            events.append(
                Self.move(Int64(4 + index), code, "processing", "resolved", at: time, satisfaction: satisfaction))
        }
        let pushed = try await repository.push(events, from: device, now: .now())
        #expect(pushed.results.map(\.outcome) == [.applied, .applied] + Array(repeating: .rejected, count: 5))
        #expect(pushed.results[2].reason?.contains("returned") == true, "\(pushed.results[2].reason ?? "")")
        #expect(pushed.results.last?.reason?.contains("satisfaction.comment") == true)
        #expect(try fixture.query("SELECT count(*) FROM events WHERE payload LIKE '%personal remark%'") == ["0"])
        let history = try #require(
            try await repository.caseHistories(communes: ["02266"], calendar: try Catalog.embedded()).first)
        #expect(history.transitions.map(\.status) == [.processing])
    }
}
