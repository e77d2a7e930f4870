import Foundation
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
        let text = try jsonText(answers)
        return try write { db in
            if let id, try Bool.fetchOne(db, sql: "SELECT 1 FROM drafts WHERE id = ?", arguments: [id]) == true {
                try db.execute(
                    sql: "UPDATE drafts SET answers = ?, next_question = ?, updated_at = ? WHERE id = ?",
                    arguments: [text, nextQuestion, now.epochSeconds, id])
                return id
            }
            try db.execute(
                sql: """
                    INSERT INTO drafts (officer_id, answers, next_question, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?)
                    """,
                arguments: [officer?.id, text, nextQuestion, now.epochSeconds, now.epochSeconds])
            return db.lastInsertedRowID
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
            ).map(Self.draft)
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
            ).map(Self.draft)
        }
    }

    public func deleteDraft(id: Int64) throws {
        try write { db in try db.execute(sql: "DELETE FROM drafts WHERE id = ?", arguments: [id]) }
    }

    static func draft(_ row: Row) throws -> Draft {
        Draft(
            id: row["id"],
            answers: try JSONDecoder().decode([String: String].self, from: Data((row["answers"] as String).utf8)),
            nextQuestion: row["next_question"], officerName: row["officer_name"],
            updatedAt: LocalTime(epochSeconds: row["updated_at"]))
    }
}
