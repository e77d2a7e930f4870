import Crypto
import Foundation
import Testing

@testable import FieldCaseWire

@Suite("The wire without what the receiver computes: outbox keys, audit hashes, a creating event's case id")
struct CompactWireTests {
    static let central = Curve25519.KeyAgreement.PrivateKey()

    @Test("Payloads under one outbox key open at the central system, each only for its own event and key")
    func outboxKeyOpens() throws {
        let key = try OutboxKey(for: Self.central.publicKey.rawRepresentation)
        let first = try OutboxSeal.seal(PayloadCompressionTests.dossier, eventID: "e1", with: key)
        let second = try OutboxSeal.seal(Data(#"{"to":"done"}"#.utf8), eventID: "e2", with: key)
        #expect(first.hasPrefix("s2:" + key.encapsulation.base64EncodedString() + ":"))
        var keys: [Data: OutboxKey] = [:]
        #expect(
            try OutboxSeal.open(first, eventID: "e1", with: Self.central, keys: &keys)
                == PayloadCompressionTests.dossier)
        #expect(
            try OutboxSeal.open(second, eventID: "e2", with: Self.central, keys: &keys) == Data(#"{"to":"done"}"#.utf8))
        #expect(keys.count == 1, "one key agreement for the batch")
        #expect(throws: (any Error).self) { try OutboxSeal.open(first, eventID: "e2", with: Self.central) }
        let other = Curve25519.KeyAgreement.PrivateKey()
        #expect(throws: (any Error).self) { try OutboxSeal.open(first, eventID: "e1", with: other) }
        // The desk keeps the secret and the encapsulation; what it seals with them later opens the same way.
        let kept = try OutboxKey(encapsulation: key.encapsulation, secretBytes: key.secretBytes)
        let later = try OutboxSeal.seal(PayloadCompressionTests.dossier, eventID: "e3", with: kept)
        #expect(try OutboxSeal.open(later, eventID: "e3", with: Self.central) == PayloadCompressionTests.dossier)
    }

    @Test("A payload moved under another desk's encapsulation, or with a changed byte, does not open")
    func outboxKeyTamper() throws {
        let key = try OutboxKey(for: Self.central.publicKey.rawRepresentation)
        let other = try OutboxKey(for: Self.central.publicKey.rawRepresentation)
        let sealed = try OutboxSeal.seal(PayloadCompressionTests.dossier, eventID: "e1", with: key)
        let body = String(sealed.split(separator: ":").last ?? "")
        let moved = "s2:" + other.encapsulation.base64EncodedString() + ":" + body
        #expect(throws: (any Error).self) { try OutboxSeal.open(moved, eventID: "e1", with: Self.central) }
        var bytes = try #require(Data(base64Encoded: body))
        bytes[0] ^= 1
        let flipped = "s2:" + key.encapsulation.base64EncodedString() + ":" + bytes.base64EncodedString()
        #expect(throws: (any Error).self) { try OutboxSeal.open(flipped, eventID: "e1", with: Self.central) }
        for malformed in ["s2:", "s2::", "s2:AAAA:AAAA", "s2:" + key.encapsulation.base64EncodedString()] {
            #expect(throws: (any Error).self) { try OutboxSeal.open(malformed, eventID: "e1", with: Self.central) }
        }
    }

    static func chain(_ count: Int) -> [WireAuditEntry] {
        var entries: [WireAuditEntry] = []
        for id in 1...Int64(count) {
            var entry = WireAuditEntry(
                id: id, at: 1_750_000_000 + id, officer: "Lan", action: "case.created", caseCode: "C\(id)",
                subject: "event \(id)", before: nil, after: nil, reason: nil, hash: "")
            entry.hash = entry.expectedHash(after: entries.last?.hash ?? "")
            entries.append(entry)
        }
        return entries
    }

    @Test("An audit push carries the first entry's hash and any that does not follow; the receiver computes the rest")
    func auditHashesComputed() throws {
        var entries = Self.chain(4)
        let json = try JSONEncoder().encode(AuditPushRequest(entries: entries))
        #expect(String(decoding: json, as: UTF8.self).components(separatedBy: "\"hash\"").count - 1 == 1)
        #expect(try JSONDecoder().decode(AuditPushRequest.self, from: json).entries == entries)
        // An entry edited on the desk keeps its stored hash on the wire: the break shows where it is.
        entries[2].subject = "edited"
        let edited = try JSONDecoder().decode(
            AuditPushRequest.self, from: try JSONEncoder().encode(AuditPushRequest(entries: entries)))
        #expect(edited.entries == entries)
        #expect(AuditChain.firstBreak(in: edited.entries)?.entry.id == 3)
        // Without the first hash nothing is computed: the push does not decode.
        let headless = Data(#"{"entries":[{"id":1,"at":1,"action":"a"}],"local_problems":[]}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(AuditPushRequest.self, from: headless) }
    }

    @Test("A creating event leaves out the case id that follows from its own id; a sealed one its null payload")
    func caseIDLeftOut() throws {
        let caseID = WireEvent.caseID(createdBy: "id-1")
        #expect(UUID(uuidString: caseID) != nil && caseID == caseID.lowercased())
        #expect(caseID != WireEvent.caseID(createdBy: "id-2"))
        let created = WireEvent(
            seq: 1, eventID: "id-1", caseID: caseID, caseCode: "C1", kind: "case.created",
            occurredAt: "2026-06-10T09:00:00+07:00", officer: "Lan", payload: .null, sealed: "s2:x:y")
        let moved = WireEvent(
            seq: 2, eventID: "id-2", caseID: caseID, caseCode: "C1", kind: "case.status_changed",
            occurredAt: "2026-06-10T09:00:00+07:00", officer: "Lan", payload: .object(["to": .string("done")]))
        let json = String(decoding: try JSONEncoder().encode(PushRequest(events: [created, moved])), as: UTF8.self)
        #expect(json.components(separatedBy: "case_id").count - 1 == 1)
        #expect(json.components(separatedBy: "payload").count - 1 == 1)
        #expect(try JSONDecoder().decode(PushRequest.self, from: Data(json.utf8)).events == [created, moved])
    }
}
