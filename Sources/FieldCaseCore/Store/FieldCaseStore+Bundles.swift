import Crypto
import FieldCaseRows
import FieldCaseWire
import Foundation
import GRDB

/// The desk's private keys for sync by carried media (raw 32-byte representations): Ed25519 signs its
/// bundles, X25519 opens the central system's replies.
public struct DeskBundleKeys: Sendable {
    public let signing: Curve25519.Signing.PrivateKey
    public let agreement: Curve25519.KeyAgreement.PrivateKey
}

/// A bundle written and not answered yet, for `queue` and `status`.
public struct OutstandingBundle: Sendable, Hashable {
    public let fileName: String
    public let exportedAt: LocalTime
    /// Items it carries that still wait for their answer.
    public let waiting: Int
}

extension FieldCaseStore {
    /// The desk's bundle keys, made now when `creating` and there are none: an identity's keys are made once,
    /// kept sealed to this machine like the device token (a scripted reply import needs no officer), and
    /// forgotten when the device enrolls again.
    public func bundleKeys(creating: Bool) throws -> DeskBundleKeys? {
        try write { db in
            guard let profile = try Self.fetchProfile(db), try Self.isEnrolled(db) else { return nil }
            if let sealed = try Data.fetchOne(db, sql: "SELECT bundle_keys_sealed FROM sync_config WHERE id = 1") {
                guard let text = DeviceSecret.open(sealed, salt: profile.deviceID) else {
                    throw StoreError.deviceTokenUnreadable
                }
                let parts = text.split(separator: ":").compactMap { Data(base64Encoded: String($0)) }
                guard parts.count == 2, let signing = try? Curve25519.Signing.PrivateKey(rawRepresentation: parts[0]),
                    let agreement = try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: parts[1])
                else { throw StoreError.sealedDataDamaged("bundle keys") }
                return DeskBundleKeys(signing: signing, agreement: agreement)
            }
            guard creating else { return nil }
            let keys = DeskBundleKeys(signing: .init(), agreement: .init())
            let text = [keys.signing.rawRepresentation, keys.agreement.rawRepresentation]
                .map { $0.base64EncodedString() }.joined(separator: ":")
            try db.execute(
                sql: "UPDATE sync_config SET bundle_keys_sealed = ? WHERE id = 1",
                arguments: [try DeviceSecret.seal(text, salt: profile.deviceID)])
            return keys
        }
    }

    /// Keeps the gateway's reply-signing key (base64 of 32 bytes) once it registered this desk's keys.
    public func saveReplyKey(_ base64: String) throws {
        guard let key = Data(base64Encoded: base64), key.count == 32 else {
            throw StoreError.implausibleAnswer("reply key")
        }
        try write { db in try db.execute(sql: "UPDATE sync_config SET reply_key = ? WHERE id = 1", arguments: [key]) }
    }

    /// The gateway's reply-signing key: nil until this identity's bundle keys are registered.
    public func replyKey() throws -> Curve25519.Signing.PublicKey? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT reply_key FROM sync_config WHERE id = 1")
        }.flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
    }

    /// The central system's X25519 key the outbox and bundles are sealed to.
    public func sealingPublicKey() throws -> Curve25519.KeyAgreement.PublicKey? {
        try read { db in
            try Data.fetchOne(db, sql: "SELECT sealing_key FROM sync_config WHERE id = 1")
        }.flatMap { try? Curve25519.KeyAgreement.PublicKey(rawRepresentation: $0) }
    }

    /// The last audit entry's id and hash.
    public func auditHead() throws -> (id: Int64, hash: String)? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").map {
                (
                    try $0.stored("id", table: "audit_log", key: "last"),
                    try $0.stored("hash", table: "audit_log", key: "last")
                )
            }
        }
    }

    /// Records a bundle written to `fileName`: its items are "in bundle" until its reply or their answers come.
    public func recordBundleExport(
        sha256: String, fileName: String, deviceID: String, seqs: ClosedRange<Int64>?, items: Int,
        by officer: Officer, now: LocalTime
    ) throws {
        try officer.require(.exportBundle)
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO bundles (sha256, file_name, device_id, first_seq, last_seq, items, exported_at, officer_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sha256, fileName, deviceID, seqs?.lowerBound, seqs?.upperBound, items, now.epochSeconds, officer.id,
                ])
            try Self.audit(
                db, AuditAction.bundleExported, by: officer, now: now, subject: fileName,
                after: ["items": String(items), "sha256": sha256])
        }
    }

    /// Whether this home wrote the bundle with this hash (its reply may speak for its wire numbers).
    public func wroteBundle(sha256: String) throws -> Bool {
        try read { db in
            try Bool.fetchOne(db, sql: "SELECT 1 FROM bundles WHERE sha256 = ?", arguments: [sha256]) ?? false
        }
    }

    /// Marks the bundle a reply answers; false when this desk wrote no such bundle (or it was answered before).
    public func markBundleAnswered(sha256: String, now: LocalTime) throws -> Bool {
        try write { db in
            try db.execute(
                sql: "UPDATE bundles SET answered_at = ? WHERE sha256 = ? AND answered_at IS NULL",
                arguments: [now.epochSeconds, sha256])
            guard db.changesCount > 0 else { return false }
            try Self.audit(db, AuditAction.bundleAnswered, by: nil, now: now, after: ["answers": sha256])
            return true
        }
    }

    /// The highest wire number carried by a bundle still waiting for its reply.
    public func lastBundledSeq() throws -> Int64? {
        try read { db in
            try Int64.fetchOne(db, sql: "SELECT MAX(last_seq) FROM bundles WHERE answered_at IS NULL")
        }
    }

    /// Bundles written before `cutoff` whose reply has not come while some of their items still wait.
    static func outstandingBundles(_ db: Database, before cutoff: LocalTime) throws -> [OutstandingBundle] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT b.file_name, b.exported_at,
                    (SELECT COUNT(*) FROM outbox ob WHERE ob.state = 'pending'
                        AND ob.wire_seq BETWEEN b.first_seq AND b.last_seq) AS waiting
                FROM bundles b WHERE b.answered_at IS NULL AND b.exported_at < ? AND b.first_seq IS NOT NULL
                ORDER BY b.exported_at
                """, arguments: [cutoff.epochSeconds]
        ).compactMap { row in
            let name: String = try row.stored("file_name", table: "bundles", key: "unanswered")
            let waiting: Int = try row.stored("waiting", table: "bundles", key: name)
            guard waiting > 0 else { return nil }
            return OutstandingBundle(
                fileName: name,
                exportedAt: LocalTime(
                    epochSeconds: try row.stored("exported_at", table: "bundles", key: name, as: Int64.self)),
                waiting: waiting)
        }
    }
}
