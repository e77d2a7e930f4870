import Testing

@testable import FieldCaseCore

struct LifecycleTests {
    @Test("Allowed transitions follow the national lifecycle")
    func allowed() throws {
        try CaseStatus.received.checkTransition(to: .processing, reason: nil)
        try CaseStatus.processing.checkTransition(to: .supplementRequested, reason: nil)
        try CaseStatus.supplementRequested.checkTransition(to: .processing, reason: nil)
        try CaseStatus.paymentRequested.checkTransition(to: .withdrawn, reason: nil)
        try CaseStatus.resolved.checkTransition(to: .returned, reason: nil)
        #expect(CaseStatus.allCases.filter(\.isTerminal) == [.refused, .withdrawn, .stopped, .returned])
    }

    @Test("A refused transition names the current status and the allowed next ones")
    func refused() {
        #expect {
            try CaseStatus.received.checkTransition(to: .resolved, reason: nil)
        } throws: { error in
            "\(error)"
                == "cannot move a dossier from received to resolved; allowed next: processing, refused, withdrawn"
        }
        #expect {
            try CaseStatus.returned.checkTransition(to: .processing, reason: nil)
        } throws: { error in
            "\(error)".contains("none: returned is final")
        }
    }

    @Test("Refusing and stopping need a reason")
    func reasons() throws {
        #expect(throws: DomainError.reasonRequired(.refused)) {
            try CaseStatus.received.checkTransition(to: .refused, reason: " ")
        }
        #expect(throws: DomainError.reasonRequired(.stopped)) {
            try CaseStatus.processing.checkTransition(to: .stopped, reason: nil)
        }
        try CaseStatus.received.checkTransition(to: .refused, reason: "thiếu giấy tờ")
    }

    @Test("Statuses are typed by name or national code")
    func parsing() {
        #expect(CaseStatus(statusArgument: "9") == .resolved)
        #expect(CaseStatus(statusArgument: "supplement-requested") == .supplementRequested)
        #expect(CaseStatus(statusArgument: "1") == nil)
    }
}

struct DossierCodeTests {
    @Test("UNIT-YYMMDD-TNNN")
    func shape() throws {
        let code = try DossierCode(
            unitCode: "000.00.06.H56", date: LocalDate(iso: "2023-10-27")!, terminal: 3, sequence: 61)
        #expect(code.description == "000.00.06.H56-231027-3061")
    }

    @Test("The 1000th dossier of a day on a terminal is an error, not a wrong code")
    func exhausted() throws {
        let date = LocalDate(iso: "2025-06-10")!
        #expect(
            try DossierCode(unitCode: "02266", date: date, terminal: 1, sequence: 999).description
                == "02266-250610-1999")
        #expect(throws: DomainError.dailySequenceExhausted(date: date, terminal: 1)) {
            try DossierCode(unitCode: "02266", date: date, terminal: 1, sequence: 1000)
        }
    }
}
