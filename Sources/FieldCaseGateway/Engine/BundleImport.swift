import Crypto
import FieldCaseBundle
import FieldCaseDomain
import FieldCaseWire
import Foundation

/// How a bundle's events came out, counted.
public struct BundleCounts: Sendable, Codable, Equatable {
    public var applied = 0
    public var duplicates = 0
    public var rejected = 0
    public var conflicts = 0

    init(_ results: [PushResult]) {
        for result in results {
            if result.outcome == .duplicate { duplicates += 1 }
            switch result.outcome {
            case .applied: applied += 1
            case .rejected: rejected += 1
            case .conflict: conflicts += 1
            case .duplicate, .diverged: break
            }
        }
    }
}

/// A bundle's events from the first one that another device's seq series holds: the laptop that wrote the
/// bundle was enrolled again since (a cloned disk, or a restored home) and sent them under its new identity.
/// Taking them under the bundle's device would spend numbers that device's own desk is still to use, and its
/// next sync would find its numbering gone back.
public struct TakenElsewhere: Sendable, Equatable, Codable {
    public let fromSeq: Int64
    public let events: Int
    /// The devices holding them, as "device ID (terminal N)".
    public let devices: [String]

    enum CodingKeys: String, CodingKey {
        case fromSeq = "from_seq"
        case events, devices
    }
}

/// What an operator's import did, and the signed reply to carry back to the desk.
public struct BundleImport: Sendable {
    public let header: BundleHeader
    public let sha256: String
    public let counts: BundleCounts
    /// Why events stopped being applied (the desk's numbering went back), if they did.
    public let diverged: String?
    /// The bundle's events from the first one another device's series holds, left out.
    public let takenElsewhere: TakenElsewhere?
    /// Changes the reply carries (provincial updates and outcomes after the desk's cursor).
    public let changes: Int
    /// The desk's audit trail: a break found in it, and the central copy's last entry beside the desk's.
    public let auditProblem: String?
    public let auditThrough: Int64
    public let deskAuditHead: AuditHead?
    /// The bundle's pages: carried, now held whole here, and those whose sealed copy did not open or check.
    public let pagesCarried: Int
    public let pagesHeld: Int
    public let pagesRefused: Int
    public let reply: Data
    public let replyHeader: BundleHeader
}

extension CentralStorage {
    /// The most changes one reply carries; the desk's next bundle asks for the rest.
    static var maxReplyChanges: Int { 100_000 }

    public func registerBundleKeys(signing: Data, agreement: Data, for device: Device) async throws
        -> BundleKeysResponse
    {
        guard BundleKeyCheck.usable(signing: signing, agreement: agreement) else { throw CentralError.bundleKeysWeak }
        guard try await storeBundleKeys(deviceID: device.id, signing: signing, agreement: agreement) else {
            throw CentralError.bundleKeysHeld
        }
        return BundleKeysResponse(
            replyKey: try await replySigningKey().publicKey.rawRepresentation.base64EncodedString())
    }

