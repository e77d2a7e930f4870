import FieldCaseRows
import FieldCaseWire
import Foundation
import GRDB

/// A page as `case show` lists it.
public struct AttachedPage: Sendable, Hashable {
    public let page: ScannedPage
    public let attachedAt: LocalTime
    /// The gateway holds the page (opened and checked against its address).
    public let storedCentrally: Bool
    /// Bytes of the sealed page the gateway acknowledged, of `uploadSize` (nil until sealed for it).
    public let sent: Int
    public let uploadSize: Int?
    /// Why the gateway refused the page, when it did.
    public let refused: String?
}

/// What attaching one file did.
public struct PageAttachment: Sendable, Hashable {
    public let page: ScannedPage
    /// The dossier already had this page: nothing was written.
    public let alreadyAttached: Bool
    /// The desk held these bytes already (for another dossier): stored once, sent once.
    public let storedBefore: Bool
}

/// A page to send: the sealed copy for the gateway (where to go on from is the gateway's word, not the desk's).
public struct PageUpload: Sendable {
    public let sha256: String
    public let sealed: Data
}

/// The pages still to reach the gateway, and what the supervisor's budget leaves of today.
public struct PageBacklog: Sendable, Hashable, Codable {
    public var pages = 0
    /// Sealed bytes still to send (a page not sealed yet counts at its size).
    public var bytes = 0
    /// Pages the gateway refused (shown in `queue`; their dossiers are unaffected).
    public var refused = 0
    public var sentToday = 0
    /// Bytes a day the policy allows, nil when unlimited.
    public var dailyBudget: Int?
    /// Bytes one sync may send, nil when unlimited.
    public var perSyncBudget: Int?

    enum CodingKeys: String, CodingKey {
        case pages, bytes, refused
        case sentToday = "sent_today"
        case dailyBudget = "daily_budget"
        case perSyncBudget = "per_sync_budget"
    }

    /// What today's budget leaves, nil when unlimited.
    public var leftToday: Int? { dailyBudget.map { max(0, $0 - sentToday) } }
}

extension FieldCaseStore {
    /// Attaches a scanned file to a dossier: the bytes sealed once under the data key (the same page twice is
    /// stored once), the `case.attached` event and its outbox row, and the copy sealed for the central system
    /// when the desk knows its key, in one transaction. The event goes with the dossier's other events; the
    /// page's bytes follow it when the link and the budget allow.
    public func attachPage(
        _ bytes: Data, to code: String, stage: ScannedPage.Stage, component: Int?, by officer: Officer, now: LocalTime
    ) throws -> PageAttachment {
        try attachPages([bytes], to: code, stage: stage, component: component, by: officer, now: now)[0]
    }

    /// Attaches several files in one transaction: all of them, or none when one is refused.
    public func attachPages(
        _ files: [Data], to code: String, stage: ScannedPage.Stage, component: Int?, by officer: Officer,
        now: LocalTime
    ) throws -> [PageAttachment] {
        let pages = try files.map { bytes in
            ScannedPage(
                sha256: PageSeal.address(of: bytes), size: bytes.count,
                mediaType: try ScannedPage.mediaType(of: Array(bytes)), stage: stage, component: component)
        }
        let key = try requireKey()
        return try write { db in
            guard let current = try fetchCase(db, code: code) else { throw DomainError.unknownCase(code) }
            if current.discardedAt != nil { throw StoreError.caseDiscarded(code) }
            try ScannedPage.checkPlace(stage: stage, component: component, documents: current.documents.count)
            var attached: [PageAttachment] = []
            for (page, bytes) in zip(pages, files) {
                attached.append(try attach(db, page, bytes: bytes, to: current, by: officer, now: now, key: key))
            }
            return attached
        }
    }

    /// One page attached in the caller's transaction.
    func attach(
        _ db: Database, _ page: ScannedPage, bytes: Data, to current: CaseRecord, by officer: Officer,
        now: LocalTime, key: DataKey
    ) throws -> PageAttachment {
        // Tied to the dossier by an item not discarded: the same page again is nothing new.
        let live = """
            SELECT COUNT(*) FROM case_pages cp JOIN outbox ob ON ob.seq = cp.seq
            WHERE cp.case_id = ? AND ob.state <> 'discarded'
            """
        if try Int.fetchOne(db, sql: live + " AND cp.sha256 = ?", arguments: [current.id, page.sha256]) ?? 0 > 0 {
            return PageAttachment(page: page, alreadyAttached: true, storedBefore: true)
        }
        let count = try Int.fetchOne(db, sql: live, arguments: [current.id]) ?? 0
        guard count < ScannedPage.maxPerDossier else {
            throw DomainError.invalidField(.scannedPage, .maxLength(ScannedPage.maxPerDossier, got: count + 1))
        }
        let storedBefore = try Self.storePage(db, page, bytes: bytes, key: key, now: now)
        let seq = try appendEvent(
            db, caseID: current.id, kind: CaseEventKind.attached, payload: try jsonText(page), officer: officer,
            now: now)
        try db.execute(
            sql: "INSERT INTO case_pages (seq, case_id, sha256, stage, component) VALUES (?, ?, ?, ?, ?)",
            arguments: [seq, current.id, page.sha256, page.stage.rawValue, page.component])
        try Self.audit(
            db, CaseEventKind.attached, by: officer, now: now, caseCode: current.code, subject: "event \(seq)",
            after: ["page": String(page.sha256.prefix(12)), "stage": page.stage.rawValue])
        return PageAttachment(page: page, alreadyAttached: false, storedBefore: storedBefore)
    }

