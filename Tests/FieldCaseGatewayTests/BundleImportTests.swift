import Crypto
@testable import FieldCaseBundle
@testable import FieldCaseGateway
import FieldCaseWire
import FieldCaseGatewayTesting
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

        init(_ fixture: StorageFixture, terminal: Int) async throws {
            let token = try await fixture.enroll(terminal: terminal)
            device = try #require(try await fixture.repository.device(forToken: token, now: .now()))
            _ = try await fixture.repository.registerBundleKeys(
                signing: signing.publicKey.rawRepresentation, agreement: agreement.publicKey.rawRepresentation,
                for: device)
        }

        func bundle(_ events: [WireEvent], for fixture: StorageFixture) async throws -> Data {
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
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let insider = try await Insider(fixture, terminal: 1)
        var events = (1...1001).map { StorageFixture.created(seq: Int64($0), number: $0) }
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
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let victim = try await Insider(fixture, terminal: 1)
        let insider = try await Insider(fixture, terminal: 2)
        let original = StorageFixture.created(seq: 1)
        _ = try await fixture.repository.importBundle(
            try await victim.bundle([original], for: fixture), by: "t", now: .now())
        var copy = original
        copy.seq = 1
        let copied = try await fixture.repository.importBundle(
            try await insider.bundle([copy], for: fixture), by: "t", now: .now())
        #expect(copied.counts == BundleCounts([]), "the copy is not taken: the event is the victim's")
        #expect(copied.takenElsewhere?.events == 1)
        let answer = try await fixture.repository.reconcile(
            ReconcileRequest(eventIDs: [original.eventID], caseCodes: []), for: victim.device)
        #expect(answer.held.last?.outcome == .applied, "the desk takes the last answer: its own")
    }

    @Test(
        "A clone's old bundle imported after the clone was enrolled again leaves the original desk's numbers alone",
        arguments: Backend.allCases)
    func cloneBundleAfterReenrollment(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let original = try await Insider(fixture, terminal: 1)
        let shared = StorageFixture.created(seq: 1)
        _ = try await fixture.repository.push([shared], from: original.device, now: .now(), quota: nil)
        // The disk is cloned after seq 1; the clone records a dossier as its seq 2 and writes a bundle, signed
        // with the original's keys (it holds them).
        let cloned = StorageFixture.created(seq: 2, number: 2)
        let oldBundle = try await original.bundle([shared, cloned], for: fixture)
        // The clone is enrolled again for terminal 2 and sends that dossier under its new identity and code.
        let clone = try await Insider(fixture, terminal: 2)
        var resent = StorageFixture.created(seq: 1, terminal: 2, number: 1)
        resent.eventID = cloned.eventID
        resent.caseID = cloned.caseID
        let sent = try await fixture.repository.push([resent], from: clone.device, now: .now(), quota: nil)
        #expect(sent.results.map(\.outcome) == [.applied])

        let imported = try await fixture.repository.importBundle(oldBundle, by: "t", now: .now())
        #expect(imported.counts.duplicates == 1, "the shared event is the original's, answered as before")
        #expect(
            imported.takenElsewhere
                == TakenElsewhere(fromSeq: 2, events: 1, devices: ["device \(clone.device.id) (terminal 2)"]))
        #expect(imported.diverged == nil)
        #expect(
            try fixture.query("SELECT COUNT(*) FROM events WHERE event_id = '\(cloned.eventID)'") == ["1"],
            "the clone's dossier is held once, under the clone's new identity")

        // The original desk goes on with its own seq 2: nothing of the clone's took that number.
        let own = StorageFixture.created(seq: 2, number: 3)
        let answer = try await fixture.repository.push([own], from: original.device, now: .now(), quota: nil)
        #expect(answer.results.map(\.outcome) == [.applied])

        // A replay of the original's own event (its answer lost) is a duplicate, even where another series
        // holds a copy of it.
        var copy = StorageFixture.created(seq: 2, terminal: 2, number: 2)
        copy.eventID = own.eventID
        _ = try await fixture.repository.push([copy], from: clone.device, now: .now(), quota: nil)
        let replay = try await fixture.repository.importBundle(
            try await original.bundle([own], for: fixture), by: "t", now: .now())
        #expect(replay.counts.duplicates == 1 && replay.takenElsewhere == nil)
    }

    @Test(
        "A bundle in transit when its laptop was replaced is taken for the new device once, without a number of its",
        arguments: Backend.allCases)
    func bundleTakenForSuccessor(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let old = try await Insider(fixture, terminal: 1)
        _ = try await repository.push([StorageFixture.created(seq: 1)], from: old.device, now: .now(), quota: nil)
        // Two dossiers go on a stick; then the laptop is replaced: revoked, a new one enrolled for terminal 1
        // from a backup that holds the first of them.
        let resent = StorageFixture.created(seq: 2, number: 2)
        // Five only on the stick: more than the new desk will have sent, so a carrier's series would look further.
        let onlyInBundle = (3...7).map { StorageFixture.created(seq: Int64($0), number: $0) }
        let stick = try await old.bundle([resent] + onlyInBundle, for: fixture)
        #expect(try await repository.revoke(deviceID: old.device.id, now: .now()))
        let successor = try #require(
            try await repository.device(forToken: try await fixture.enroll(terminal: 1), now: .now()))
        #expect(successor.streamID == old.device.streamID && successor.lastSeq == 1)
        _ = try await repository.push([resent], from: successor, now: .now(), quota: nil)

        await #expect(throws: CentralError.self, "without the operator's word the revoked device is refused") {
            _ = try await repository.importBundle(stick, by: "t", now: .now())
        }
        let taken = try await repository.importForSuccessor(stick, by: "operator", now: .now())
        #expect(taken.successor.id == successor.id)
        #expect(taken.counts.applied == 5 && taken.counts.duplicates == 1)
        for event in [resent] + onlyInBundle {
            #expect(try fixture.query("SELECT COUNT(*) FROM events WHERE event_id = '\(event.eventID)'") == ["1"])
        }
        #expect(
            try fixture.query("SELECT status FROM cases WHERE code = '\(onlyInBundle[4].caseCode)'") == ["received"])

        // The new desk's next number is still its own, and importing the stick again changes nothing.
        let next = StorageFixture.created(seq: 3, number: 8)
        let answer = try await repository.push([next], from: successor, now: .now(), quota: nil)
        #expect(answer.results.map(\.outcome) == [.applied])
        let again = try await repository.importForSuccessor(stick, by: "operator", now: .now())
        #expect(again.counts.duplicates == 6 && again.counts.applied == 0 && again.carrierID == nil)
        #expect(try fixture.query("SELECT COUNT(*) FROM devices WHERE bundle_of IS NOT NULL") == ["1"])
        #expect(try fixture.query("SELECT COUNT(*) FROM bundle_imports") == ["2"])

        // A later replacement continues the terminal's own series, never the carrier's.
        #expect(try await repository.revoke(deviceID: successor.id, now: .now()))
        let third = try #require(
            try await repository.device(forToken: try await fixture.enroll(terminal: 1), now: .now()))
        #expect(third.streamID == old.device.streamID && third.lastSeq == 3)
        await #expect(throws: CentralError.self, "a live device's bundle is not taken for a successor") {
            _ = try await repository.importForSuccessor(
                try await Insider(fixture, terminal: 2).bundle(
                    [StorageFixture.created(seq: 1, terminal: 2)], for: fixture),
                by: "t", now: .now())
        }
    }

    @Test(
        "A successor that sends again what a replaced laptop's stick carried, after the stick was taken for it, gets duplicates: nothing applied twice",
        arguments: Backend.allCases)
    func successorResendsWhatTheStickCarried(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let old = try await Insider(fixture, terminal: 1)
        let created = StorageFixture.created(seq: 1)
        _ = try await repository.push([created], from: old.device, now: .now(), quota: nil)
        let moves = [
            StorageFixture.statusChange(seq: 2, code: created.caseCode, from: "received", to: "processing"),
            StorageFixture.statusChange(
                seq: 3, code: created.caseCode, from: "processing", to: "supplement_requested"),
        ]
        let stick = try await old.bundle(moves, for: fixture)
        #expect(try await repository.revoke(deviceID: old.device.id, now: .now()))
        let successor = try #require(
            try await repository.device(forToken: try await fixture.enroll(terminal: 1), now: .now()))
        let taken = try await repository.importForSuccessor(stick, by: "operator", now: .now())
        #expect(taken.counts.applied == 2)
        // The new laptop was restored from a backup: its reconcile ran before the stick was taken, so it sends
        // the same two moves again under its own next numbers.
        let resent = moves.enumerated().map { index, move in
            var again = move
            again.seq = 2 + Int64(index)
            return again
        }
        let answer = try await repository.push(resent, from: successor, now: .now(), quota: nil)
        #expect(answer.results.map(\.outcome) == [.duplicate, .duplicate])
        #expect(answer.results.map(\.original) == [.applied, .applied])
        #expect(answer.results.last?.status == "supplement_requested")
        #expect(answer.ackedThrough == 3)
        #expect(
            try fixture.query(
                "SELECT COUNT(*) FROM changes WHERE kind = 'status_update' AND case_code = '\(created.caseCode)'")
                == ["2"], "each move reached the commune's desks once")
        #expect(try fixture.query("SELECT COUNT(*) FROM conflicts") == ["0"])
        #expect(
            try fixture.query("SELECT status FROM cases WHERE code = '\(created.caseCode)'") == ["supplement_requested"]
        )
        // A replay of those numbers answers the same again.
        let replay = try await repository.push(resent, from: successor, now: .now(), quota: nil)
        #expect(replay.results.map(\.outcome) == [.duplicate, .duplicate])
        #expect(replay.results.map(\.original) == [.applied, .applied])
    }

    @Test("A stolen laptop's bundle is never taken for its successor", arguments: Backend.allCases)
    func stolenLaptopBundleRefused(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let stolen = try await Insider(fixture, terminal: 1)
        _ = try await repository.push([StorageFixture.created(seq: 1)], from: stolen.device, now: .now(), quota: nil)
        // Whoever holds the laptop signs a bundle of made-up dossiers after it was revoked as stolen.
        let forged = try await stolen.bundle([StorageFixture.created(seq: 2, number: 2)], for: fixture)
        #expect(try await repository.revoke(deviceID: stolen.device.id, lost: true, now: .now()))
        _ = try await fixture.enroll(terminal: 1)
        await #expect(throws: CentralError.self) {
            _ = try await repository.importForSuccessor(forged, by: "operator", now: .now())
        }
        #expect(try fixture.query("SELECT COUNT(*) FROM events") == ["1"])
        #expect(try fixture.query("SELECT COUNT(*) FROM devices WHERE bundle_of IS NOT NULL") == ["0"])
    }
}
