import FieldCaseCommandLine
import ArgumentParser
import FieldCaseCore
import FieldCaseRows
import FieldCaseSync
import FieldCaseWire
import Foundation

/// `fieldcase bundle export --out FILE|FOLDER`: the outbox on a USB stick, for the province to import.
struct BundleExportCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "export",
            abstract: localized(
                "Write the items not yet acknowledged to a bundle file (supervisors).",
                "Ghi các mục chưa được xác nhận ra một tệp gói (giám sát viên)."),
            discussion: localized(
                """
                Given a folder (the stick), the file is named by commune, terminal, item numbers and time. The \
                items stay pending here: a bundle is not an acknowledgement, so a lost stick loses nothing. The \
                command prints the file's SHA-256 for the province to compare.
                """,
                """
                Nếu chỉ định một thư mục (USB), tệp được đặt tên theo xã, số máy, số thứ tự các mục và thời gian. \
                Các mục vẫn chờ gửi trên máy này: gói không phải là xác nhận, nên mất USB cũng không mất gì. Lệnh \
                in mã SHA-256 của tệp để tỉnh đối chiếu.
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Option(
        help: ArgumentHelp(
            localized("File or folder to write the bundle to.", "Tệp hoặc thư mục để ghi gói."),
            valueName: "FILE|FOLDER"),
        completion: .file())
    var out: String
    @Flag(
        help: ArgumentHelp(
            localized(
                "Leave out items already carried by a bundle still waiting for its reply.",
                "Bỏ qua các mục đã nằm trong một gói đang chờ trả lời.")))
    var sinceAck = false

    func validate() throws {
        guard !out.isEmpty else { throw ValidationError(localized("--out needs a file name", "--out cần tên tệp")) }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        try officer.require(.exportBundle)
        // Items get their wire numbers here: never while a sync numbers them too.
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        try store.sealOutstanding()
        let bundle = try DeskBundles.export(store: store, sinceAck: sinceAck, now: now)
        // The file's own path is checked, not only --out's: a link to the home is a folder inside it.
        let path = BackupFile.path(out, orInside: bundle.header.fileName)
        try session.home.refuseInside(path)
        // Flushed to the stick before it gets its name: pulled out at once, it holds the whole file or none.
        try FieldCaseStore.writingNewFile { try BackupFile.write(bundle.data, to: path) }
        try store.recordBundleExport(
            sha256: bundle.sha256, fileName: (path as NSString).lastPathComponent, deviceID: bundle.header.deviceID,
            seqs: bundle.seqs, items: bundle.header.items, by: officer, now: now)
        if output.json {
            return try printJSON(
                BundleJSON(
                    file: path, items: bundle.header.items, first_seq: bundle.header.firstSeq,
                    last_seq: bundle.header.lastSeq, bytes: bundle.data.count, sha256: bundle.sha256))
        }
        session.say(
            .bundleWritten(
                path: path, items: bundle.header.items, seqs: bundle.seqs, kilobytes: (bundle.data.count + 1023) / 1024,
                sha256: bundle.sha256))
    }
}

/// `bundle export --json`.
struct BundleJSON: Encodable {
    let file: String
    let items: Int
    @Nullable var first_seq: Int64?
    @Nullable var last_seq: Int64?
    let bytes: Int
    let sha256: String
}
