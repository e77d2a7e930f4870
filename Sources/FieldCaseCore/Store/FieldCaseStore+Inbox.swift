import Crypto
import FieldCaseWire
import Foundation
import GRDB

/// The words the central system sends a desk (a provincial update's reason, another terminal's, a rejection)
/// may name a citizen, and they arrive while no officer is signed in (the reconnect script syncs). They are
/// sealed as they are stored, to the desk's inbox key: its public half is kept in clear, its private half
/// under the data key, so only a signed-in officer reads them and a copied home holds noise.
extension FieldCaseStore {
    static let inboxPrefix = "inbox:"
    /// The associated data of every sealed text: it is one kind of value wherever it is stored.
    static let inboxContext = "fieldcase inbox v1"

    /// Makes the inbox key where there is none yet (a new home, a home sealed or signed into after an upgrade).
    /// A public half set to NULL is made again from the private half, never replaced: what was sealed to it
    /// stays readable.
    static func ensureInboxKey(_ db: Database, key: DataKey) throws {
        guard
            let row = try Row.fetchOne(db, sql: "SELECT inbox_key, inbox_private FROM keyring WHERE id = 1")?
                .reading("keyring", key: "1"),
            try row("inbox_key", as: Data?.self) == nil
        else { return }
        let kept = try row("inbox_private", as: Data?.self).flatMap { sealed in
            (try? key.open(sealed, context: "inbox key")).flatMap {
                try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: $0)
            }
        }
        if let kept {
            try db.execute(
                sql: "UPDATE keyring SET inbox_key = ? WHERE id = 1", arguments: [kept.publicKey.rawRepresentation])
            return
        }
        let inbox = Curve25519.KeyAgreement.PrivateKey()
        try db.execute(
            sql: "UPDATE keyring SET inbox_key = ?, inbox_private = ? WHERE id = 1",
            arguments: [
                inbox.publicKey.rawRepresentation, try key.seal(inbox.rawRepresentation, context: "inbox key"),
            ])
    }

    /// `text` sealed to the inbox key; as it is in a home with no inbox key yet (sealed at the next sign-in).
    static func inboxSealed(_ db: Database, _ text: String?) throws -> String? {
        guard let text,
            let publicKey = try Data.fetchOne(
                db.cachedStatement(sql: "SELECT inbox_key FROM keyring WHERE id = 1 AND inbox_key IS NOT NULL"))
        else { return text }
        return inboxPrefix + (try OutboxSeal.seal(Data(text.utf8), eventID: inboxContext, to: publicKey))
    }

    /// Rewrites the central system's reasons that match `filter`; the table is append-only, its trigger lifted
    /// for this one rewrite in the caller's transaction.
    static func rewriteReasons(_ db: Database, where filter: String, _ rewrite: (String) throws -> String?) throws {
        let reasons = try Row.fetchAll(db, sql: "SELECT change, reason FROM central_updates WHERE \(filter)")
        guard !reasons.isEmpty else { return }
        try db.execute(sql: "DROP TRIGGER central_updates_append_only_update")
        for row in reasons {
            let change = try row.stored("change", table: "central_updates", key: "unknown", as: Int64.self)
            let reason: String = try row.stored("reason", table: "central_updates", key: String(change))
            try db.execute(
                sql: "UPDATE central_updates SET reason = ? WHERE change = ?", arguments: [try rewrite(reason), change])
        }
        try db.execute(sql: Schema.centralUpdatesAppendOnly)
    }

    /// Opens sealed texts with the signed-in officer's key, loaded once per read; "(sealed)" without it.
    func inboxOpener(_ db: Database) throws -> (String?) -> String? {
        // A damaged private half reads as "(sealed)": the dossier and the queue still show the rest.
        let privateKey = try dataKey.flatMap { key in
            try Data.fetchOne(db, sql: "SELECT inbox_private FROM keyring WHERE id = 1").flatMap { sealed in
                try? Curve25519.KeyAgreement.PrivateKey(rawRepresentation: key.open(sealed, context: "inbox key"))
            }
        }
        return { text in
            guard let text, text.hasPrefix(Self.inboxPrefix) else { return text }
            guard let privateKey,
                let plain = try? OutboxSeal.open(
                    String(text.dropFirst(Self.inboxPrefix.count)), eventID: Self.inboxContext, with: privateKey)
            else { return "(sealed)" }
            return String(decoding: plain, as: UTF8.self)
        }
    }

    /// At a sign-in: makes the inbox key if missing, and seals what an earlier release stored in clear (the
    /// central system's reasons, the outbox's last errors, the names of a dossier's documents).
    func sealArrivedText() throws {
        guard let key = dataKey, try isProtected() else { return }
        try write { db in
            try Self.ensureInboxKey(db, key: key)
            // The clear text's old pages go as a sealed home's do (`purgeClearPages`), at once and at later sign-ins.
            let before = db.totalChangesCount
            try Self.rewriteReasons(db, where: "reason NOT GLOB 'inbox:*'") { try Self.inboxSealed(db, $0) }
            for row in try Row.fetchAll(
                db,
                sql:
                    "SELECT seq, last_error FROM outbox WHERE state IN ('rejected', 'conflict') AND last_error NOT GLOB 'inbox:*'"
            ) {
                let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
                let said = try row.stored("last_error", table: "outbox", key: String(seq), as: String?.self)
                try db.execute(
                    sql: "UPDATE outbox SET last_error = ? WHERE seq = ?",
                    arguments: [try Self.inboxSealed(db, said), seq])
            }
            try Self.sealClearDocuments(db, key: key)
            if db.totalChangesCount > before { try db.execute(sql: "UPDATE keyring SET purged = 0 WHERE id = 1") }
        }
        try? purgeClearPages()
    }
}
