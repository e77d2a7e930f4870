import ArgumentParser
import FieldCaseCommandLine
import FieldCaseCore
import Foundation

/// `fieldcase case attach`: digitises a dossier's papers (Circular 03/2025), a scanned file at a time.
struct CaseAttachCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "attach",
            abstract: localized(
                "Attach scanned pages (PDF, JPEG, PNG) to a dossier.",
                "Đính kèm trang scan (PDF, JPEG, PNG) vào hồ sơ."),
            discussion: localized(
                """
                Each file is stored sealed, once however many dossiers it is attached to, and sent to the central \
                system after the dossier, when the link and the page budget allow ('policy page-budget-daily'). \
                --component ties the pages to a paper of the checklist (its number in 'case show'); --result marks \
                them as the result issued. --scan takes a page from the scanner (SANE's scanimage).
                """,
                """
                Mỗi tệp được lưu niêm phong, chỉ một lần dù đính kèm vào bao nhiêu hồ sơ, và được gửi lên hệ thống \
                trung tâm sau hồ sơ, khi đường truyền và hạn mức cho phép ('policy page-budget-daily'). \
                --component gắn trang với một giấy tờ trong danh mục (số thứ tự trong 'case show'); --result đánh \
                dấu là kết quả giải quyết. --scan lấy trang từ máy scan (scanimage của SANE).
                """))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var officer: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Argument(help: ArgumentHelp(localized("Dossier code.", "Mã hồ sơ.")), completion: CompletionValues.codes.kind)
    var code: String
    @Argument(
        help: ArgumentHelp(localized("Scanned files.", "Các tệp đã scan."), valueName: "FILE"),
        completion: .file(extensions: ["pdf", "jpg", "jpeg", "png"]))
    var files: [String] = []
    @Option(
        help: ArgumentHelp(
            localized(
                "The checklist paper the pages digitise (its number in case show).",
                "Giấy tờ trong danh mục mà các trang này số hoá (số thứ tự trong case show)."),
            valueName: "N"))
    var component: Int?
    @Flag(help: ArgumentHelp(localized("The pages are the result issued.", "Các trang là kết quả giải quyết.")))
    var result = false
    @Flag(help: ArgumentHelp(localized("Take a page from the scanner.", "Lấy một trang từ máy scan.")))
    var scan = false

    func validate() throws {
        if files.isEmpty, !scan {
            throw ValidationError(
                localized("name a scanned file, or --scan", "hãy ghi tên tệp đã scan, hoặc --scan"))
        }
        if result, component != nil {
            throw ValidationError(
                localized(
                    "--component is for papers received, not --result",
                    "--component dành cho giấy tờ tiếp nhận, không đi cùng --result"))
        }
    }

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let actor = try session.authenticate(officer, in: store)
        // Every file is read and checked before anything is stored: a wrong one stops the command with nothing
        // written.
        var pages: [(name: String, bytes: Data)] = []
        for file in files {
            let bytes = try PageScanner.read(file)
            do {
                _ = try ScannedPage.mediaType(of: Array(bytes))
            } catch {
                throw CommandFailure(
                    "\(file): " + error.text(in: session.language), exitCode: Exit.dataError)
            }
            pages.append((file, bytes))
        }
        if scan { pages.append((PageScanner.name(in: session), try PageScanner.scan(in: session))) }
        // One transaction: every file is attached, or none.
        let attached = try store.attachPages(
            pages.map(\.bytes), to: code, stage: result ? .result : .intake, component: component, by: actor, now: now)
        if output.json { return try printJSON(attached.map(PageJSON.init)) }
        for (page, outcome) in zip(pages, attached) {
            session.say(.pageAttached(code: code, name: page.name, outcome))
        }
    }
}

/// A page as `case attach --json` and `case show --json` print it.
struct PageJSON: Encodable {
    let sha256: String
    let size: Int
    let media_type: String
    let stage: String
    let component: Int?
    let already_attached: Bool?
    let stored_centrally: Bool?

    init(_ attachment: PageAttachment) {
        sha256 = attachment.page.sha256
        size = attachment.page.size
        media_type = attachment.page.mediaType.rawValue
        stage = attachment.page.stage.rawValue
        component = attachment.page.component
        already_attached = attachment.alreadyAttached
        stored_centrally = nil
    }

    init(_ attached: AttachedPage) {
        sha256 = attached.page.sha256
        size = attached.page.size
        media_type = attached.page.mediaType.rawValue
        stage = attached.page.stage.rawValue
        component = attached.page.component
        already_attached = nil
        stored_centrally = attached.storedCentrally
    }
}
