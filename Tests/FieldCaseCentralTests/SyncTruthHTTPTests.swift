import FieldCaseCentral
import FieldCaseDomain
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// What the gateway's API tells a desk about enrollment and its history, on both storage backends (the rest
/// of the sync truths are the engine's conformance suite, `FieldCaseGatewayTests`).
@Suite(.tags(.slow, .postgres))
struct SyncTruthHTTPTests {
    static let commune = "02266"

    @Test("Hole 7: a refused enrollment creates nothing and leaves the token usable", arguments: Backend.allCases)
    func refusedEnrollment(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let now = LocalTime.now()
        let token = try await repository.createEnrollmentToken(
            commune: "00004", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        let wrong = EnrollRequest(token: token, terminal: 1, unitCode: "00004", communeCode: Self.commune)
        await #expect(throws: CentralError.communeMismatch(token: "00004", desk: Self.commune)) {
            _ = try await repository.enroll(wrong, now: .now())
        }
        #expect(try await repository.devices().isEmpty)

        let taken = try await repository.createEnrollmentToken(
            commune: "00004", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        try await fixture.app.test(.router) { client in
            let mismatch = try await client.execute(
                uri: "/v1/enroll", method: .post, body: try GatewayFixture.body(wrong))
            #expect(mismatch.status == .conflict)
            #expect(try GatewayFixture.decode(WireError.self, mismatch.body).error == "commune_mismatch")
            #expect(try await repository.devices().isEmpty)

            // The same token, with the desk set up for the right commune, enrolls.
            let right = EnrollRequest(token: token, terminal: 1, unitCode: "00004", communeCode: "00004")
            let enrolled = try await client.execute(
                uri: "/v1/enroll", method: .post, body: try GatewayFixture.body(right))
            #expect(enrolled.status == .created)
            #expect(try GatewayFixture.decode(EnrollResponse.self, enrolled.body).communeCode == "00004")

            // Terminal 1 is now taken: 409, and that token too stays usable for a free terminal.
            let clash = EnrollRequest(token: taken, terminal: 1, unitCode: "00004", communeCode: "00004")
            let refused = try await client.execute(
                uri: "/v1/enroll", method: .post, body: try GatewayFixture.body(clash))
            #expect(refused.status == .conflict)
            #expect(try GatewayFixture.decode(WireError.self, refused.body).error == "terminal_taken")
            #expect(try await repository.devices().count == 1)
            let free = EnrollRequest(token: taken, terminal: 2, unitCode: "00004", communeCode: "00004")
            let second = try await client.execute(
                uri: "/v1/enroll", method: .post, body: try GatewayFixture.body(free))
            #expect(second.status == .created)
        }
        #expect(try await repository.devices().map(\.terminal).sorted() == [1, 2])
    }

    @Test(
        "Epoch: every push and pull answer carries the gateway's epoch, and new-epoch changes it",
        arguments: Backend.allCases)
    func epoch(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let storage = try #require(repository as? any CentralStorage)
        let now = LocalTime.now()
        let enrollment = try await repository.createEnrollmentToken(
            commune: Self.commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        let enrolled = try await repository.enroll(
            EnrollRequest(token: enrollment, terminal: 1, unitCode: Self.commune, communeCode: Self.commune), now: now)
        let token = enrolled.deviceToken
        let before = try await storage.epoch()
        #expect(!before.isEmpty)
        #expect(enrolled.epoch == before)
        let events = [GatewayFixture.created(seq: 1)]
        try await fixture.app.test(.router) { client in
            let push = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
            #expect(try GatewayFixture.decode(PushResponse.self, push.body).epoch == before)
            let pull = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(token))
            #expect(try GatewayFixture.decode(PullResponse.self, pull.body).epoch == before)

            // The database was restored from a backup: the operator starts a new history.
            let after = try await repository.newEpoch()
            #expect(after != before)
            #expect(try await storage.epoch() == after)
            let replay = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
            #expect(try GatewayFixture.decode(PushResponse.self, replay.body).epoch == after)
            let again = try await client.execute(
                uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(token))
            #expect(try GatewayFixture.decode(PullResponse.self, again.body).epoch == after)
        }
    }
}
