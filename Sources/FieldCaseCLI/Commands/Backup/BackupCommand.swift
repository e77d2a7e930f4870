import ArgumentParser
import FieldCaseCore
import Foundation

/// `fieldcase backup --out FILE`: a consistent copy of the home, taken while the shell may be running.
struct BackupCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "backup",
            abstract: localized(
                "Copy this device's data to a file, sealed as it is here.",
                "Sao lưu dữ liệu của máy ra một tệp, được mã hoá như trên máy."),
            discussion: localized(
                """
                Takes a consistent copy while the shell or a sync may be writing (SQLite's online backup). \
                Citizens' data stays sealed under the officers' PINs, so the file can go on a USB stick or a \
                server; it needs no officer and suits a nightly timer. Put it back with 'fieldcase restore'.
                """,
                """
                Sao lưu nhất quán ngay cả khi màn hình làm việc hoặc đồng bộ đang ghi (sao lưu trực tuyến của \
                SQLite). Dữ liệu công dân vẫn được mã hoá bằng mã PIN của cán bộ, nên tệp có thể để trên USB hoặc \
                máy chủ; không cần cán bộ đăng nhập, hợp với lịch chạy hằng đêm. Khôi phục bằng 'fieldcase restore'.
                """))
    }

    @OptionGroup var home: HomeOptions
    @Option(
        help: ArgumentHelp(localized("File to write.", "Tệp cần ghi ra."), valueName: "FILE"),
        completion: .file())
    var out: String

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError(localized("--out needs a file name", "--out cần tên tệp")) }
    }

    func run(in session: inout Session) async throws {
        let (store, _) = try session.home.openInitialized()
        let held = try store.backup(to: out, now: session.now())
        StandardStreams.error(DeskText.backedUp(held, to: out).text(in: session.language) + "\n")
    }
}