    /// Checks a desk's bundle (format, recipient, device, signature, revocation, contents) before anything is
    /// applied, then applies its events through the same push as `/v1/sync/push` (a replay is a duplicate),
    /// takes its audit trail as `/v1/sync/audit` does, and answers with a reply signed by this gateway and
    /// sealed to the desk: the outcomes and the changes after the desk's cursor.
    public func importBundle(_ data: Data, by operatorName: String, now: LocalTime, vault: PageVault?) async throws
        -> BundleImport
    {
        let bundle = try Self.parsed(data)
        let sealing = try await sealingKey()
        let (record, key) = try await sender(of: bundle, sealing: sealing)
        let body: BundlePush
        do {
            body = try bundle.open(BundlePush.self, with: sealing)
        } catch {
            throw CentralError.bundleRefused(Self.describe(error, header: bundle.header))
        }
        try Self.check(body, against: bundle.header, device: record.device)
        let (events, elsewhere) = try await leavingOutTakenElsewhere(body.events, device: record.device)
        let (results, last) = try await apply(events, from: record.device, now: now)
        let counts = BundleCounts(results)
        let audit: AuditPushResponse
        let pull: PullResponse
        let epoch: String
        do {
            audit = try await receiveAudit(body.audit, from: record.device, now: now, quota: nil)
            pull = try await replyChanges(
                for: record.device, after: body.pullCursor, resultsAfter: body.answeredThrough)
            try await insertBundleImport(
                BundleImportRecord(
                    sha256: bundle.sha256, deviceID: record.device.id, firstSeq: bundle.header.firstSeq,
                    lastSeq: bundle.header.lastSeq, items: body.events.count, counts: counts, importedBy: operatorName,
                    importedAt: now))
            epoch = try await self.epoch()
        } catch  where !results.isEmpty {
            // The events are in: the operator is told so, and that importing again writes the reply.
            throw CentralError.bundleInterrupted(taken: results.count, reason: (error as? CentralError)?.message)
        }
        // After the events, as over the network: a page is taken only for a dossier the gateway now holds.
        let pages = try await keepPages(body.pages, from: record.device, vault: vault, now: now)
        let reply = BundleReply(
            deviceID: record.device.id, answers: bundle.sha256,
            push: PushResponse(
                ackedThrough: last.ackedThrough, expectedSeq: last.expectedSeq, results: results, epoch: epoch),
            audit: audit, pull: pull, pagesHeld: pages.held, pagesRefused: pages.refused)
        let signer = try await replySigningKey()
        let replyHeader = BundleHeader(
            kind: .reply, deviceID: record.device.id, communeCode: record.device.communeCode,
            terminal: record.device.terminal, firstSeq: bundle.header.firstSeq, lastSeq: bundle.header.lastSeq,
            items: results.count, createdAt: now.iso8601,
            signer: BundleFile.fingerprint(signer.publicKey.rawRepresentation),
            recipient: BundleFile.fingerprint(key.rawRepresentation), answers: bundle.sha256)
        return BundleImport(
            header: bundle.header, sha256: bundle.sha256, counts: counts,
            diverged: results.first { $0.outcome == .diverged }.map { $0.reason ?? "diverged" },
            takenElsewhere: elsewhere,
            changes: pull.changes.count, auditProblem: audit.problem, auditThrough: audit.receivedThrough,
            deskAuditHead: body.auditHead, pagesCarried: body.pages.count, pagesHeld: pages.held.count,
            pagesRefused: pages.refused.count,
            reply: try BundleFile.write(header: replyHeader, body: reply, signer: signer, recipient: key),
            replyHeader: replyHeader)
    }

    /// A bundle's pages: held already, kept when the copy opens and checks (`keepPage`), refused when it does not;
    /// one no dossier of the desk's commune describes is neither (the desk carries it again). Without a vault
    /// (a gateway keeping no pages), none is taken.
    func keepPages(_ pages: [BundlePage], from device: Device, vault: PageVault?, now: LocalTime) async throws
        -> (held: [String], refused: [String])
    {
        guard let vault else { return ([], []) }
        var held: [String] = []
        var refused: [String] = []
        var seen: Set<String> = []
        for page in pages where seen.insert(page.sha256).inserted {
            guard try await declaredPage(page.sha256, communes: [device.communeCode]) != nil else { continue }
            if vault.holds(page.sha256) {
                held.append(page.sha256)
                continue
            }
            do {
                let kept = try await keepPage(page.sealed, sha256: page.sha256, device: device, vault: vault, now: now)
                if kept { held.append(page.sha256) } else { refused.append(page.sha256) }
            } catch {
                // A disk that cannot keep it now: neither held nor refused, so the desk carries it again.
                continue
            }
        }
        return (held, refused)
    }

    /// The events through the push engine in batches of 1,000, once every payload opened (a bundle is refused
    /// whole or taken); until a batch diverges. No quota: an operator imports.
    func apply(_ events: [WireEvent], from device: Device, now: LocalTime) async throws
        -> (results: [PushResult], last: PushResponse)
    {
        let opened: [WireEvent]
        do {
            opened = try await self.opened(events)
        } catch CentralError.unsealable(let seq) {
            throw CentralError.bundleRefused("event \(seq) does not open with this central system's key")
        }
        var results: [PushResult] = []
        var last = PushResponse(ackedThrough: device.lastSeq, expectedSeq: nil, results: [])
        do {
            for slice in opened.chunked(1000) {
                last = try await push(Array(slice), from: device, now: now, quota: nil)
                results += last.results
                if results.contains(where: { $0.outcome == .diverged }) { break }
            }
        } catch  where !results.isEmpty {
            // Batches already committed stay (each is one transaction); the operator is told, and a second
            // import takes the rest.
            throw CentralError.bundleInterrupted(taken: results.count, reason: (error as? CentralError)?.message)
        }
        return (results, last)
    }

