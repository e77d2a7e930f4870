import FieldCaseWire
import Foundation
import Synchronization

/// Where the gateway keeps scanned pages: files beside the database, never rows in it (a commune's pages weigh
/// far more than its dossiers, and a backup of the rows stays small). `pages/ab/<sha256>` holds a page whole,
/// opened and checked against its address, once however many desks sent it; `incoming/<device>/<sha256>` holds
/// what a desk has sent so far of a sealed page, kept across cuts so the desk goes on from its last byte.
public final class PageVault: Sendable {
    public let directory: URL
    /// Uploads in progress, by device and page: one at a time each, so two requests never write one file.
    private let busy = Mutex<Set<String>>([])

    public enum Refusal: Error {
        /// The chunk does not start where the upload stands.
        case offset(received: Int)
        /// Another request is writing this upload now.
        case busy
        /// The gateway's own disk failed the write (full, or an I/O error): nothing of the chunk is lost to the
        /// desk, which sends it again later.
        case disk(String)
    }

    /// Bytes of unfinished uploads a device may leave on the gateway: a few dozen pages under way, never a disk.
    public static let incomingPerDevice = 64 * 1024 * 1024

    /// The bytes of `device`'s unfinished uploads.
    public func incomingBytes(device: String) -> Int {
        let folder = directory.appendingPathComponent("incoming").appendingPathComponent(Self.folderName(device))
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)
            return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
        }
    }

    /// Opens (or makes) the vault; its folders are the gateway user's alone.
    public init(directory: String) throws {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        for folder in ["", "pages", "incoming"] {
            try FileManager.default.createDirectory(
                at: self.directory.appendingPathComponent(folder), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
        }
    }

    /// The file naming the gateway whose pages a folder holds (see `mark`).
    var markerURL: URL { directory.appendingPathComponent(".gateway") }

    /// Names the gateway this folder serves (`identity`: `CentralStorage.pagesIdentity`); `serve` writes it at
    /// every start, so host commands can tell the served folder from another one that merely exists.
    public func mark(_ identity: String) throws {
        guard !serves(identity) else { return }
        try Data((identity + "\n").utf8).write(to: markerURL, options: .atomic)
    }

    /// Whether `serve` marked this folder for the gateway `identity`.
    public func serves(_ identity: String) -> Bool {
        (try? String(contentsOf: markerURL, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            == identity
    }

    func pageURL(_ sha256: String) -> URL {
        directory.appendingPathComponent("pages").appendingPathComponent(String(sha256.prefix(2)))
            .appendingPathComponent(sha256)
    }

    func incomingURL(_ sha256: String, device: String) -> URL {
        directory.appendingPathComponent("incoming").appendingPathComponent(Self.folderName(device))
            .appendingPathComponent(sha256)
    }

    /// A device id as a folder name: its letters, digits and dashes only.
    static func folderName(_ device: String) -> String {
        String(device.unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) || $0 == "-" }.prefix(64))
    }

    /// Whether the vault holds the page whole.
    public func holds(_ sha256: String) -> Bool {
        FileManager.default.fileExists(atPath: pageURL(sha256).path)
    }

    /// The page's bytes, if the vault holds it.
    public func page(_ sha256: String) -> Data? {
        try? Data(contentsOf: pageURL(sha256))
    }

    /// How many bytes of its sealed page `device` has sent.
    public func received(_ sha256: String, device: String) -> Int {
        let attributes = try? FileManager.default.attributesOfItem(atPath: incomingURL(sha256, device: device).path)
        return (attributes?[.size] as? NSNumber)?.intValue ?? 0
    }

    /// Writes a chunk of `device`'s upload from `offset`, as its bytes arrive: what arrived before a cut is kept.
    /// `chunk` yields the bytes; returns the upload's size after it, also when the chunk broke off.
    public func append(
        _ sha256: String, device: String, offset: Int, limit: Int,
        chunk: (_ write: (UnsafeRawBufferPointer) throws -> Void) async throws -> Void
    ) async throws -> Int {
        let key = device + "/" + sha256
        guard busy.withLock({ $0.insert(key).inserted }) else { throw Refusal.busy }
        defer { _ = busy.withLock { $0.remove(key) } }
        let url = incomingURL(sha256, device: device)
        let current = received(sha256, device: device)
        guard current == offset else { throw Refusal.offset(received: current) }
        let handle: FileHandle
        do {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            if current == 0,
                !FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600])
            {
                throw CocoaError(.fileWriteUnknown)
            }
            handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
        } catch {
            throw Refusal.disk(String(describing: error))
        }
        defer { try? handle.close() }
        var written = 0
        do {
            try await chunk { bytes in
                guard written + bytes.count <= limit else { throw Refusal.offset(received: offset + written) }
                do {
                    try handle.write(contentsOf: Data(bytes))
                } catch {
                    throw Refusal.disk(String(describing: error))
                }
                written += bytes.count
            }
        } catch let refusal as Refusal {
            // The desk sent more than it said, or the disk failed: what was written whole is kept.
            try? handle.synchronize()
            throw refusal
        } catch {
            // The link broke off: what arrived is kept, and the desk goes on from there.
            try? handle.synchronize()
            return offset + written
        }
        do {
            try handle.synchronize()
        } catch {
            throw Refusal.disk(String(describing: error))
        }
        return offset + written
    }

    /// The sealed upload as received, once whole.
    public func upload(_ sha256: String, device: String) -> Data? {
        try? Data(contentsOf: incomingURL(sha256, device: device))
    }

    /// Keeps an opened page under its address (written aside, then renamed: never half a page) and drops the
    /// device's upload.
    public func store(_ page: Data, sha256: String, from device: String) throws {
        let url = pageURL(sha256)
        if !holds(sha256) {
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true,
                attributes: [.posixPermissions: 0o700])
            // Its own aside file: two requests finishing the same page never write one file.
            let aside = url.appendingPathExtension("part-\(UUID().uuidString)")
            guard
                FileManager.default.createFile(
                    atPath: aside.path, contents: nil, attributes: [.posixPermissions: 0o600])
            else { throw CocoaError(.fileWriteUnknown) }
            let handle = try FileHandle(forWritingTo: aside)
            try handle.write(contentsOf: page)
            try handle.synchronize()
            try handle.close()
            if rename(aside.path, url.path) != 0 { throw CocoaError(.fileWriteUnknown) }
            // The rename itself made durable: a page acknowledged is never lost to a power cut.
            let folder = open(url.deletingLastPathComponent().path, O_RDONLY)
            if folder >= 0 {
                fsync(folder)
                close(folder)
            }
        }
        discard(sha256, device: device)
    }

    /// Drops a device's upload (stored, or one that did not open).
    public func discard(_ sha256: String, device: String) {
        try? FileManager.default.removeItem(at: incomingURL(sha256, device: device))
    }
}
