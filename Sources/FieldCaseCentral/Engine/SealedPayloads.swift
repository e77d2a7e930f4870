import Crypto
import FieldCaseDomain
import FieldCaseWire
import Foundation

extension CentralStorage {
    /// The gateway's key that desks seal their outbox payloads to: made once, kept in the database, so every
    /// gateway process over it (and a restored one) opens what any desk sealed.
    public func sealingKey() async throws -> Curve25519.KeyAgreement.PrivateKey {
        // Read on every push; written once, by whichever process needs it first.
        if let stored = try await storedSealingKey() {
            return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: stored)
        }
        let made = try await insertSealingKey(Curve25519.KeyAgreement.PrivateKey().rawRepresentation, now: .now())
        return try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: made)
    }

    /// The public half, as enrollment hands it to a desk (base64 of 32 bytes).
    public func sealingPublicKey() async throws -> String {
        try await sealingKey().publicKey.rawRepresentation.base64EncodedString()
    }

    /// Opens every sealed payload of a push before anything judges it. A created dossier's payload goes under
    /// the event's `case_code`, as the desk sends a clear one (a dossier recoded at re-enrollment keeps its
    /// sealed payload). One that does not open refuses the batch: it was sealed to another gateway's key.
    func opened(_ events: [WireEvent]) async throws -> [WireEvent] {
        guard events.contains(where: { $0.sealed != nil }) else { return events }
        let key = try await sealingKey()
        return try events.map { event in
            guard let sealed = event.sealed else { return event }
            var opened = event
            do {
                let plain = try OutboxSeal.open(sealed, eventID: event.eventID, with: key)
                opened.payload = try JSONDecoder().decode(JSONValue.self, from: plain)
            } catch {
                throw CentralError.unsealable(seq: event.seq)
            }
            opened.sealed = nil
            if event.kind == CaseEventKind.created, case .object(var fields) = opened.payload {
                fields["code"] = .string(event.caseCode)
                opened.payload = .object(fields)
            }
            return opened
        }
    }
}