    /// The events before the first one a device of another seq series holds, and what was left out. Events at
    /// or below the device's last seq are the planner's to answer (a replay is a duplicate whoever else holds a
    /// copy).
    func leavingOutTakenElsewhere(_ events: [WireEvent], device: Device) async throws
        -> ([WireEvent], TakenElsewhere?)
    {
        var holders: [EventHolder] = []
        for slice in events.map(\.eventID).chunked(1000) {
            holders += try await eventHolders(communeCode: device.communeCode, eventIDs: Array(slice))
                .filter { $0.streamID != device.streamID }
        }
        let held = Set(holders.map(\.eventID))
        guard let first = events.firstIndex(where: { $0.seq > device.lastSeq && held.contains($0.eventID) }) else {
            return (events, nil)
        }
        let devices = Set(holders.map { "device \($0.deviceID) (terminal \($0.terminal))" }).sorted()
        return (
            Array(events[..<first]),
            TakenElsewhere(fromSeq: events[first].seq, events: events.count - first, devices: devices)
        )
    }

    static func parsed(_ data: Data) throws -> SignedBundle {
        let bundle: SignedBundle
        do {
            bundle = try BundleFile.parse(data)
        } catch {
            throw CentralError.bundleRefused(describe(error, header: nil))
        }
        guard bundle.header.kind == .push else {
            throw CentralError.bundleRefused("it is a reply for a desk, not a desk's bundle")
        }
        return bundle
    }

