import FieldCaseRows
import Foundation
import GRDB

/// What a backup holds, as `backup` and `restore` report it.
public struct BackupSummary: Sendable, Equatable {
    public let cases: Int
    public let pending: Int
    public let enrolled: Bool
}

extension FieldCaseStore {
    /// A consistent copy of the whole store into `path`, a new file (`BackupFile`): the shell and a sync may
    /// be writing meanwhile. The copy is sealed as the home is (citizens' data under the officers' PINs), so
    /// it needs no officer. The trail records it.
    public func backup(to path: String, now: LocalTime) throws -> BackupSummary {
        try Self.writingNewFile { try BackupFile.copy(writer, to: path) }
        try write { db in
            try Self.audit(db, AuditAction.backedUp, by: nil, now: now, subject: (path as NSString).lastPathComponent)
        }
        return try summary()
    }

    /// Puts a backup back in place of this store: the current contents are kept in a new file first (`keep`),
    /// then the backup's pages are written over it through the online backup. A device that was enrolled is
    /// marked diverged, so its next sync stops and asks for a new enrollment instead of sending events under
    /// numbers the central system already holds for others (sync/PROTOCOL.md, Diverged).
    ///
    /// A backup holds the data key of its day, which a re-key since may have retired, and its officers as they
    /// were: the restore owes a re-key (`rekey_after_restore`, written with the pages), which the next
    /// supervisor's sign-in makes, disabling again the officers the desk had disabled (`disabled`, read from the
    /// desk before, empty when it could not be read). Until then no one else signs in.
    public func restore(
        from backup: FieldCaseStore, by supervisor: Officer, keepingCurrentIn keep: String?, disabled: [String],
        now: LocalTime
    ) throws -> BackupSummary {
        if let keep { _ = try self.backup(to: keep, now: now) }
        try translatingErrors(path: path) { try backup.writer.backup(to: writer) }
        // The backup's catalog is read afresh, whatever version it gives itself.
        catalogCache.withLock { $0 = nil }
        try write { db in
            try db.execute(
                sql: "UPDATE keyring SET rekey_after_restore = ? WHERE id = 1", arguments: [try jsonText(disabled)])
            if try Self.isEnrolled(db) {
                try db.execute(
                    sql: "UPDATE sync_config SET diverged = ? WHERE id = 1",
                    arguments: ["restored from a backup on \(now.date)"])
            }
            try Self.audit(db, AuditAction.restored, by: supervisor, now: now)
        }
        return try summary()
    }

    /// Runs `write` (one of `BackupFile`'s) with its failures as the desk's errors: a file in the way, a full
    /// disk, a folder that cannot be written.
    public static func writingNewFile(_ write: () throws -> Void) throws {
        do {
            try write()
        } catch BackupFile.Failure.exists(let path) {
            throw StoreError.fileExists(path: path)
        } catch BackupFile.Failure.cannotWrite(let path, let code) {
            if code == ENOSPC { throw StoreError.diskFull }
            throw StoreError.cannotWriteFile(path: path, reason: String(cString: strerror(code)))
        }
    }

    /// Whether the file is an intact SQLite database (a torn copy, or something else, is refused).
    public func integrityProblem() throws -> String? {
        try translatingErrors(path: path) {
            try writer.read { db in
                let result = try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "no answer"
                return result == "ok" ? nil : result
            }
        }
    }

    static func isEnrolled(_ db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM sync_config)") ?? false
    }

    func summary() throws -> BackupSummary {
        try translatingErrors(path: path) {
            try writer.read { db in
                BackupSummary(
                    cases: try Int.fetchOne(db, sql: "SELECT count(*) FROM cases") ?? 0,
                    pending: try Int.fetchOne(db, sql: "SELECT count(*) FROM outbox WHERE state = 'pending'") ?? 0,
                    enrolled: try Self.isEnrolled(db))
            }
        }
    }
}
