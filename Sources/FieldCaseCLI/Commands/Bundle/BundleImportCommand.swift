import ArgumentParser
import FieldCaseBundle
import FieldCaseCore
import FieldCaseRows
import FieldCaseSync
import Foundation

/// `fieldcase bundle import REPLY`: the central system's answers, carried back on the stick.
struct BundleImportCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "import",
            abstract: localized(
                "Take the central system's reply to a bundle: outcomes and the province's updates.",
                "Nhận gói trả lời của hệ thống trung tâm: kết quả xử lý và cập nhật của tỉnh."),
            discussion: localized(
                """
                The reply must be signed by the central system this desk is enrolled with and made for this desk. \
                Importing it twice, or after a sync over the network got the same answers, changes nothing.
                """,
                """
                Gói trả lời phải có chữ ký của hệ thống trung tâm mà máy này đã đăng ký và được làm cho chính máy \
                này. Nhập hai lần, hoặc nhập sau khi đồng bộ qua mạng đã nhận cùng kết quả, không thay đổi gì.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions
    @Argument(
        help: ArgumentHelp(localized("The reply file (.fcb).", "Tệp gói trả lời (.fcb)."), valueName: "REPLY"),
        completion: .file(extensions: ["fcb"]))
    var file: String

    func run(in session: inout Session) async throws {
        let (store, _) = try session.home.openInitialized()
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        let summary = try DeskBundles.importReply(try Self.read(file), store: store, now: session.now())
        if output.json { return try printJSON(summary) }
        session.say(.replyImported(summary))
        if let diverged = try store.enrollment()?.diverged { session.say(.syncStopped(diverged)) }
    }

    static func read(_ file: String) throws -> Data {
        guard case .data(let data) = BackupFile.read(file, atMost: BundleFile.maxBytes) else {
            throw BundleRefusal.cannotRead(file)
        }
        return data
    }
}
