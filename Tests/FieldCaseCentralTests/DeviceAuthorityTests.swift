import FieldCaseCentral
import FieldCaseDomain
import FieldCaseHarness
import FieldCaseWire
import Foundation
import Testing

/// A device's authority comes from the gateway's records: the commune and unit code of its enrollment, the
/// shared domain rules over every field it sends. Each test runs on both storage backends.
struct DeviceAuthorityTests {

    @Test(
        "The unit code is the operator's registration; a desk that claims another is refused",
        arguments: Backend.allCases)
    func unitCodeFromRecords(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let now = LocalTime.now()
        #expect(
            try await repository.registerCommune("00004", unitCode: "000.00.06.H56", by: "unix:test", now: now)
                == "000.00.06.H56")
        let token = try await repository.createEnrollmentToken(
            commune: "00004", terminal: nil, expiresAt: now.adding(seconds: 600), now: now)
        // A desk set up with the commune code as unit code, or with another commune's, is refused.
        for claimed in ["00004", "02266"] {
            await #expect(throws: CentralError.unitCodeMismatch(expected: "000.00.06.H56", got: claimed)) {
                _ = try await repository.enroll(
                    EnrollRequest(token: token, terminal: 1, unitCode: claimed, communeCode: "00004"), now: now)
            }
        }
        #expect(try await repository.devices().isEmpty, "nothing was created")
        let enrolled = try await repository.enroll(
            EnrollRequest(token: token, terminal: 1, unitCode: "000.00.06.H56", communeCode: "00004"), now: now)
        let device = try #require(try await repository.device(forToken: enrolled.deviceToken, now: now))
        #expect(device.unitCode == "000.00.06.H56")
        // With devices enrolled, the unit code stays.
        await #expect(throws: CentralError.unitCodeFixed(commune: "00004", unitCode: "000.00.06.H56")) {
            _ = try await repository.registerCommune("00004", unitCode: "00004", by: "unix:test", now: now)
        }
    }

    @Test(
        "A device cannot create, change or probe another commune's dossiers by any field it sends",
        arguments: Backend.allCases)
    func anotherCommunesDossiers(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let owner = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        var victim = GatewayFixture.created(seq: 1)
        victim.caseID = "an opaque case id"
        _ = try await repository.push([victim], from: owner, now: .now())
        let intruder = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "00004"), now: .now()))

        // Creating under the other commune's code, or reusing its case id under an own code.
        var squat = GatewayFixture.created(seq: 1, commune: "02266", terminal: 1, number: 2)
        squat.caseID = "squat-case"
        var sameID = GatewayFixture.created(seq: 2, commune: "00004")
        sameID.caseID = victim.caseID
        // Moving the other commune's dossier; probing a code that exists and one that does not.
        let move = GatewayFixture.statusChange(seq: 3, code: victim.caseCode, from: "received", to: "processing")
        let probe = GatewayFixture.statusChange(seq: 4, code: "02266-250610-1999", from: "received", to: "processing")
        let answer = try await repository.push([squat, sameID, move, probe], from: intruder, now: .now())
        #expect(answer.results.map(\.outcome) == [.rejected, .rejected, .rejected, .rejected])
        let reasons = answer.results.map { $0.reason ?? "" }
        #expect(!reasons.contains { $0.contains(victim.caseCode) && !$0.hasPrefix("unknown dossier") })
        #expect(!reasons[1].contains(victim.caseCode), "which dossier holds the case id stays unsaid")
        #expect(
            reasons[2].replacingOccurrences(of: victim.caseCode, with: "CODE")
                == reasons[3].replacingOccurrences(of: "02266-250610-1999", with: "CODE"),
            "an existing dossier of another commune is answered like a missing one")
        let cases = try await repository.cases(communes: ["02266"], status: nil)
        #expect(cases.map(\.code) == [victim.caseCode])
        #expect(cases.first?.status == .received)
    }

    @Test("Unknown payload keys are rejected and not stored; the desk's own rules hold", arguments: Backend.allCases)
    func strictPayloads(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        var smuggled = GatewayFixture.created(seq: 1)
        if case .object(var fields) = smuggled.payload, case .object(var applicant) = fields["applicant"] {
            applicant["nickname"] = .string(String(repeating: "A", count: 100_000))
            fields["applicant"] = .object(applicant)
            smuggled.payload = .object(fields)
        }
        var badID = GatewayFixture.created(seq: 2, number: 2)
        if case .object(var fields) = badID.payload, case .object(var applicant) = fields["applicant"] {
            applicant["id_number"] = .string("999099012345")  // no such birth province
            fields["applicant"] = .object(applicant)
            badID.payload = .object(fields)
        }
        var extraMove = GatewayFixture.statusChange(seq: 3, code: badID.caseCode, from: "received", to: "processing")
        if case .object(var fields) = extraMove.payload {
            fields["by_order_of"] = .string("Bộ trưởng")
            extraMove.payload = .object(fields)
        }
        let answer = try await repository.push([smuggled, badID, extraMove], from: device, now: .now())
        #expect(answer.results.map(\.outcome) == [.rejected, .rejected, .rejected])
        #expect(answer.results[0].reason?.contains("applicant.nickname") == true)
        #expect(
            answer.results[1].reason?.lowercased().contains("province") == true, "\(answer.results[1].reason ?? "")")
        #expect(answer.results[2].reason?.contains("by_order_of") == true)
        #expect(try await repository.cases(communes: nil, status: nil).isEmpty)
        let held = try await repository.reconcile(
            ReconcileRequest(eventIDs: [smuggled.eventID], caseCodes: []), for: device)
        #expect(held.held.map(\.outcome) == [.rejected], "the answer is kept")
    }

    @Test("A device's pull cursor shows nothing of other communes' activity", arguments: Backend.allCases)
    func cursorStaysInTheCommune(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let quiet = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let before = try await repository.pull(for: quiet, after: 0, resultsAfter: 0, limit: 100)
        let busy = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "00004"), now: .now()))
        _ = try await repository.push(
            (1...5).map { GatewayFixture.created(seq: Int64($0), commune: "00004") }, from: busy, now: .now())
        let after = try await repository.pull(for: quiet, after: before.nextCursor, resultsAfter: 0, limit: 100)
        #expect(after.changes.isEmpty)
        #expect(after.nextCursor == before.nextCursor)
        #expect(after.newest == before.newest)
    }

    @Test(
        "Escapes and bidi overrides in an event's identifiers get 400 and never reach an operator's terminal",
        arguments: Backend.allCases)
    func controlCharacters(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        var escaped = GatewayFixture.created(seq: 1)
        escaped.officer = "Lan\u{1B}[2J"
        var bidi = GatewayFixture.created(seq: 1)
        bidi.caseCode = "02266-250610-1001\u{202E}"
        let events = [escaped, bidi]
        try await fixture.app.test(.router) { client in
            for event in events {
                let response = try await client.execute(
                    uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                    body: try GatewayFixture.body(PushRequest(events: [event])))
                #expect(response.status == .badRequest)
            }
        }
        #expect(try await fixture.repository.devices().first?.last_seq == 0, "nothing was applied")
    }
}