    /// Stores a page's bytes unless the desk holds them already; true when it did.
    static func storePage(_ db: Database, _ page: ScannedPage, bytes: Data, key: DataKey, now: LocalTime) throws
        -> Bool
    {
        if try Bool.fetchOne(db, sql: "SELECT 1 FROM pages WHERE sha256 = ?", arguments: [page.sha256]) == true {
            return true
        }
        try db.execute(
            sql: "INSERT INTO pages (sha256, media_type, size, sealed, created_at) VALUES (?, ?, ?, ?, ?)",
            arguments: [
                page.sha256, page.mediaType.rawValue, page.size,
                try key.seal(bytes, context: "page:\(page.sha256)"), now.epochSeconds,
            ])
        try sealPageForCentral(db, sha256: page.sha256, bytes: bytes, dataKey: key)
        return false
    }

    /// Seals a page for the central system under the outbox key, when the desk knows the central key.
    static func sealPageForCentral(_ db: Database, sha256: String, bytes: Data, dataKey: DataKey) throws {
        guard let publicKey = try Data.fetchOne(db, sql: "SELECT sealing_key FROM sync_config WHERE id = 1") else {
            return
        }
        let sealed = try PageSeal.seal(
            bytes, sha256: sha256, with: try outboxKey(db, for: publicKey, dataKey: dataKey))
        try db.execute(
            sql: "UPDATE pages SET upload = ?, sent = 0, refused = NULL WHERE sha256 = ?", arguments: [sealed, sha256])
    }

    /// Seals for the central system the pages attached before the desk knew its key, or whose sealed copy the
    /// gateway could not open; runs at each sign-in with `sealOutstanding`.
    static func sealOutstandingPages(_ db: Database, key: DataKey) throws {
        let rows = try Row.fetchAll(
            db,
            sql: "SELECT sha256, sealed FROM pages WHERE upload IS NULL AND stored_centrally = 0 AND refused IS NULL")
        for row in rows {
            let sha256 = try row.stored("sha256", table: "pages", key: "unknown", as: String.self)
            let bytes = try key.open(
                try row.stored("sealed", table: "pages", key: sha256, as: Data.self), context: "page:\(sha256)")
            try sealPageForCentral(db, sha256: sha256, bytes: bytes, dataKey: key)
        }
    }

    /// The pages' bytes sealed again under a new data key, in a re-key's transaction.
    static func resealPages(_ db: Database, from old: DataKey, to new: DataKey) throws {
        for row in try Row.fetchAll(db, sql: "SELECT sha256, sealed FROM pages") {
            let sha256 = try row.stored("sha256", table: "pages", key: "unknown", as: String.self)
            let context = "page:\(sha256)"
            let sealed = try row.stored("sealed", table: "pages", key: sha256, as: Data.self)
            try db.execute(
                sql: "UPDATE pages SET sealed = ? WHERE sha256 = ?",
                arguments: [try new.seal(try old.open(sealed, context: context), context: context), sha256])
        }
    }

    /// A page's bytes, opened with the data key: for `case page`, never without a signed-in officer.
    public func pageBytes(_ sha256: String, of code: String) throws -> (page: ScannedPage, bytes: Data)? {
        let key = try requireKey()
        return try read { db in
            guard let attached = try Self.attachedPages(db, code: code).first(where: { $0.page.sha256 == sha256 }),
                let sealed = try Data.fetchOne(
                    db, sql: "SELECT sealed FROM pages WHERE sha256 = ?", arguments: [sha256])
            else { return nil }
            return (attached.page, try key.open(sealed, context: "page:\(sha256)"))
        }
    }

    /// The pages of a dossier, in the order they were attached; a discarded attachment is not listed.
    public func attachedPages(of code: String) throws -> [AttachedPage] {
        try read { db in try Self.attachedPages(db, code: code) }
    }

