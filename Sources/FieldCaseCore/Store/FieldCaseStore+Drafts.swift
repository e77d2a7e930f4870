import Foundation
import FieldCaseRows
import GRDB

/// A guided entry that is not finished yet: the answers given and the question to ask next.
public struct Draft: Sendable, Hashable {
    public let id: Int64
    public let answers: [String: String]
    public let nextQuestion: String
    public let officerName: String?
    public let updatedAt: LocalTime
}

extension FieldCaseStore {
    /// Saves the answers so far; returns the draft's id (new when `id` is nil).
    @discardableResult
    public func saveDraft(
        id: Int64?, answers: [String: String], nextQuestion: String, officer: Officer?, now: LocalTime
    ) throws -> Int64 {
        let key = try requireKey()
        let text = Data(try jsonText(answers).utf8)
        return try write { db in
            let kept = try id.flatMap {
                try Int64.fetchOne(db, sql: "SELECT id FROM drafts WHERE id = ?", arguments: [$0])
            }
            let row: Int64
            if let kept {
                row = kept
            } else {
                try db.execute(
                    sql: """
                        INSERT INTO drafts (officer_id, answers, next_question, created_at, updated_at)
                        VALUES (?, '', ?, ?, ?)
                        """,
                    arguments: [officer?.id, nextQuestion, now.epochSeconds, now.epochSeconds])
                row = db.lastInsertedRowID
            }
            // Sealed under its own id: a draft's answers copied into another draft do not open there.
            try Self.checkKey(db, key)
            try db.execute(
                sql: "UPDATE drafts SET answers = '', sealed = ?, next_question = ?, updated_at = ? WHERE id = ?",
                arguments: [try key.seal(text, context: "draft:\(row)"), nextQuestion, now.epochSeconds, row])
            return row
        }
    }

    public func drafts() throws -> [Draft] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT d.*, o.name AS officer_name FROM drafts d LEFT JOIN officers o ON o.id = d.officer_id
                    ORDER BY d.updated_at DESC, d.id DESC
                    """
            ).map { try draft($0) }
        }
    }

    public func draft(id: Int64) throws -> Draft? {
        try read { db in
            try Row.fetchOne(
                db,
                sql: """
                    SELECT d.*, o.name AS officer_name FROM drafts d LEFT JOIN officers o ON o.id = d.officer_id
                    WHERE d.id = ?
                    """, arguments: [id]
            ).map { try draft($0) }
        }
    }

    public func deleteDraft(id: Int64) throws {
        try write { db in try db.execute(sql: "DELETE FROM drafts WHERE id = ?", arguments: [id]) }
    }

    /// Drafts hold a citizen's answers: sealed like the case they become.
    func draft(_ row: Row) throws -> Draft {
        let id = try row.stored("id", table: "drafts", key: "unknown", as: Int64.self)
        let read = row.reading("drafts", key: String(id))
        let text =
            if let sealed = try read("sealed", as: Data?.self) {
                try requireKey().open(sealed, context: "draft:\(id)")
            } else {
                Data(try read("answers", as: String.self).utf8)
            }
        let answers: [String: String]
        do {
            answers = try JSONDecoder().decode([String: String].self, from: text)
        } catch {
            throw CorruptRow(table: "drafts", key: String(id), column: "answers")
        }
        return Draft(
            id: id, answers: answers, nextQuestion: try read("next_question"),
            officerName: try read("officer_name"), updatedAt: try read.time("updated_at"))
    }
}
