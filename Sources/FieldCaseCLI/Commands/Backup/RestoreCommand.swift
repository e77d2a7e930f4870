import ArgumentParser
import FieldCaseCore
import FieldCaseRows
import FieldCaseSync
import Foundation

/// `fieldcase restore FILE`: puts a backup back, on this laptop or on the one that replaced it.
struct RestoreCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "restore",
            abstract: localized(
                "Put a backup back in place of this device's data.",
                "Khôi phục dữ liệu của máy từ một bản sao lưu."),
            discussion: localized(
                """
                Needs a supervisor of the backup (their PIN opens it). What the home held before is kept beside \
                it, never deleted. A device that was enrolled sends nothing afterwards until it enrolls again \
                with a new token: its numbering went back, and the central system must not take new events for \
                ones it already holds. Close the shell on this home first.
                """,
                """
                Cần giám sát viên của bản sao lưu (mã PIN của họ mở được bản này). Dữ liệu trước đó của máy được \
                giữ lại bên cạnh, không bị xoá. Máy đã đăng ký sẽ không gửi gì cho đến khi đăng ký lại bằng mã mới: \
                số thứ tự của máy đã lùi lại, và trung tâm không được nhận sự kiện mới thay cho sự kiện đã có. Hãy \
                đóng màn hình làm việc trên thư mục này trước.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Argument(
        help: ArgumentHelp(localized("The backup file.", "Tệp sao lưu."), valueName: "FILE"),
        completion: .file())
    var file: String

    func run(in session: inout Session) async throws {
        let now = session.now()
        // The backup is checked from a private copy before the home is touched (bringing an older backup's
        // schema up to date must not change the file either).
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-restore-\(UUID()).sqlite")
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: copy.path + suffix) }
        }
        let backup = try Self.open(file, copiedTo: copy.path, kdfCost: session.home.kdfCost)
        let supervisor = try session.authenticate(actor, in: backup)
        try supervisor.require(.restore)
        let live = try session.home.openStore(create: true, settingDamagedAside: true)
        // The restoring supervisor proves themselves to this desk as it is, with the PIN that opens it now: a
        // supervisor disabled since, or anyone who changed a PIN inside an old backup, is refused here.
        if try live.profile() != nil, try live.isProtected() {
            let here = try live.resolveOfficer(named: supervisor.name)
            try here.require(.restore)
            _ = try live.signIn(here, pin: try session.currentPIN(of: here), now: now)
        }
        // A sync recording answers into the store now would write them over the backup's numbering.
        let lock: SyncLock
        do {
            lock = try SyncLock(home: session.home.url)
        } catch {
            throw CommandFailure(
                localized(
                    "a sync is running on this home; try again when it ends (nothing was changed)",
                    "đang đồng bộ trên thư mục này; hãy thử lại khi xong (chưa thay đổi gì)"),
                exitCode: Exit.tempFail)
        }
        defer { withExtendedLifetime(lock) {} }
        // A home with a profile is someone's data: kept in a new file, never overwritten unseen.
        let stamp = String(now.iso8601.filter(\.isNumber).prefix(14))
        let keep =
            try live.profile() != nil ? BackupFile.keepingName(for: session.home.databasePath, stamp: stamp) : nil
        let disabled = try live.profile() != nil ? live.disabledOfficerNames() : []
        let held = try live.restore(
            from: backup, by: supervisor, keepingCurrentIn: keep, disabled: disabled, now: now)
        session.signOut()
        StandardStreams.error(DeskText.restored(held, keptIn: keep).text(in: session.language) + "\n")
        // The backup's key may be one a re-key retired since: the supervisor's sign-in retires it again now
        // (if it fails, the next supervisor's sign-in does; nobody else signs in before).
        _ = try session.authenticate(named: supervisor.name, in: live)
        session.signOut()
    }

    /// The backup as a store, refused with one line when it is not a regular file, is torn, is not a
    /// fieldcase home, or comes from a newer fieldcase.
    static func open(_ file: String, copiedTo copy: String, kdfCost: KDFCost) throws -> FieldCaseStore {
        guard BackupFile.isReadableRegularFile(file) else {
            throw CommandFailure(
                localized("cannot read the backup \(file)", "không đọc được tệp sao lưu \(file)"),
                exitCode: Exit.noInput)
        }
        let notABackup = CommandFailure(
            localized(
                "\(file) is not a fieldcase backup, or is damaged; nothing was changed",
                "\(file) không phải bản sao lưu fieldcase, hoặc đã hỏng; chưa thay đổi gì"),
            exitCode: Exit.dataError)
        guard (try? FileManager.default.copyItem(atPath: file, toPath: copy)) != nil else { throw notABackup }
        _ = chmod(copy, 0o600)
        let store: FieldCaseStore
        do {
            store = try FieldCaseStore.open(path: copy, kdfCost: kdfCost)
        } catch StoreError.schemaTooNew {
            throw CommandFailure(
                localized(
                    "\(file) was made by a newer fieldcase; upgrade fieldcase to restore it (nothing was changed)",
                    "\(file) do bản fieldcase mới hơn tạo; hãy nâng cấp fieldcase để khôi phục (chưa thay đổi gì)"),
                exitCode: Exit.dataError)
        } catch {
            throw notABackup
        }
        guard (try? store.integrityProblem()) == .some(nil), (try? store.profile()) != nil else { throw notABackup }
        return store
    }
}
