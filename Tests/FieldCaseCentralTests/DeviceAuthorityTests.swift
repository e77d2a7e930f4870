import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseDomain
import FieldCaseHarness
import FieldCaseWire
import Foundation
import Testing

/// A device's authority comes from the gateway's records: the commune and unit code of its enrollment, the
/// shared domain rules over every field it sends. Each test runs on both storage backends.
@Suite(.tags(.postgres))
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
            commune: "00004", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
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

        // Data parked under a kind no desk writes, in a container where a desk writes a plain value, or in an
        // escape-laden or oversized reason: refused, and none of it stored.
        let accepted = GatewayFixture.created(seq: 4, number: 4)
        let code = accepted.caseCode
        var parked = GatewayFixture.statusChange(seq: 5, code: code, from: "received", to: "processing")
        parked.kind = "case.whatever"
        parked.payload = .object(["secret_stash": .string(String(repeating: "x", count: 50_000))])
        var boxed = GatewayFixture.statusChange(seq: 6, code: code, from: "received", to: "processing")
        boxed.payload = .object(["from": .object(["smuggle": .string("yes")]), "to": .string("processing")])
        let escaped = GatewayFixture.statusChange(
            seq: 7, code: code, from: "received", to: "refused", reason: "\u{1B}]0;owned\u{07}\u{202E}x")
        let huge = GatewayFixture.statusChange(
            seq: 8, code: code, from: "received", to: "refused", reason: String(repeating: "dài ", count: 20_000))
        // A reason of one letter and thousands of combining marks is one character but not a short text; an
        // escape-laden reason with a wrong `from` is refused, never kept as a conflict for an operator to read.
        let marks = GatewayFixture.statusChange(
            seq: 9, code: code, from: "received", to: "refused",
            reason: "a" + String(repeating: "\u{0301}", count: 5000))
        let conflicting = GatewayFixture.statusChange(
            seq: 10, code: code, from: "processing", to: "resolved", reason: "\u{1B}[31mRED\u{202E}")
        let refused = try await repository.push(
            [accepted, parked, boxed, escaped, huge, marks, conflicting], from: device, now: .now())
        #expect(
            refused.results.map(\.outcome) == [
                .applied, .rejected, .rejected, .rejected, .rejected, .rejected, .rejected,
            ])
        #expect(refused.results[3].reason?.contains("001B") == true, "\(refused.results[3].reason ?? "")")
        #expect(refused.results[4].reason?.contains("1000") == true, "\(refused.results[4].reason ?? "")")
        #expect(try fixture.query("SELECT count(*) FROM conflicts") == ["0"])
        let stored = try fixture.query("SELECT payload FROM events WHERE seq BETWEEN 5 AND 8 ORDER BY seq")
        #expect(stored.count == 4)
        #expect(stored[0] == "{}" && stored[1] == "{}" && stored[3] == "{}", "\(stored.map { $0.prefix(80) })")
        #expect(try await repository.cases(communes: nil, status: nil).map(\.status) == [.received])
    }

    @Test(
        "A unit code belongs to one commune; a push answer never shows another commune's status",
        arguments: Backend.allCases)
    func communeBoundaries(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        _ = try await repository.registerCommune("02266", unitCode: "000.00.06.H56", by: "test", now: .now())
        await #expect(throws: CentralError.unitCodeTaken(unitCode: "000.00.06.H56", commune: "02266")) {
            _ = try await repository.registerCommune("00070", unitCode: "000.00.06.H56", by: "test", now: .now())
        }
        // A commune first named by an enrollment token takes its own code as unit code: not when another
        // commune issues codes under it.
        _ = try await repository.registerCommune("02268", unitCode: "02269", by: "test", now: .now())
        await #expect(throws: CentralError.unitCodeTaken(unitCode: "02269", commune: "02268")) {
            _ = try await repository.createEnrollmentToken(
                commune: "02269", terminal: nil, expiresAt: LocalTime.now().adding(seconds: 3600), now: .now())
        }
        let own = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "04444"), now: .now()))
        let pushed = try await repository.push(
            [GatewayFixture.created(seq: 1, commune: "04444")], from: own, now: .now())
        #expect(pushed.results.first?.outcome == .applied)
        _ = try await repository.setStatus(
            code: "04444-250610-1001", to: .processing, reason: nil, actor: "test", now: .now())
        let stranger = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "05555"), now: .now()))
        let probe = GatewayFixture.statusChange(
            seq: 1, code: "04444-250610-1001", from: "processing", to: "supplement_requested", reason: "x")
        var sameCase = probe
        sameCase.caseID = "case-04444-250610-1001"
        let answer = try await repository.push([sameCase], from: stranger, now: .now())
        #expect(answer.results.first?.outcome == .rejected)
        #expect(answer.results.first?.status == nil, "the other commune's status stays unsaid")
        #expect(answer.results.first?.reason == "unknown dossier 04444-250610-1001")
    }

    @Test("A device's pull cursor shows nothing of other communes' activity", arguments: Backend.allCases)
    func cursorStaysInTheCommune(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let quiet = try #require(try await repository.device(forToken: try await fixture.enroll(), now: .now()))
        let before = try await repository.pull(PullQuery(after: 0, limit: 100, resultsAfter: 0), for: quiet)
        let busy = try #require(
            try await repository.device(forToken: try await fixture.enroll(commune: "00004"), now: .now()))
        _ = try await repository.push(
            (1...5).map { GatewayFixture.created(seq: Int64($0), commune: "00004") }, from: busy, now: .now())
        let after = try await repository.pull(
            PullQuery(after: before.nextCursor, limit: 100, resultsAfter: 0), for: quiet)
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
