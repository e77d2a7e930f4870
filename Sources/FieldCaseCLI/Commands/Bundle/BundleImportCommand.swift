import ArgumentParser
import FieldCaseBundle
import FieldCaseCore
import FieldCaseRows
import FieldCaseSync
import FieldCaseWire
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
        let now = session.now()
        let (store, profile) = try session.home.openInitialized()
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        let bundle = try Self.parse(try Self.read(file))
        let header = bundle.header
        guard header.kind == .reply else { throw BundleRefusal.notAReply }
        guard header.deviceID == enrollment.deviceID else {
            throw BundleRefusal.otherDevice(
                deviceID: header.deviceID, commune: header.communeCode, terminal: header.terminal,
                this: "\(profile.communeCode), \(profile.terminal)")
        }
        guard let verifier = try store.replyKey(), let keys = try store.bundleKeys(creating: false) else {
            throw BundleRefusal.noBundleKeys
        }
        let reply: BundleReply
        do {
            try bundle.verify(signer: verifier)
            reply = try bundle.open(BundleReply.self, with: keys.agreement)
        } catch {
            throw BundleRefusal.file(error)
        }
        guard reply.deviceID == enrollment.deviceID, reply.answers == header.answers else {
            throw BundleRefusal.file(.damaged)
        }
        if let known = enrollment.epoch, [reply.push.epoch, reply.pull.epoch].contains(where: { $0 != nil && $0 != known }) {
            throw BundleRefusal.otherHistory
        }
        let summary = try Self.apply(reply, to: store, now: now)
        if output.json { return try printJSON(summary) }
        session.say(.replyImported(summary))
        if let diverged = try store.enrollment()?.diverged { session.say(.syncStopped(diverged)) }
    }

    /// Takes the answers as a sync over the network does: each step is idempotent, so a reply imported twice,
    /// or after the network brought the same answers, changes nothing.
    static func apply(_ reply: BundleReply, to store: FieldCaseStore, now: LocalTime) throws -> ReplySummary {
        let before = try store.pendingCount()
        try store.recordPushResults(reply.push.results, now: now)
        try store.applyPulledPage(reply.pull.changes, nextCursor: reply.pull.nextCursor, now: now)
        // Only forward: a reply older than a sync must not make the desk send its trail again.
        let sent = try store.unsentAudit(limit: 1).first.map { $0.id - 1 } ?? (try store.auditHead()?.id ?? 0)
        if reply.audit.receivedThrough > sent { try store.setAuditSent(through: reply.audit.receivedThrough) }
        _ = try store.markBundleAnswered(sha256: reply.answers, now: now)
        let outcomes = reply.push.results.map(\.effectiveOutcome)
        return ReplySummary(
            synced: outcomes.filter { $0 == .applied }.count, rejected: outcomes.filter { $0 == .rejected }.count,
            conflicts: outcomes.filter { $0 == .conflict }.count,
            updates: reply.pull.changes.filter { $0.kind == .statusUpdate }.count,
            answered_now: before - (try store.pendingCount()))
    }

    static func read(_ file: String) throws -> Data {
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        guard BackupFile.isReadableRegularFile(file), size <= BundleFile.maxBytes,
            let data = FileManager.default.contents(atPath: file)
        else { throw StoreError.unreadable(path: file, detail: "not a readable bundle file") }
        return data
    }

    static func parse(_ data: Data) throws -> SignedBundle {
        do {
            return try BundleFile.parse(data)
        } catch {
            throw BundleRefusal.file(error)
        }
    }
}

/// What a reply brought, for the officer and `--json`.
struct ReplySummary: Encodable {
    let synced: Int
    let rejected: Int
    let conflicts: Int
    let updates: Int
    /// Items that had no answer on this desk before the reply.
    let answered_now: Int
}
