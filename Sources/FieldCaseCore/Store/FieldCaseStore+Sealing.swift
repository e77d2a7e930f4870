import FieldCaseWire
import Foundation
import FieldCaseRows
import GRDB

/// The personal part of a case row, sealed as one value under the data key. The documents' names are free
/// text an officer may fill with a citizen's particulars; rows sealed by an earlier release have none here
/// (their clear column is sealed in at the next sign-in, `sealClearDocuments`).
struct SealedCase: Codable {
    var applicant: Applicant
    var summary: String?
    var documents: [ReceivedDocument]?
}

extension FieldCaseStore {
    /// Stores a case's personal fields sealed, with blank clear columns, and its search tokens.
    static func sealCase(
        _ db: Database, id: String, applicant: Applicant, summary: String?, documents: [ReceivedDocument],
        key: DataKey
    ) throws {
        try checkKey(db, key)
        let sealed = try key.sealJSON(
            SealedCase(applicant: applicant, summary: summary, documents: documents), context: "case:\(id)")
        try db.execute(
            sql: """
                UPDATE cases SET sealed = ?, applicant_name = '', id_number = '', date_of_birth = '', gender = '',
                    phone = NULL, address = NULL, summary = NULL, documents = '[]'
                WHERE id = ?
                """, arguments: [sealed, id])
        try db.execute(sql: "DELETE FROM case_tokens WHERE case_id = ?", arguments: [id])
        for token in BlindIndex(key).tokens(for: applicant) {
            try db.execute(sql: "INSERT INTO case_tokens (token, case_id) VALUES (?, ?)", arguments: [token, id])
        }
    }

