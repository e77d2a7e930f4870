import Foundation
import GRDB

/// A backup file as the desk and the gateway write one: a new file, private to this account from its first
/// byte, filled under a name of its own and in place only once complete, never over an existing file (the
/// live database among them).
public enum BackupFile {
    public enum Failure: Error, Equatable {
        /// Something is already at the path.
        case exists(String)
        /// The folder cannot be written, or the disk filled; `errno` says which.
        case cannotWrite(String, errno: Int32)
    }

    /// Creates `path` from what `fill` writes into the private file whose path it is given.
    public static func create(at path: String, fill: (String) throws -> Void) throws {
        guard !exists(path) else { throw Failure.exists(path) }
        // Created exclusively: nobody's file or link is written through.
        let partial = folder(of: path) + "/.\((path as NSString).lastPathComponent).\(UUID()).partial"
        let descriptor = open(partial, O_CREAT | O_EXCL | O_NOFOLLOW | O_WRONLY | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure.cannotWrite(path, errno: errno) }
        close(descriptor)
        defer { try? FileManager.default.removeItem(atPath: partial) }
        try fill(partial)
        // link() refuses an existing name; a file system without hard links (a FAT USB stick) gets a rename
        // after the check above.
        if link(partial, path) != 0 {
            let failure = errno
            guard failure == EPERM || failure == ENOTSUP || failure == EOPNOTSUPP else {
                throw failure == EEXIST ? Failure.exists(path) : Failure.cannotWrite(path, errno: failure)
            }
            guard !exists(path) else { throw Failure.exists(path) }
            guard rename(partial, path) == 0 else { throw Failure.cannotWrite(path, errno: errno) }
        }
    }

    /// Writes `data` as a new file at `path` (as `create` does), flushed to the device before it gets its name:
    /// a USB stick pulled out right after holds the whole file or none of it.
    public static func write(_ data: Data, to path: String) throws {
        try create(at: path) { partial in
            guard let handle = FileHandle(forWritingAtPath: partial) else {
                throw Failure.cannotWrite(path, errno: errno)
            }
            defer { try? handle.close() }
            do {
                try handle.write(contentsOf: data)
                try handle.synchronize()
            } catch {
                throw Failure.cannotWrite(path, errno: (error as NSError).code == Int(ENOSPC) ? ENOSPC : EIO)
            }
        }
        // The name itself is on the stick only once its folder is flushed too.
        let folder = open(folder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    /// `target` itself, or `name` inside it when it is a folder (a USB stick's mount point).
    public static func path(_ target: String, orInside name: String) -> String {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue else {
            return target
        }
        return (target as NSString).appendingPathComponent(name)
    }

    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// A consistent copy of a live SQLite database (the online backup: writers may go on), one file with no
    /// WAL beside it.
    public static func copy(_ source: any DatabaseReader, to path: String) throws {
        try create(at: path) { partial in
            do {
                let copy = try DatabaseQueue(path: partial)
                try source.backup(to: copy)
                try copy.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = DELETE") }
                try copy.close()
            } catch {
                let full = (error as? DatabaseError)?.resultCode == .SQLITE_FULL
                throw Failure.cannotWrite(path, errno: full ? ENOSPC : EIO)
            }
        }
    }

    /// A name beside `path` for a copy kept before it is replaced, never one already taken.
    public static func keepingName(for path: String, stamp: String) -> String {
        var candidate = "\(path).before-restore-\(stamp)"
        var number = 2
        while exists(candidate) {
            candidate = "\(path).before-restore-\(stamp)-\(number)"
            number += 1
        }
        return candidate
    }

    /// What restore accepts to read: a regular file (not a FIFO or a device, which would hang or never end)
    /// this account can read.
    public static func isReadableRegularFile(_ path: String) -> Bool {
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        return attributes?[.type] as? FileAttributeType == .typeRegular
            && FileManager.default.isReadableFile(atPath: path)
    }

    /// What `read(_:atMost:)` found.
    public enum Contents {
        case data(Data)
        /// Not a regular file this account can read (missing, a folder, a FIFO, a device).
        case unreadable
        /// Larger than allowed: refused before a byte is read.
        case tooLarge
    }

    /// The bytes of a readable regular file of at most `limit` bytes, its size checked before it is read.
    public static func read(_ path: String, atMost limit: Int) -> Contents {
        guard isReadableRegularFile(path) else { return .unreadable }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        guard size <= limit else { return .tooLarge }
        return FileManager.default.contents(atPath: path).map(Contents.data) ?? .unreadable
    }

    /// A file, or a link (even a dangling one), at `path`.
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }
}
