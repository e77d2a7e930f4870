import FieldCaseCLI
import FieldCaseCore
import Foundation
import Testing

@testable import FieldCaseShell

/// `scan CODE` and the scanning offered after `new` and before `return`: each checklist paper in turn, a scanned
/// file or the desk's scanner (a stand-in `scanimage` on PATH), each page attached as it comes, a file that is not
/// a page said and asked again, Ctrl-C keeping what was attached.
@Suite(.serialized)
struct PaperScanningTests {
    typealias Lines = GuidedEntryTests.ScriptedLines

    /// A folder with a `scanimage` that prints one PNG page, and a PDF and a text file beside it.
    static func scannerFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scanner-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("scanimage")
        try "#!/bin/sh\nprintf '\\211PNG\\r\\n\\032\\n'\n/usr/bin/head -c 4000 /dev/zero\n".write(
            to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        try (Data("%PDF-1.7\n".utf8) + Data(repeating: 7, count: 3000)).write(
            to: folder.appendingPathComponent("a.pdf"))
        try (Data("%PDF-1.7\n".utf8) + Data(repeating: 8, count: 3000)).write(
            to: folder.appendingPathComponent("b.pdf"))
        try Data("not a scan".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        return folder
    }

    static func withScanner(_ session: Session, _ folder: URL) -> Session {
        Session(
            home: session.home, signedIn: session.signedIn, language: session.language,
            clock: Clock(pinned: GuidedEntryTests.now), environment: ["PATH": folder.path])
    }

    static func recorded(_ store: FieldCaseStore, _ session: Session) throws -> String {
        _ = try GuidedEntry(store: store, editor: Lines(GuidedEntryTests.dossier), draft: nil, session: session).run()
        return try #require(try store.cases().first?.code)
    }

    @Test("Each paper in turn: a file, one that is not a page asked again, one attached already, no result step")
    func files() throws {
        let (store, session) = try GuidedEntryTests.desk()
        let folder = try Self.scannerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let code = try Self.recorded(store, session)
        let lines = Lines([
            (
                "Paper 1",
                [.line(folder.appendingPathComponent("notes.txt").path), .line(folder.path + "/a.pdf"), .line("-")]
            ),
            // The same scan again on another paper: attached already, nothing written.
            ("Paper 2", [.line(folder.path + "/a.pdf"), .line("-")]),
            ("Paper 3", [.line(folder.appendingPathComponent("b.pdf").path), .line("")]),
        ])
        var scanning = PaperScanning(store: store, editor: lines, session: session)
        #expect(try scanning.run(code: code) == 2)
        let pages = try store.attachedPages(of: code)
        #expect(pages.map(\.page.component) == [1, 3], "\(pages)")
        #expect(pages.allSatisfy { $0.page.stage == .intake && $0.page.mediaType == .pdf })
        #expect(lines.prompts.filter { $0.contains("Paper 1") }.count == 3, "the text file was asked again")
        #expect(!lines.prompts.contains { $0.contains("result") }, "not resolved: no result asked")
        #expect(!lines.prompts.contains { $0.contains("Enter scans") }, "no scanner here: not offered")
    }

    @Test("With a scanner: offered after new saves the dossier, Enter scans, Ctrl-C stops and keeps what came")
    func scanner() throws {
        let (store, desk) = try GuidedEntryTests.desk()
        let folder = try Self.scannerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = Self.withScanner(desk, folder)
        let lines = Lines(
            GuidedEntryTests.dossier + [("Paper 1", [.line(""), .line("-")]), ("Paper 2", [.interrupted])])
        #expect(try GuidedEntry(store: store, editor: lines, draft: nil, session: session).run() == Exit.success)
        let code = try #require(try store.cases().first?.code)
        let pages = try store.attachedPages(of: code)
        #expect(pages.map(\.page.component) == [1] && pages.first?.page.mediaType == .png, "\(pages)")
        #expect(!lines.prompts.contains { $0.contains("Paper 3") }, "Ctrl-C stopped the walk")
        #expect(try store.cases().first?.status == .received, "the dossier as saved")
    }

    @Test("Before return: the result scanned first, then the handover as before; asked no more once there")
    func result() throws {
        let (store, desk, code) = try ResultReturnTests.resolved()
        let folder = try Self.scannerFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let session = Self.withScanner(desk, folder)
        let lines = Lines([("result issued", [.line(""), .line("-")]), ("Collected by", [.line("")])])
        var handing = ResultReturn(store: store, editor: lines, session: session)
        #expect(try handing.run(code: code) == Exit.success)
        let pages = try store.attachedPages(of: code)
        #expect(pages.map(\.page.stage) == [.result] && pages.first?.page.component == nil)
        #expect(try store.caseRecord(code: code)?.status == .returned)
        #expect(!lines.prompts.contains { $0.contains("Paper") }, "at the handover, only the result is asked")
        // `scan` on the returned dossier walks its papers, then its result.
        let again = Lines([("Paper", [.line("-"), .line("-"), .line("-")]), ("result issued", [.line("-")])])
        var scanning = PaperScanning(store: store, editor: again, session: session)
        #expect(try scanning.run(code: code) == 0)
        #expect(again.prompts.last?.contains("result issued") == true, "\(again.prompts)")
    }

    @Test("An unknown or discarded dossier is refused before anything is asked")
    func refused() throws {
        let (store, session) = try GuidedEntryTests.desk()
        let lines = Lines([])
        var scanning = PaperScanning(store: store, editor: lines, session: session)
        #expect(throws: DomainError.self) { try scanning.run(code: "02266-260213-1999") }
        #expect(lines.prompts.isEmpty)
    }
}
