import Foundation
import GRDB
import Synchronization

/// The device's local store: the only place that writes SQL.
///
/// Every change to a case is written together with its event and its outbox row in one
/// immediate transaction, so a crash leaves either all three or none.
public final class FieldCaseStore: Sendable {
    let writer: any DatabaseWriter
    let path: String
    /// The catalog last read, with the version and format it was stored under: a command needs it more than
    /// once (a case added reads the procedure, then the calendar), and it changes only when a new catalog
    /// arrives (another process may bring it, so version and format are checked at each read).
    let catalogCache = Mutex<(version: String, format: Int, catalog: Catalog)?>(nil)
    /// The data key once an officer signed in; never written anywhere.
    let session = Mutex<DataKey?>(nil)
    /// scrypt's cost for the PIN wraps this store makes: the standard one, unless a test suite asks for less.
    let kdfCost: KDFCost

    /// Wraps an open database and brings its schema up to date, refusing one from a newer fieldcase.
    public init(writer: any DatabaseWriter, path: String = ":memory:", kdfCost: KDFCost = .standard) throws {
        self.writer = writer
        self.path = path
        self.kdfCost = kdfCost
        try translatingErrors(path: path) {
            let migrator = Schema.migrator
            let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
            if superseded { throw StoreError.schemaTooNew(path: path) }
            try migrator.migrate(writer)
        }
    }

    /// Opens (creating if needed) the database file in WAL mode with `synchronous=FULL`.
    public static func open(path: String, kdfCost: KDFCost = .standard) throws -> FieldCaseStore {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.foreignKeysEnabled = true
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            // Deleted and overwritten content is zeroed, so no clear remnant outlives its row.
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
        let pool = try translatingErrors(path: path) { try DatabasePool(path: path, configuration: configuration) }
        return try FieldCaseStore(writer: pool, path: path, kdfCost: kdfCost)
    }

    /// A throwaway store for tests and previews.
    public static func inMemory(kdfCost: KDFCost = .standard) throws -> FieldCaseStore {
        try FieldCaseStore(writer: DatabaseQueue(), kdfCost: kdfCost)
    }

    /// Runs `body` in an IMMEDIATE transaction: concurrent writers (shell and sync) queue instead of failing.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors(path: path) {
            try writer.writeWithoutTransaction { db in
                var result: Result<T, any Error>?
                try db.inTransaction(.immediate) {
                    result = .success(try body(db))
                    return .commit
                }
                // inTransaction runs the body once or throws, so a result is there whenever we get here.
                guard let result else { throw StoreError.readOnly(path: path) }
                return try result.get()
            }
        }
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        try translatingErrors(path: path) { try writer.read(body) }
    }

    /// `PRAGMA integrity_check`, for tests and the crash suites.
    public func integrityCheck() throws -> String {
        try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check").joined(separator: "\n") }
    }
}

/// Turns SQLite's failures into the few that an officer can act on.
func translatingErrors<T>(path: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DatabaseError {
        // SQLite reports a full disk or a read-only mount as a generic I/O or open failure when it
        // meets them while growing its shared-memory file; the filesystem itself says which it is.
        if [.SQLITE_IOERR, .SQLITE_CANTOPEN, .SQLITE_READONLY, .SQLITE_FULL].contains(error.resultCode),
            let condition = FilesystemCondition(of: (path as NSString).deletingLastPathComponent)
        {
            switch condition {
            case .readOnly: throw StoreError.readOnly(path: path)
            case .full: throw StoreError.diskFull
            }
        }
        switch error.resultCode {
        case .SQLITE_FULL: throw StoreError.diskFull
        case .SQLITE_READONLY: throw StoreError.readOnly(path: path)
        case .SQLITE_CANTOPEN, .SQLITE_PERM, .SQLITE_AUTH:
            throw StoreError.unreadable(path: path, detail: "permission denied or missing folder")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            throw StoreError.unreadable(path: path, detail: "not a fieldcase database, or damaged")
        default: throw error
        }
    }
}

/// What is wrong with the filesystem holding the database, if anything an officer can fix.
enum FilesystemCondition {
    case readOnly
    case full

    /// Less free space than this and the next transaction cannot be written.
    static let minimumFreeBytes: UInt64 = 256 * 1024

    init?(of folder: String) {
        var info = statvfs()
        guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return nil }
        if info.f_flag & UInt(ST_RDONLY) != 0 {
            self = .readOnly
        } else if UInt64(info.f_bavail) * UInt64(info.f_frsize) < Self.minimumFreeBytes {
            self = .full
        } else {
            return nil
        }
    }
}
