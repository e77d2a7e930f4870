import FieldCaseBundle
import FieldCaseCore
import FieldCaseWire
import Foundation

/// The desk's side of sync carried by hand: the same push and pull as `SyncEngine`, written to and read
/// from files (sync/PROTOCOL.md, "Bundles").
public enum DeskBundles {
    /// Items one bundle carries at most (about 35 MB, within what the gateway reads); the next carries the rest.
    public static let maxItems = 50_000
    /// Sealed page bytes one bundle carries at most (about a hundred scans); with the most items, the file stays
    /// within what the gateway reads. The next bundle carries the rest.
    public static let maxPageBytes = 16 * 1024 * 1024

    /// A bundle written, before it is recorded.
    public struct Written: Sendable {
        public let header: BundleHeader
        public let data: Data
        public var sha256: String { BundleFile.sha256(data) }
        public var seqs: ClosedRange<Int64>? { header.firstSeq.flatMap { first in header.lastSeq.map { first...$0 } } }
    }

    /// The items not yet acknowledged (with `sinceAck`, those not already carried by a bundle still waiting for
    /// its reply), the audit trail not yet held centrally and the pull position, sealed to the central
    /// system and signed with this identity's key. Numbers the items as a push would; the caller holds the
    /// sync lock and has sealed what waited.
    public static func export(store: FieldCaseStore, sinceAck: Bool, now: LocalTime) throws -> Written {
        guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        if let diverged = enrollment.diverged { throw SyncError.diverged(diverged) }
        if enrollment.reconcileNeeded { throw BundleRefusal.reconcileNeeded }
        guard let keys = try store.bundleKeys(creating: false), try store.replyKey() != nil,
            let central = try store.sealingPublicKey()
        else { throw BundleRefusal.noBundleKeys }
        let profile = try store.requireProfile()
        var events = try store.pendingEvents(limit: .max)
        if sinceAck, let carried = try store.lastBundledSeq() { events.removeAll { $0.seq <= carried } }
        events = Array(events.prefix(maxItems))
        let header = BundleHeader(
            kind: .push, deviceID: enrollment.deviceID, communeCode: profile.communeCode, terminal: profile.terminal,
            firstSeq: events.first?.seq, lastSeq: events.last?.seq, items: events.count, createdAt: now.iso8601,
            signer: BundleFile.fingerprint(keys.signing.publicKey.rawRepresentation),
            recipient: BundleFile.fingerprint(central.rawRepresentation))
        var body = BundlePush(
            deviceID: enrollment.deviceID, events: events,
            audit: AuditPushRequest(
                entries: try store.unsentAudit(limit: maxItems), localProblems: try store.verifyAudit().problems),
            auditHead: try store.auditHead().map { AuditHead(id: $0.id, hash: $0.hash) },
            pullCursor: enrollment.pullCursor, answeredThrough: try store.answeredThrough(),
            pages: try store.pagesToCarry(maxBytes: maxPageBytes, maxCount: BundleLimits.maxPages).map {
                BundlePage(sha256: $0.sha256, sealed: $0.sealed)
            })
        // The pages take what room the items leave: a bundle past what the gateway reads is written again with
        // half of them, and so on (the items, which come first, fit by `maxItems`).
        while true {
            let data = try BundleFile.write(header: header, body: body, signer: keys.signing, recipient: central)
            guard data.count > BundleFile.maxBytes, !body.pages.isEmpty else {
                return Written(header: header, data: data)
            }
            body.pages.removeLast((body.pages.count + 1) / 2)
        }
    }

    /// What a reply brought, for the officer and `--json`.
    public struct ReplySummary: Sendable, Encodable {
        public let synced: Int
        public let rejected: Int
        public let conflicts: Int
        public let updates: Int
        /// Items that had no answer on this desk before the reply.
        public let answered_now: Int
        /// Scanned pages the central system now holds, from this bundle or sent before.
        public let pages_stored: Int
    }

