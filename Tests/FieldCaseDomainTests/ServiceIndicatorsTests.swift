import Testing

@testable import FieldCaseDomain

/// Decision 766's measures over hand-made histories: the month's window, a second supplement request counted
/// late, a province's notice that keeps the status counted as no new request, and shares with nothing to count.
struct ServiceIndicatorsTests {
    static let calendar = DueDateTests.calendar()
    static let september = LocalDate(iso: "2025-09-01")!
    static let now = DueDateTests.at("2025-10-15T10:00")

    static func history(
        _ code: String, received: String, due: String, _ moves: [(String, CaseStatus)],
        rating: Satisfaction.Rating? = nil
    ) throws -> CaseHistory {
        let survey = SatisfactionSurvey(
            version: "1", criteria: [.init(code: "time", nameVI: "Thời gian", nameEN: "Time")], source: nil)
        return CaseHistory(
            code: code, procedureCode: "1.004222", receivedAt: DueDateTests.at(received),
            statutoryDue: DueDateTests.at(due),
            transitions: moves.map { .init(at: DueDateTests.at($0.0), status: $0.1) },
            satisfaction: try rating.map {
                try Satisfaction(rating: $0, criteria: [.init(code: "time", rating: $0)], survey: survey)
            })
    }

    @Test("A notice that keeps a dossier waiting for papers is no second request; a second real one counts late")
    func supplements() throws {
        let histories = [
            // Asked once, then the province's calendar recount repeated the status: on time, one request.
            try Self.history(
                "A", received: "2025-09-01T08:00", due: "2025-09-10T08:00",
                [
                    ("2025-09-02T08:00", .processing), ("2025-09-02T09:00", .supplementRequested),
                    ("2025-09-03T09:00", .supplementRequested), ("2025-09-04T08:00", .processing),
                    ("2025-09-05T08:00", .resolved),
                ]),
            // Asked twice: resolved early, counted late all the same.
            try Self.history(
                "B", received: "2025-09-01T08:00", due: "2025-09-10T08:00",
                [
                    ("2025-09-02T08:00", .processing), ("2025-09-02T09:00", .supplementRequested),
                    ("2025-09-02T10:00", .processing), ("2025-09-03T09:00", .supplementRequested),
                    ("2025-09-03T10:00", .processing), ("2025-09-04T08:00", .resolved),
                    ("2025-10-01T08:00", .returned),
                ], rating: .notSatisfied),
            // Received in August, resolved late in September, handed over and rated in September.
            try Self.history(
                "C", received: "2025-08-28T08:00", due: "2025-09-01T08:00",
                [("2025-08-28T09:00", .processing), ("2025-09-02T08:00", .resolved), ("2025-09-30T16:00", .returned)],
                rating: .verySatisfied),
        ]
        let indicators = ServiceIndicators(
            month: Self.september, histories: histories, calendar: Self.calendar, now: Self.now)
        #expect(indicators.received == 2)
        #expect(indicators.onTime == .init(count: 1, total: 3))
        #expect(indicators.lateForSupplements == 1)
        #expect(indicators.supplementRequests == 3)
        #expect(indicators.dossiersAskedForPapers == 2)
        // B was handed over in October: September rates C alone.
        #expect(indicators.rated == .init(count: 1, total: 1))
        #expect(indicators.satisfied == .init(count: 1, total: 1))
        #expect(indicators.criteria == [.init(code: "time", ratings: [.verySatisfied: 1])])
        let october = ServiceIndicators(
            month: LocalDate(iso: "2025-10-01")!, histories: histories, calendar: Self.calendar, now: Self.now)
        #expect(october.satisfied == .init(count: 0, total: 1))
        #expect(october.onTime.percent == nil, "nothing resolved in October: no percentage, not 0%")
        #expect(october.asOf == Self.now, "a month in progress ends now")
    }

    @Test("A rating names only the survey's criteria, each once, in the survey's order")
    func ratingRules() throws {
        let survey = SatisfactionSurvey(
            version: "2026.1",
            criteria: [
                .init(code: "time", nameVI: "a", nameEN: "a"), .init(code: "attitude", nameVI: "b", nameEN: "b"),
            ],
            source: nil)
        let rated = try Satisfaction(
            rating: .satisfied,
            criteria: [.init(code: "attitude", rating: .satisfied), .init(code: "time", rating: .notSatisfied)],
            survey: survey)
        #expect(rated.criteria.map(\.code) == ["time", "attitude"])
        #expect(throws: DomainError.self) {
            try Satisfaction(rating: .satisfied, criteria: [.init(code: "parking", rating: .satisfied)], survey: survey)
        }
        #expect(throws: DomainError.self) {
            try Satisfaction(
                rating: .satisfied,
                criteria: [.init(code: "time", rating: .satisfied), .init(code: "time", rating: .notSatisfied)],
                survey: survey)
        }
        #expect(Satisfaction.Rating(ratingArgument: "very-satisfied") == .verySatisfied)
        #expect(Satisfaction.Rating(ratingArgument: "3") == .notSatisfied)
        #expect(Satisfaction.Rating(ratingArgument: "0") == nil)
    }
}
