import Crypto
@testable import FieldCaseBundle
@testable import FieldCaseCentral
import FieldCaseWire
import Foundation
import Testing

/// Bundle import on the engine, with bundles an insider device crafts with its own registered key.
@Suite(.tags(.postgres))
struct BundleImportTests {
    /// A device enrolled and registered with fresh bundle keys.
    struct Insider {
        let device: Device
        let signing = Curve25519.Signing.PrivateKey()
        let agreement = Curve25519.KeyAgreement.PrivateKey()

        init(_ fixture: GatewayFixture, terminal: Int) async throws {
            let token = try await fixture.enroll(terminal: terminal)
            device = try #require(try await fixture.repository.device(forToken: token, now: .now()))
            _ = try await fixture.repository.registerBundleKeys(
                signing: signing.publicKey.rawRepresentation, agreement: agreement.publicKey.rawRepresentation,
                for: device)
        }

        func bundle(_ events: [WireEvent], for fixture: GatewayFixture) async throws -> Data {
            let central = try Curve25519.KeyAgreement.PublicKey(
                rawRepresentation: try #require(Data(base64Encoded: try await fixture.repository.sealingPublicKey())))
            let header = BundleHeader(
                kind: .push, deviceID: device.id, communeCode: device.communeCode, terminal: device.terminal,
                firstSeq: events.first?.seq, lastSeq: events.last?.seq, items: events.count,
                createdAt: "2025-06-10T09:00:00+07:00",
                signer: BundleFile.fingerprint(signing.publicKey.rawRepresentation),
                recipient: BundleFile.fingerprint(central.rawRepresentation))
            let body = BundlePush(
                deviceID: device.id, events: events, audit: AuditPushRequest(entries: []), auditHead: nil,
                pullCursor: 0,
                answeredThrough: 0)
            return try BundleFile.write(header: header, body: body, signer: signing, recipient: central)
        }
    }

    @Test(
        "A payload that does not open anywhere in a bundle refuses all of it, before anything is applied",
        arguments: Backend.allCases)
    func refusedWhole(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let insider = try await Insider(fixture, terminal: 1)
        var events = (1...1001).map { GatewayFixture.created(seq: Int64($0), number: $0) }
        events[1000].sealed = Data(repeating: 7, count: 80).base64EncodedString()
        let data = try await insider.bundle(events, for: fixture)
        await #expect(throws: CentralError.bundleRefused("event 1001 does not open with this central system's key")) {
            _ = try await fixture.repository.importBundle(data, by: "test", now: .now())
        }
        #expect(try fixture.query("SELECT COUNT(*) FROM events") == ["0"])
        #expect(try fixture.query("SELECT COUNT(*) FROM bundle_imports") == ["0"])
    }

    @Test(
        "Another device's copy of an event id never decides what the event's own desk reconciles to",
        arguments: Backend.allCases)
    func reconcileKeepsOwnAnswer(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let victim = try await Insider(fixture, terminal: 1)
        let insider = try await Insider(fixture, terminal: 2)
        let original = GatewayFixture.created(seq: 1)
        _ = try await fixture.repository.importBundle(
            try await victim.bundle([original], for: fixture), by: "t", now: .now())
        var copy = original
        copy.seq = 1
        let copied = try await fixture.repository.importBundle(
            try await insider.bundle([copy], for: fixture), by: "t", now: .now())
        #expect(copied.counts.rejected == 1, "the copy is rejected: the code is not the insider's")
        let answer = try await fixture.repository.reconcile(
            ReconcileRequest(eventIDs: [original.eventID], caseCodes: []), for: victim.device)
        #expect(answer.held.last?.outcome == .applied, "the desk takes the last answer: its own")
    }
}
