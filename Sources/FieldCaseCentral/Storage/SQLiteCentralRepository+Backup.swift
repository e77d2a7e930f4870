import Foundation
import GRDB

extension SQLiteCentralRepository {
    /// A consistent copy of the database into `path` (SQLite's online backup: `serve` may be writing), one
    /// file without a WAL beside it, private to the gateway's user, in place only once complete.
    public func backup(to path: String) throws {
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        let copy = try DatabaseQueue(path: partial)
        _ = chmod(partial, 0o600)
        try writer.backup(to: copy)
        try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
        try copy.close()
        guard rename(partial, path) == 0 else {
            throw CentralError.backupFailed("cannot write \(path) (errno \(errno))")
        }
    }

    /// Writes a backup's pages over this database (the caller keeps a copy of the current one first and
    /// starts a new epoch after).
    public func restore(from path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: path, configuration: configuration)
            let check = try source.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") }
            let isGateway = try source.read { db in try db.tableExists("gateway_meta") }
            guard check == "ok", isGateway else { throw CentralError.backupFailed("\(path) is damaged") }
        } catch let error as CentralError {
            throw error
        } catch {
            throw CentralError.backupFailed("\(path) is not a fieldcase-central SQLite backup")
        }
        try source.backup(to: writer)
        try CentralSchema.migrator.migrate(writer)
    }
}