    static func attachedPages(_ db: Database, code: String) throws -> [AttachedPage] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT cp.seq, cp.sha256, cp.stage, cp.component, p.media_type, p.size, p.stored_centrally, p.sent,
                    length(p.upload) AS upload_size, p.refused, e.occurred_at
                FROM case_pages cp JOIN cases c ON c.id = cp.case_id JOIN pages p ON p.sha256 = cp.sha256
                JOIN case_events e ON e.seq = cp.seq JOIN outbox ob ON ob.seq = cp.seq
                WHERE c.code = ? AND ob.state <> 'discarded' ORDER BY cp.seq
                """, arguments: [code]
        ).map { row in
            let read = row.reading("case_pages", key: code)
            return AttachedPage(
                page: ScannedPage(
                    sha256: try read("sha256"), size: try read("size"), mediaType: try read("media_type"),
                    stage: try read("stage"), component: try read("component")),
                attachedAt: LocalTime(epochSeconds: try read("occurred_at")),
                storedCentrally: try read("stored_centrally"), sent: try read("sent"),
                uploadSize: try read("upload_size"), refused: try read("refused"))
        }
    }

    // MARK: Sending

    /// The pages to send, oldest first, by address and sealed size: sealed for the gateway, not held there yet, and
    /// attached by an event the gateway applied (it takes a page only for a dossier it holds: the metadata goes
    /// first).
    public func pagesToSend() throws -> [PageStatusRequest.Page] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.sha256, length(p.upload) AS size FROM pages p
                    WHERE p.upload IS NOT NULL AND p.stored_centrally = 0 AND p.refused IS NULL
                        AND EXISTS (SELECT 1 FROM case_pages cp JOIN outbox ob ON ob.seq = cp.seq
                                    WHERE cp.sha256 = p.sha256 AND ob.state = 'synced')
                    ORDER BY p.created_at, p.sha256
                    """
            ).map { row in
                let sha256 = try row.stored("sha256", table: "pages", key: "unknown", as: String.self)
                return PageStatusRequest.Page(sha256: sha256, size: try row.stored("size", table: "pages", key: sha256))
            }
        }
    }

    /// A page's sealed copy for the gateway; nil once it needs none.
    public func pageUpload(_ sha256: String) throws -> PageUpload? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: "SELECT upload FROM pages WHERE sha256 = ? AND upload IS NOT NULL AND stored_centrally = 0",
                arguments: [sha256]
            ).map { row in
                let read = row.reading("pages", key: sha256)
                return PageUpload(sha256: sha256, sealed: try read("upload"))
            }
        }
    }

    /// The sealed pages a bundle carries, oldest first, up to `maxBytes` (at least one, if any waits): those not held
    /// centrally yet whose attaching event went, or goes in the same bundle (the gateway applies the bundle's
    /// events first). No page budget: a stick costs the link nothing.
    public func pagesToCarry(maxBytes: Int, maxCount: Int) throws -> [PageUpload] {
        try read { db in
            var total = 0
            var carried: [PageUpload] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT p.sha256, p.upload FROM pages p
                    WHERE p.upload IS NOT NULL AND p.stored_centrally = 0 AND p.refused IS NULL
                        AND EXISTS (SELECT 1 FROM case_pages cp JOIN outbox ob ON ob.seq = cp.seq
                                    WHERE cp.sha256 = p.sha256 AND ob.state IN ('synced', 'pending'))
                    ORDER BY p.created_at, p.sha256
                    """)
            while let row = try rows.next() {
                let sha256 = try row.stored("sha256", table: "pages", key: "unknown", as: String.self)
                let sealed: Data = try row.stored("upload", table: "pages", key: sha256)
                guard carried.isEmpty || total + sealed.count <= maxBytes, carried.count < maxCount else { break }
                total += sealed.count
                carried.append(PageUpload(sha256: sha256, sealed: sealed))
            }
            return carried
        }
    }

    /// Records what the gateway holds of a page; a page it holds whole needs its sealed copy no longer. A receipt
    /// for another page than the one asked about is not taken.
    public func recordPageReceipt(_ receipt: PageReceipt, for sha256: String) throws {
        guard receipt.sha256 == sha256 else {
            throw SyncReceiptMismatch(asked: sha256)
        }
        try write { db in
            if receipt.complete {
                try db.execute(
                    sql: "UPDATE pages SET stored_centrally = 1, upload = NULL, sent = 0 WHERE sha256 = ?",
                    arguments: [receipt.sha256])
            } else {
                try db.execute(
                    sql: "UPDATE pages SET sent = min(?, length(upload)) WHERE sha256 = ? AND upload IS NOT NULL",
                    arguments: [receipt.received, receipt.sha256])
            }
        }
    }

    /// The gateway could not open or check a page's sealed copy: it is sealed again at the next sign-in (a new
    /// central key) and sent from its first byte; a second refusal is kept for the queue to show.
    public func recordPageRefused(_ sha256: String, reason: String) throws {
        try write { db in
            let resealed =
                try Bool.fetchOne(db, sql: "SELECT resealed FROM pages WHERE sha256 = ?", arguments: [sha256]) ?? false
            // A page the gateway holds by now (another desk's copy, a later sync) is not refused.
            try db.execute(
                sql: """
                    UPDATE pages SET upload = NULL, sent = 0, resealed = 1, refused = ?
                    WHERE sha256 = ? AND stored_centrally = 0
                    """,
                arguments: [resealed ? reason : nil, sha256])
        }
    }

    /// Counts page bytes sent on `day` against the daily budget.
    public func chargePageBudget(_ bytes: Int, on day: LocalDate) throws {
        guard bytes > 0 else { return }
        try write { db in
            try db.execute(
                sql: """
                    INSERT INTO page_budget (day, bytes) VALUES (?, ?)
                    ON CONFLICT (day) DO UPDATE SET bytes = bytes + excluded.bytes
                    """, arguments: [day.description, bytes])
            // A month of days is all `status` shows; older counts are dropped.
            try db.execute(
                sql: "DELETE FROM page_budget WHERE day < ?", arguments: [day.adding(days: -31).description])
        }
    }

    /// The pages still to send and today's budget.
    public func pageBacklog(on day: LocalDate) throws -> PageBacklog {
        try read { db in
            var backlog = PageBacklog()
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COUNT(*) AS pages, IFNULL(SUM(IFNULL(length(upload), size + ?) - sent), 0) AS bytes,
                        IFNULL(SUM(refused IS NOT NULL), 0) AS refused
                    FROM pages p WHERE stored_centrally = 0
                        AND EXISTS (SELECT 1 FROM case_pages cp JOIN outbox ob ON ob.seq = cp.seq
                                    WHERE cp.sha256 = p.sha256 AND ob.state NOT IN ('discarded', 'rejected'))
                    """, arguments: [PageSeal.sealedSize(of: 0)])
            if let read = row?.reading("pages", key: "backlog") {
                backlog.pages = try read("pages")
                backlog.bytes = try read("bytes")
                backlog.refused = try read("refused")
            }
            backlog.sentToday =
                try Int.fetchOne(db, sql: "SELECT bytes FROM page_budget WHERE day = ?", arguments: [day.description])
                ?? 0
            backlog.dailyBudget = try Self.pageBudget(db, .daily)
            backlog.perSyncBudget = try Self.pageBudget(db, .perSync)
            return backlog
        }
    }
}