    /// Checks that `data` is a reply for this identity signed by its central system, then takes its answers
    /// as a sync over the network does: each step is idempotent, so a reply imported twice, or after the
    /// network brought the same answers, changes nothing. The caller holds the sync lock.
    public static func importReply(_ data: Data, store: FieldCaseStore, now: LocalTime) throws -> ReplySummary {
        guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        // A desk whose numbering went back takes nothing more from the central system, by stick as by network:
        // the events the reply speaks of under its wire numbers may be another laptop's.
        if let diverged = enrollment.diverged { throw SyncError.diverged(diverged) }
        let reply = try opened(data, for: enrollment, store: store)
        guard try store.wroteBundle(sha256: reply.answers) else { throw BundleRefusal.notOurBundle }
        let before = try store.pendingCount()
        try store.recordPushResults(reply.push.results, now: now)
        if let diverged = reply.push.results.first(where: { $0.outcome == .diverged }) {
            throw SyncError.diverged(diverged.reason ?? "")
        }
        try store.applyPulledPage(reply.pull.changes, nextCursor: reply.pull.nextCursor, now: now)
        // Only forward: a reply older than a sync must not make the desk send its trail again.
        let sent = try store.unsentAudit(limit: 1).first.map { $0.id - 1 } ?? (try store.auditHead()?.id ?? 0)
        if reply.audit.receivedThrough > sent { try store.setAuditSent(through: reply.audit.receivedThrough) }
        // A reply to a bundle of this desk's, taken for the first time, is a sync by hand; one seen before, or
        // older than a sync that answered the same, leaves "last sync" as it is.
        let answeredNow = try store.markBundleAnswered(sha256: reply.answers, now: now)
        if answeredNow { try store.markSynced(now: now) }
        // Pages after the dossiers, as over the network: a page the gateway holds needs its sealed copy no longer.
        for sha256 in reply.pagesHeld {
            try store.recordPageReceipt(PageReceipt(sha256: sha256, received: 0, complete: true), for: sha256)
        }
        // A refusal counts once: a reply seen before, or older than a sync, must not refuse a page again.
        if answeredNow {
            for sha256 in reply.pagesRefused {
                try store.recordPageRefused(
                    sha256, reason: "the central system could not open the copy carried by hand")
            }
        }
        let outcomes = reply.push.results.map(\.effectiveOutcome)
        return ReplySummary(
            synced: outcomes.filter { $0 == .applied }.count, rejected: outcomes.filter { $0 == .rejected }.count,
            conflicts: outcomes.filter { $0 == .conflict }.count,
            updates: reply.pull.changes.filter { $0.kind == .statusUpdate }.count,
            answered_now: before - (try store.pendingCount()), pages_stored: reply.pagesHeld.count)
    }

    /// The reply's body, once it is known to be a reply, for this identity, signed by the key its central
    /// system registered it with, and from the same history of that system.
    static func opened(_ data: Data, for enrollment: Enrollment, store: FieldCaseStore) throws -> BundleReply {
        let bundle: SignedBundle
        do {
            bundle = try BundleFile.parse(data)
        } catch {
            throw BundleRefusal.file(error)
        }
        let header = bundle.header
        guard header.kind == .reply else { throw BundleRefusal.notAReply }
        guard header.deviceID == enrollment.deviceID else {
            throw BundleRefusal.otherDevice(
                deviceID: header.deviceID, commune: header.communeCode, terminal: header.terminal,
                this: enrollment.deviceID)
        }
        guard let verifier = try store.replyKey(), let keys = try store.bundleKeys(creating: false) else {
            throw BundleRefusal.noBundleKeys
        }
        let reply: BundleReply
        do {
            try bundle.verify(signer: verifier)
            reply = try bundle.open(BundleReply.self, with: keys.agreement)
        } catch {
            throw BundleRefusal.file(error)
        }
        guard reply.deviceID == enrollment.deviceID, reply.answers == header.answers else {
            throw BundleRefusal.file(.damaged)
        }
        if let known = enrollment.epoch,
            [reply.push.epoch, reply.pull.epoch].contains(where: { $0 != nil && $0 != known })
        {
            throw BundleRefusal.otherHistory
        }
        return reply
    }
}
