import Foundation
import Testing

@testable import FieldCaseCLI
@testable import FieldCaseCore
@testable import FieldCaseShell

/// Guided entry driven in this process by a scripted line editor: the questions the officer is asked, a wrong
/// answer asked again, the dossier saved with the due date of the published calendar, a Ctrl-C that keeps a draft.
@Suite("Guided entry, scripted")
struct GuidedEntryTests {
    /// Answers questions by a part of their prompt; Enter (the default) for any other; the end of input after
    /// `limit` reads, so a question asked forever fails the test instead of hanging it.
    final class ScriptedLines: LineReading {
        var answers: [(prompt: String, input: [LineInput])]
        private(set) var prompts: [String] = []
        let limit: Int

        init(_ answers: [(String, [LineInput])], limit: Int = 60) {
            self.answers = answers.map { (prompt: $0.0, input: $0.1) }
            self.limit = limit
        }

        func readLine(prompt: String, mode: LineEditor.WordMode, completer: LineEditor.Completer?) -> LineInput {
            prompts.append(prompt)
            guard prompts.count <= limit else { return .endOfInput }
            guard let index = answers.firstIndex(where: { prompt.contains($0.prompt) && !$0.input.isEmpty }) else {
                return .line("")
            }
            return answers[index].input.removeFirst()
        }
    }

    static let now = LocalTime(iso8601: "2026-02-13T09:00:00+07:00")!

    static func desk() throws -> (FieldCaseStore, Session) {
        let store = try FieldCaseStore.inMemory(kdfCost: .insecureFast)
        let (_, _, signedIn) = try store.initialize(
            Setup(communeCode: "02266", terminal: 1, unitCode: nil, officerName: "Lò Văn Pằng", pin: "246810"),
            catalog: try Catalog.embedded(), now: now)
        let session = Session(
            home: Home(FileManager.default.temporaryDirectory.appendingPathComponent("unused-\(UUID().uuidString)")),
            signedIn: signedIn, language: .english, clock: Clock(pinned: now), environment: [:])
        return (store, session)
    }

    static let dossier: [(String, [LineInput])] = [
        ("Procedure", [.line("1.004859")]), ("full name", [.line("Nguyễn Văn Đức")]),
        ("Date of birth", [.line("31/02/1999"), .line("04/03/1999")]), ("Gender", [.line("male")]),
        ("ID number", [.line("001099012345")]),
    ]

    @Test("A dossier asked field by field is saved with the checklist, the corrected date, and Tết 2026 counted")
    func saved() throws {
        let (store, session) = try Self.desk()
        let lines = ScriptedLines(Self.dossier)
        let entry = try GuidedEntry(store: store, editor: lines, draft: nil, session: session)
        #expect(try entry.run() == Exit.success)
        let saved = try #require(try store.cases().first)
        #expect(saved.applicant.dateOfBirth == LocalDate(iso: "1999-03-04"), "the impossible date was asked again")
        #expect(lines.prompts.filter { $0.contains("Date of birth") }.count == 2)
        #expect(lines.prompts.contains { $0.contains("Received 'Giấy tờ tùy thân'") }, "the procedure's checklist")
        #expect(saved.documents.count == 3)
        #expect(saved.dueAt == LocalTime(iso8601: "2026-02-25T09:00:00+07:00"))
        #expect(try store.drafts().isEmpty)
    }

    @Test("A certified copy asks for pages and copies and proposes the fee by the page; a wrong count is asked again")
    func feeByThePage() throws {
        let (store, session) = try Self.desk()
        var answers = Self.dossier
        answers[0] = ("Procedure", [.line("2.000815")])
        answers += [("Pages of one copy", [.line("0"), .line("5 3")]), ("Fee paid", [.line("y")])]
        let lines = ScriptedLines(answers)
        let entry = try GuidedEntry(store: store, editor: lines, draft: nil, session: session)
        #expect(try entry.run() == Exit.success)
        #expect(lines.prompts.filter { $0.contains("Pages of one copy") }.count == 2, "0 pages is no count")
        // Pages 1–2 at 2,000 đ, 3–5 at 1,000 đ: 7,000 đ a copy, three copies; Enter takes the proposed fee.
        #expect(lines.prompts.contains { $0.contains("Fee in VND") && $0.contains("21000") }, "\(lines.prompts)")
        let saved = try #require(try store.cases().first)
        #expect(saved.fee.amount == 21000)
        #expect(saved.fee.paid)
    }

    @Test("A procedure whose fee is not by the page never asks for pages")
    func noPagesAsked() throws {
        let (store, session) = try Self.desk()
        let lines = ScriptedLines(Self.dossier)
        _ = try GuidedEntry(store: store, editor: lines, draft: nil, session: session).run()
        #expect(!lines.prompts.contains { $0.contains("Pages") })
    }

    @Test("Ctrl-C in the middle keeps the answers so far as a draft, which resumes at the next question")
    func interrupted() throws {
        let (store, session) = try Self.desk()
        let lines = ScriptedLines(
            [
                ("Procedure", [.line("1.004859")]), ("full name", [.line("Nguyễn Văn Đức")]),
                ("Date of birth", [.interrupted]),
            ])
        let entry = try GuidedEntry(store: store, editor: lines, draft: nil, session: session)
        _ = try entry.run()
        #expect(try store.cases().isEmpty)
        let draft = try #require(try store.drafts().first)
        #expect(draft.answers["name"] == "Nguyễn Văn Đức")

        let resumed = ScriptedLines(Array(Self.dossier.dropFirst(2)))
        #expect(try GuidedEntry(store: store, editor: resumed, draft: draft, session: session).run() == Exit.success)
        #expect(resumed.prompts.first?.contains("Date of birth") == true, "resumed where it stopped")
        #expect(try store.cases().first?.applicant.name == "Nguyễn Văn Đức")
        #expect(try store.drafts().isEmpty)
    }
}

/// The citizen's papers print nothing that could steer a terminal or a receipt printer, whatever a reason holds.
struct PaperTests {
    @Test("An escape or a line break in a reason prints as a space, within the paper's width")
    func controlCharacters() {
        let paper = Paper(width: 32)
        let lines = paper.field("Lý do", "Thiếu giấy\u{1B}]0;x\u{07} tờ\nLệ phí: 0 đ \u{202E}abc")
        #expect(lines.allSatisfy { TextRules.controlCharacter(in: $0) == nil }, "\(lines)")
        #expect(lines.allSatisfy { VietnameseText.displayWidth($0) <= 32 })
        #expect(lines.joined(separator: " ").contains("Thiếu giấy"))
    }
}