extension FieldCaseStore {
    // MARK: Budget

    /// Which page budget a supervisor sets.
    public enum PageBudget: String, Sendable, CaseIterable {
        /// Bytes of pages sent in a day (the desk's clock), across all syncs.
        case daily = "page_budget_daily"
        /// Bytes of pages one sync sends: a short window on a shared link.
        case perSync = "page_budget_per_sync"
    }

    /// The budget's bytes, nil when the supervisor set none (its key in `settings` is the case's raw value).
    static func pageBudget(_ db: Database, _ budget: PageBudget) throws -> Int? {
        try String.fetchOne(db, sql: "SELECT value FROM settings WHERE key = ?", arguments: [budget.rawValue])
            .flatMap { Int($0) }
    }

    /// Sets a page budget in bytes, or lifts it (nil); supervisors only. Dossiers are never held by it: only
    /// their pages wait for the next day or the next sync.
    public func setPageBudget(_ budget: PageBudget, bytes: Int?, by actor: Officer, now: LocalTime) throws {
        try actor.require(.changePolicy)
        try write { db in
            let before = try Self.pageBudget(db, budget)
            guard before != bytes else { return }
            if let bytes {
                try db.execute(
                    sql: """
                        INSERT INTO settings (key, value) VALUES (?, ?)
                        ON CONFLICT (key) DO UPDATE SET value = excluded.value
                        """, arguments: [budget.rawValue, String(bytes)])
            } else {
                try db.execute(sql: "DELETE FROM settings WHERE key = ?", arguments: [budget.rawValue])
            }
            try Self.audit(
                db, AuditAction.policyChanged, by: actor, now: now, subject: budget.rawValue,
                before: [budget.rawValue: before.map(String.init) ?? "off"],
                after: [budget.rawValue: bytes.map(String.init) ?? "off"])
        }
    }
}

/// The gateway answered about another page than the one asked: nothing of it is recorded.
public struct SyncReceiptMismatch: Error, Sendable {
    public let asked: String
}
