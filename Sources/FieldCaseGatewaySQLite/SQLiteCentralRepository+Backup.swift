import FieldCaseGateway
import FieldCaseRows
import Foundation
import GRDB

extension SQLiteCentralRepository {
    /// A consistent copy of the database into a new file while `serve` may be writing (`BackupFile`).
    public func backup(to path: String) throws {
        do {
            try BackupFile.copy(writer, to: path)
        } catch let failure as BackupFile.Failure {
            throw CentralError.backup(failure)
        }
    }

    /// Writes a backup's pages over this database, after checking that it is an intact gateway database
    /// this version can read (the caller keeps a copy of the current one first and starts a new epoch after).
    public func restore(from path: String) throws {
        var configuration = Configuration()
        configuration.readonly = true
        let source: DatabaseQueue
        do {
            source = try DatabaseQueue(path: path, configuration: configuration)
            let (check, isGateway, tooNew) = try source.read { db in
                (
                    try String.fetchOne(db, sql: "PRAGMA integrity_check"), try db.tableExists("gateway_meta"),
                    try CentralSchema.migrator.hasBeenSuperseded(db)
                )
            }
            guard check == "ok", isGateway else { throw CentralError.notABackup(path) }
            guard !tooNew else {
                throw CentralError.backupFailed("\(path) was made by a newer fieldcase-central; upgrade to restore it")
            }
        } catch let error as CentralError {
            throw error
        } catch {
            throw CentralError.notABackup(path)
        }
        try source.backup(to: writer)
        try CentralSchema.migrator.migrate(writer)
    }
}

extension CentralError {
    /// A backup file that could not be written, said as the operator's commands say failures.
    package static func backup(_ failure: BackupFile.Failure) -> CentralError {
        switch failure {
        case .exists(let path):
            .backupFailed("\(path) exists already; a backup never replaces a file, choose a new name")
        case .cannotWrite(let path, let code): .backupFailed("cannot write \(path): \(String(cString: strerror(code)))")
        }
    }
}