    /// The device that signed the bundle, judged by this gateway's records: sealed to this gateway's key,
    /// from a device it knows, signed with the key that device registered, and the device not revoked.
    /// `revoked` is what the operator asked for: `.refused` for a desk's own bundle, `.required` for one taken
    /// for a revoked device's successor.
    func sender(
        of bundle: SignedBundle, sealing: Curve25519.KeyAgreement.PrivateKey, revoked: RevokedSender = .refused
    ) async throws -> (BundleDevice, Curve25519.KeyAgreement.PublicKey) {
        let header = bundle.header
        let own = BundleFile.fingerprint(sealing.publicKey.rawRepresentation)
        guard header.recipient == own else {
            throw CentralError.bundleRefused(
                "it was made for another central system (key \(header.recipient.prefix(12))…; this one's is "
                    + "\(own.prefix(12))…)")
        }
        let name =
            "device \(header.deviceID.prefix(40)) (commune \(header.communeCode.prefix(8)), terminal "
            + "\(header.terminal))"
        guard let record = try await bundleDevice(id: header.deviceID) else {
            throw CentralError.bundleDeviceRefused("it names \(name), which this central system does not know")
        }
        // Checked again here: keys stored before the check existed are judged as new ones are.
        guard let signing = record.signingKey, let agreement = record.agreementKey,
            BundleKeyCheck.usable(signing: signing, agreement: agreement),
            let verifier = try? Curve25519.Signing.PublicKey(rawRepresentation: signing),
            let replyKey = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: agreement)
        else {
            throw CentralError.bundleDeviceRefused(
                "\(name) has registered no usable bundle keys (it must sync over the network once, or enroll again)")
        }
        do {
            try bundle.verify(signer: verifier)
        } catch {
            throw CentralError.bundleRefused(Self.describe(error, header: header))
        }
        switch (record.revokedAt, revoked) {
        case (let date?, .refused):
            throw CentralError.bundleDeviceRefused(
                "\(name) was revoked on \(date.date): its bundles are refused (if its laptop was replaced, an "
                    + "operator takes the bundle for the new device with --for-successor)")
        case (nil, .required):
            throw CentralError.bundleRefused("\(name) is not revoked: import its bundle without --for-successor")
        case (_?, .required) where record.lost:
            throw CentralError.bundleDeviceRefused(
                "\(name) was revoked as lost or stolen: whoever holds it can still sign bundles, so none is taken "
                    + "for a successor (its dossiers are recorded again on the new desk)")
        default: break
        }
        guard header.communeCode == record.device.communeCode, header.terminal == record.device.terminal else {
            throw CentralError.bundleRefused("its header does not match \(name) as enrolled")
        }
        return (record, replyKey)
    }

    /// The signed contents must agree with the signed header, follow on what the gateway holds, and pass the
    /// checks a push over HTTP passes.
    static func check(_ body: BundlePush, against header: BundleHeader, device: Device) throws {
        let seqs = body.events.map(\.seq)
        let numbered = zip(seqs, seqs.dropFirst()).allSatisfy { $1 == $0 + 1 }
        guard body.deviceID == header.deviceID, seqs.count == header.items, seqs.first == header.firstSeq,
            seqs.last == header.lastSeq, numbered
        else { throw CentralError.bundleRefused("its contents do not match its header") }
        if let refusal = WireChecks.refusal(body.events) ?? WireChecks.refusal(body.audit) {
            throw CentralError.bundleRefused(refusal)
        }
        guard body.pages.count <= BundleLimits.maxPages else {
            throw CentralError.bundleRefused(
                "it carries \(body.pages.count) scanned pages; a bundle carries at most \(BundleLimits.maxPages)")
        }
        if let first = seqs.first, first > device.lastSeq + 1 {
            throw CentralError.bundleRefused(
                "it starts at item \(first) but this central system holds the device's items only through "
                    + "\(device.lastSeq): import the bundle with the items before it first; if there is none (this "
                    + "system was restored from a backup since), the desk must sync over the network once")
        }
    }

    /// Every change after `cursor`, page by page, up to `maxReplyChanges`.
    func replyChanges(for device: Device, after cursor: Int64, resultsAfter: Int64) async throws -> PullResponse {
        var page = try await pull(PullQuery(after: cursor, limit: 1000, resultsAfter: resultsAfter), for: device)
        var changes = page.changes
        while page.hasMore, page.nextCursor > cursor, changes.count < Self.maxReplyChanges {
            page = try await pull(
                PullQuery(after: page.nextCursor, limit: 1000, resultsAfter: resultsAfter), for: device)
            changes += page.changes
        }
        page.changes = changes
        return page
    }

    static func describe(_ error: any Error, header: BundleHeader?) -> String {
        let device = header.map { "device \($0.deviceID.prefix(40))" } ?? "the device"
        switch error as? BundleError {
        case .notABundle: return "it is not a fieldcase bundle"
        case .unsupportedFormat(let format):
            return "it is in bundle format \(format), which this release does not read; update fieldcase-central"
        case .damaged: return "it is damaged (cut short, or its parts do not fit together)"
        case .signedByAnotherKey:
            return "it is signed with another key than \(device)'s (re-signed, or another device's)"
        case .badSignature: return "it was changed after \(device) signed it"
        case .forAnotherRecipient: return "it was made for another central system"
        case .unreadable: return "it does not open with this central system's key"
        case nil: return "it cannot be read"
        }
    }
}

/// Public keys a device may register: a small-order Ed25519 point verifies forged signatures, and a low-order
/// X25519 point makes every reply sealed to it readable by anyone.
enum BundleKeyCheck {
    static func usable(signing: Data, agreement: Data) -> Bool {
        guard signing.count == 32, (try? Curve25519.Signing.PublicKey(rawRepresentation: signing)) != nil,
            let key = try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: agreement),
            let secret = try? Curve25519.KeyAgreement.PrivateKey().sharedSecretFromKeyAgreement(with: key),
            secret.withUnsafeBytes({ $0.contains { $0 != 0 } })
        else { return false }
        return !smallOrder.contains { point in
            zip(signing.prefix(31), point.prefix(31)).allSatisfy { $0 == $1 }
                && signing[signing.startIndex + 31] & 0x7F == point[31]
        }
    }

    /// The encodings of Ed25519's points of order 1, 2, 4 and 8, the sign bit aside (libsodium's list).
    static let smallOrder: [[UInt8]] = [
        [UInt8](repeating: 0, count: 32),
        [1] + [UInt8](repeating: 0, count: 31),
        [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0, 0xd5, 0xdf,
            0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
        ],
        [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f, 0x2a, 0x20,
            0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
        ],
        [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        [0xed] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
        [0xee] + [UInt8](repeating: 0xff, count: 30) + [0x7f],
    ]
}
