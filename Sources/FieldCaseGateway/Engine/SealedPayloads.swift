import Crypto
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Synchronization

extension CentralStorage {
    /// The gateway's key that desks seal their outbox payloads to: made once, kept in the database, so every
    /// gateway process over it (and a restored one) opens what any desk sealed.
    /// What names this gateway's pages folder (`PageVault.mark`): its sealing key's fingerprint, the key every
    /// page is sealed to, unchanged by restarts, restores and new epochs.
    public func pagesIdentity() async throws -> String {
        Hex.string(SHA256.hash(data: try await sealingKey().publicKey.rawRepresentation).prefix(16))
    }

    public func sealingKey() async throws -> Curve25519.KeyAgreement.PrivateKey {
        try Curve25519.KeyAgreement.PrivateKey(
            rawRepresentation: try await keyBytes(.sealing) { Curve25519.KeyAgreement.PrivateKey().rawRepresentation })
    }

    /// The key the gateway signs bundle replies with, made like the sealing key.
    public func replySigningKey() async throws -> Curve25519.Signing.PrivateKey {
        try Curve25519.Signing.PrivateKey(
            rawRepresentation: try await keyBytes(.replySigning) { Curve25519.Signing.PrivateKey().rawRepresentation })
    }

    /// A gateway key: read on every use; written once, by whichever process needs it first.
    func keyBytes(_ key: GatewayKey, make: () -> Data) async throws -> Data {
        if let stored = try await storedKey(key) { return stored }
        return try await insertKey(key, make(), now: .now())
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
        let budget = InflatedBudget(events: events.count)
        // A payload sealed by itself is its own key agreement: a batch is opened in slices, one per core, each
        // keeping the desks' outbox keys it opened.
        let slices = max(1, min(ProcessInfo.processInfo.activeProcessorCount, events.count / 64))
        let size = (events.count + slices - 1) / slices
        let parts = await withTaskGroup(of: (Int, Result<[WireEvent], any Error>).self) { group in
            for start in stride(from: 0, to: events.count, by: size) {
                let slice = Array(events[start..<min(start + size, events.count)])
                group.addTask {
                    var keys: [Data: OutboxKey] = [:]
                    return (
                        start, Result { try slice.map { try Self.open($0, with: key, keys: &keys, budget: budget) } }
                    )
                }
            }
            return await group.reduce(into: []) { $0.append($1) }.sorted { $0.0 < $1.0 }
        }
        // The first slice that failed names its first event that did not open, as one pass in order would.
        return try parts.flatMap { try $0.1.get() }
    }

    static func open(
        _ event: WireEvent, with key: Curve25519.KeyAgreement.PrivateKey, keys: inout [Data: OutboxKey],
        budget: InflatedBudget
    ) throws -> WireEvent {
        guard let sealed = event.sealed else { return event }
        var opened = event
        let plain: Data
        do {
            plain = try OutboxSeal.open(sealed, eventID: event.eventID, with: key, keys: &keys)
        } catch {
            throw CentralError.unsealable(seq: event.seq)
        }
        try budget.spend(plain.count)
        do {
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

/// What the sealed payloads of one batch may open to in all. Deflated payloads are small on the wire and
/// large in memory: without a bound, a device's credentials would buy gigabytes of inflated JSON per push.
/// A batch may open to what a clear one could have carried (the 8 MiB a push body inflates to), or 2 KiB an
/// event for a large bundle: three times a real dossier.
final class InflatedBudget: Sendable {
    let left: Mutex<Int>

    init(events: Int) { left = Mutex(max(8 << 20, events * 2048)) }

    func spend(_ bytes: Int) throws {
        try left.withLock { left throws(CentralError) in
            guard left >= bytes else {
                throw CentralError.quotaExceeded(
                    "the batch's sealed payloads open to more than a batch may hold; send fewer events at a time")
            }
            left -= bytes
        }
    }
}