    /// Seals every clear row of a home from an earlier release, in the caller's transaction. The events stay
    /// append-only: their trigger is lifted for this one rewrite and put back before the commit.
    static func sealPersonalData(_ db: Database, with key: DataKey) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM cases WHERE sealed IS NULL") {
            let id = try row.stored("id", table: "cases", key: "unknown", as: String.self)
            let applicant = try clearApplicant(row)
            try sealCase(
                db, id: id, applicant: applicant, summary: try row.stored("summary", table: "cases", key: id),
                documents: try clearDocuments(row), key: key)
        }
        try db.execute(sql: "DROP TRIGGER case_events_append_only_update")
        for row in try Row.fetchAll(db, sql: "SELECT seq, event_id, payload FROM case_events WHERE sealed IS NULL") {
            let seq = try row.stored("seq", table: "case_events", key: "unknown", as: Int64.self)
            let read = row.reading("case_events", key: String(seq))
            let sealed = try key.seal(
                Data(try read("payload", as: String.self).utf8),
                context: "event:\(try read("event_id", as: String.self))")
            try db.execute(
                sql: "UPDATE case_events SET sealed = ?, payload = '' WHERE seq = ?", arguments: [sealed, seq])
        }
        try db.execute(sql: Schema.caseEventsAppendOnly)
        for row in try Row.fetchAll(db, sql: "SELECT id, answers FROM drafts WHERE sealed IS NULL") {
            let id = try row.stored("id", table: "drafts", key: "unknown", as: Int64.self)
            let answers: String = try row.stored("answers", table: "drafts", key: String(id))
            let sealed = try key.seal(Data(answers.utf8), context: "draft:\(id)")
            try db.execute(sql: "UPDATE drafts SET sealed = ?, answers = '' WHERE id = ?", arguments: [sealed, id])
        }
    }

    /// Seals for the central system every item waiting to leave that is not sealed yet (recorded before the
    /// desk knew the central system's key). Needs the data key, so it runs at each sign-in.
    public func sealOutstanding() throws {
        guard let key = dataKey else { return }
        try write { db in
            guard let publicKey = try Data.fetchOne(db, sql: "SELECT sealing_key FROM sync_config WHERE id = 1")
            else { return }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT ob.seq, e.event_id, e.kind, e.payload, e.sealed FROM outbox ob JOIN case_events e ON e.seq = ob.seq
                    WHERE ob.sealed IS NULL AND ob.state IN ('pending', 'held')
                    """)
            for row in rows {
                let seq = try row.stored("seq", table: "outbox", key: "unknown", as: Int64.self)
                let read = row.reading("case_events", key: String(seq))
                let payload = try Self.eventPayload(row, key: key)
                try Self.sealForCentral(
                    db, seq: seq, eventID: try read("event_id"), kind: try read("kind"), payload: payload,
                    to: publicKey, dataKey: key)
            }
            try Self.sealOutstandingPages(db, key: key)
        }
    }

    /// A new dossier's code travels beside its sealed payload (`case_code`), and the gateway takes it from there
    /// alone: it is left out of the sealed copy, a few bytes less for every dossier on a 2G link.
    static func sealForCentral(
        _ db: Database, seq: Int64, eventID: String, kind: String, payload: String, to publicKey: Data,
        dataKey: DataKey
    ) throws {
        var sent = Data(payload.utf8)
        if kind == CaseEventKind.created,
            case .object(var fields) = try JSONDecoder().decode(JSONValue.self, from: sent)
        {
            fields["code"] = nil
            sent = Data(try jsonText(JSONValue.object(fields)).utf8)
        }
        let sealed = try OutboxSeal.seal(
            sent, eventID: eventID, with: try outboxKey(db, for: publicKey, dataKey: dataKey))
        try db.execute(sql: "UPDATE outbox SET sealed = ? WHERE seq = ?", arguments: [sealed, seq])
    }

    /// The key outbox payloads are sealed under, made in the caller's transaction when there is none (first
    /// use, a new central key, a re-key). Its secret is kept under the data key: a lost laptop's outbox stays
    /// noise to whoever lacks a PIN.
    static func outboxKey(_ db: Database, for publicKey: Data, dataKey: DataKey) throws -> OutboxKey {
        // The secret is sealed for its encapsulation: one swapped on disk does not open.
        func context(_ encapsulation: Data) -> String { "outbox key:" + Hex.string(encapsulation) }
        if let row = try Row.fetchOne(
            db, sql: "SELECT outbox_key_encapsulation, outbox_key_sealed FROM sync_config WHERE id = 1"
        )?.reading("sync_config", key: "1"),
            let encapsulation = try row("outbox_key_encapsulation", as: Data?.self),
            let sealed = try row("outbox_key_sealed", as: Data?.self)
        {
            return try OutboxKey(
                encapsulation: encapsulation, secretBytes: try dataKey.open(sealed, context: context(encapsulation)))
        }
        let key = try OutboxKey(for: publicKey)
        try db.execute(
            sql: "UPDATE sync_config SET outbox_key_encapsulation = ?, outbox_key_sealed = ? WHERE id = 1",
            arguments: [key.encapsulation, try dataKey.seal(key.secretBytes, context: context(key.encapsulation))])
        return key
    }

    /// Forgets the outbox key, in the caller's transaction: the central key or the data key it was kept for
    /// changed, and the next sealing makes another.
    static func forgetOutboxKey(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE sync_config SET outbox_key_encapsulation = NULL, outbox_key_sealed = NULL WHERE id = 1")
    }

    /// An event's payload text: opened with the data key, or as stored in a home not sealed yet.
    static func eventPayload(_ row: Row, key: DataKey?) throws -> String {
        let eventID = try row.stored("event_id", table: "case_events", key: "unknown", as: String.self)
        let read = row.reading("case_events", key: eventID)
        guard let sealed = try read("sealed", as: Data?.self) else { return try read("payload") }
        guard let key else { throw StoreError.signInRequired }
        return String(decoding: try key.open(sealed, context: "event:\(eventID)"), as: UTF8.self)
    }

    /// The applicant, summary and documents of a case row: opened with the data key, or read from a row not
    /// sealed yet.
    func personalFields(_ row: Row) throws -> (applicant: Applicant, summary: String?, documents: [ReceivedDocument]) {
        let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
        let read = row.reading("cases", key: code)
        guard let sealed = try read("sealed", as: Data?.self) else {
            return (try Self.clearApplicant(row), try read("summary"), try Self.clearDocuments(row))
        }
        let opened = try requireKey().openJSON(
            SealedCase.self, from: sealed, context: "case:\(try read("id", as: String.self))")
        // The clear column is read either way: a damaged one is reported, never passed over.
        let clear = try Self.clearDocuments(row)
        return (opened.applicant, opened.summary, opened.documents ?? clear)
    }

    /// The documents column of a row from a release that kept it in clear.
    static func clearDocuments(_ row: Row) throws -> [ReceivedDocument] {
        let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
        do {
            let text = try row.stored("documents", table: "cases", key: code, as: String.self)
            return try JSONDecoder().decode([ReceivedDocument].self, from: Data(text.utf8))
        } catch {
            throw CorruptRow(table: "cases", key: code, column: "documents")
        }
    }

    /// Seals in the documents an earlier release left in clear beside a sealed row. A row that does not open or
    /// read is left as it is, for the command that reads it to report (a sign-in never fails on one dossier).
    static func sealClearDocuments(_ db: Database, key: DataKey) throws {
        for row in try Row.fetchAll(db, sql: "SELECT * FROM cases WHERE sealed IS NOT NULL AND documents != '[]'") {
            guard let id = try? row.stored("id", table: "cases", key: "unknown", as: String.self),
                let sealed = try? row.stored("sealed", table: "cases", key: id, as: Data.self),
                let opened = try? key.openJSON(SealedCase.self, from: sealed, context: "case:\(id)"),
                opened.documents == nil, let documents = try? clearDocuments(row)
            else { continue }
            try sealCase(
                db, id: id, applicant: opened.applicant, summary: opened.summary, documents: documents, key: key)
        }
    }

    /// The applicant of a row from a release before sealing; a value that release never wrote is an error.
    static func clearApplicant(_ row: Row) throws -> Applicant {
        let code: String = try row.decode(forColumn: "code")
        guard let dateOfBirth = LocalDate(iso: try row.decode(forColumn: "date_of_birth")) else {
            throw CorruptRow(table: "cases", key: code, column: "date_of_birth")
        }
        return Applicant(
            name: try row.decode(forColumn: "applicant_name"),
            idType: try row.stored("id_type", table: "cases", key: code),
            idNumber: try row.decode(forColumn: "id_number"), dateOfBirth: dateOfBirth,
            gender: try row.stored("gender", table: "cases", key: code),
            phone: try row.stored("phone", table: "cases", key: code),
            address: try row.stored("address", table: "cases", key: code))
    }
}
