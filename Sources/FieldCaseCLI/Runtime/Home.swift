import ArgumentParser
import FieldCaseCore
import Foundation

/// The folder where the device keeps its data: `--home`, else `$FIELDCASE_HOME`, else
/// `$XDG_DATA_HOME/fieldcase`, else `$HOME/.local/share/fieldcase` (the XDG default). Every command reaches it
/// through its session.
public struct Home: Sendable, Equatable {
    public let url: URL
    /// scrypt's cost for the PINs set here: `FIELDCASE_INSECURE_FAST_KDF=1` lowers it for test suites that sign
    /// in thousands of times, in debug builds only. A release build, which is what the packages install, always
    /// wraps at the standard cost and strengthens a weak wrap at its officer's next sign-in.
    public let kdfCost: KDFCost

    public init(_ url: URL, kdfCost: KDFCost = .standard) {
        self.url = url
        self.kdfCost = kdfCost
    }

    static func resolve(_ path: String?, environment: [String: String]) -> Home {
        #if DEBUG
            let cost = environment["FIELDCASE_INSECURE_FAST_KDF"] == "1" ? KDFCost.insecureFast : .standard
        #else
            let cost = KDFCost.standard
        #endif
        return Home(located(path, environment: environment), kdfCost: cost)
    }

    static func located(_ path: String?, environment: [String: String]) -> URL {
        if let path = path ?? environment["FIELDCASE_HOME"], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        // `$HOME` as the environment says, as every other program does: the passwd entry's home is only the
        // fallback for an environment without one (a bare systemd unit).
        let dataHome =
            environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? environment["HOME"].flatMap {
                $0.isEmpty ? nil : URL(fileURLWithPath: $0).appendingPathComponent(".local/share")
            }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/share")
        return dataHome.appendingPathComponent("fieldcase")
    }

    static let databaseName = "fieldcase.sqlite"

    public var databasePath: String { url.appendingPathComponent(Self.databaseName).path }

    /// Opens the store; only `create` makes the home folder (mode 0700) and database (mode 0600). With
    /// `settingDamagedAside` (restore), a database that no longer opens is moved aside, not lost, and a new
    /// one takes its place.
    public func openStore(create: Bool = false, settingDamagedAside: Bool = false) throws -> FieldCaseStore {
        guard settingDamagedAside else { return try openFile(create: create) }
        do {
            return try openFile(create: create)
        } catch StoreError.unreadable {
            let aside = url.appendingPathComponent("damaged-\(UUID().uuidString).sqlite").path
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: databasePath + suffix) {
                guard rename(databasePath + suffix, aside + suffix) == 0 else {
                    throw StoreError.readOnly(path: url.path)
                }
            }
            StandardStreams.error(
                localized(
                    "Warning: the database here did not open; it is kept as \(aside).\n",
                    "Cảnh báo: cơ sở dữ liệu ở đây không mở được; đã giữ lại thành \(aside).\n"))
            return try openFile(create: true)
        }
    }

    private func openFile(create: Bool) throws -> FieldCaseStore {
        let path = databasePath
        if !FileManager.default.fileExists(atPath: path) {
            guard create else { throw StoreError.notInitialized }
            do {
                try FileManager.default.createDirectory(
                    at: url, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw StoreError.readOnly(path: url.path)
            }
        }
        Self.tightenPermissions(home: url.path, database: path)
        return try FieldCaseStore.open(path: path, kdfCost: kdfCost)
    }

    /// Citizens' data must not be readable by other accounts: a home or database that is gets a warning
    /// and is fixed (0700 and 0600) before anything else happens.
    static func tightenPermissions(home: String, database: String) {
        for (path, mode) in [(home, 0o700), (database, 0o600), (database + "-wal", 0o600), (database + "-shm", 0o600)] {
            guard let current = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int,
                current & 0o077 != 0
            else { continue }
            if chmod(path, mode_t(mode)) == 0 {
                let octal = String(current, radix: 8)
                StandardStreams.error(
                    localized(
                        "Warning: \(path) was open to other users (mode \(octal)); it is now private.\n",
                        "Cảnh báo: \(path) đã mở cho người dùng khác (quyền \(octal)); nay chỉ riêng bạn đọc được.\n"))
            }
        }
    }

    /// Refuses to write an export or report into the home folder: citizens' data sealed there must not sit
    /// beside it in clear (a copy of the folder would carry it).
    public func refuseInside(_ out: String?) throws {
        guard let out else { return }
        // The file may not exist yet: its folder, resolved through every link, is what must be outside.
        // The parent as given, resolved by the kernel's rules: `link/..` goes where the link points, then up.
        // The string as typed, not a URL: a URL collapses `link/..` as text before the kernel could follow it.
        let parent = (out as NSString).deletingLastPathComponent
        let target = Self.realPath(parent.isEmpty ? "." : parent) + "/" + (out as NSString).lastPathComponent
        let folder = Self.realPath(url.path)
        if target.hasPrefix(folder + "/") {
            throw CommandFailure(
                localized(
                    "\(out) is inside the home folder, where data is kept sealed; write it elsewhere (nothing was written)",
                    "\(out) nằm trong thư mục dữ liệu, nơi dữ liệu được mã hoá; hãy ghi ra chỗ khác (chưa ghi gì)"),
                exitCode: Exit.cannotCreate)
        }
    }

    /// The path with every symbolic link resolved (as far as it exists).
    static func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return URL(fileURLWithPath: path).standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// Opens a store that `init` has set up, with its profile.
    public func openInitialized() throws -> (FieldCaseStore, Profile) {
        let store = try openStore()
        return (store, try store.requireProfile())
    }
}
