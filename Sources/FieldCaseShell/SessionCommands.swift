import FieldCaseCLI
import FieldCaseCore
import Foundation

/// The shell-only commands that talk with the officer: new, drafts, resume, return, scan, login, logout.
struct SessionCommands {
    let editor: LineEditor

    func run(_ command: String, _ arguments: [String], in session: inout Session) async -> Int32 {
        do {
            let (store, _) = try session.home.openInitialized()
            switch command {
            case "new": return try guidedEntry(store, draft: nil, in: &session)
            case "drafts":
                let officer = try session.authenticate(named: nil, in: store)
                try store.recordAccess(
                    AuditAction.listed, by: officer, now: session.now(),
                    details: ["drafts": String(try store.drafts().count)])
                return try listDrafts(store)
            case "resume":
                _ = try session.authenticate(named: nil, in: store)
                return try resume(arguments.first, store, in: &session)
            case "return":
                guard let code = arguments.first, arguments.count == 1 else {
                    Terminal.error(.returnUsage)
                    return Exit.usage
                }
                var handing = ResultReturn(store: store, editor: editor, session: session)
                defer { session = handing.session }
                return try handing.run(code: code)
            case "scan":
                guard let code = arguments.first, arguments.count == 1 else {
                    Terminal.error(.scanUsage)
                    return Exit.usage
                }
                var scanning = PaperScanning(store: store, editor: editor, session: session)
                defer { session = scanning.session }
                try scanning.run(code: code)
                return Exit.success
            case "login": return try login(arguments.joined(separator: " "), store, in: &session)
            default:
                session.signOut()
                Terminal.say(.loggedOut)
                return Exit.success
            }
        } catch {
            let report = Diagnostics.report(for: error, in: session.language)
            StandardStreams.error(report.message + "\n")
            return report.exitCode
        }
    }

    func listDrafts(_ store: FieldCaseStore) throws -> Int32 {
        let drafts = try store.drafts()
        guard !drafts.isEmpty else {
            Terminal.say(.noDrafts)
            return Exit.success
        }
        let catalog = try store.catalog()
        var table = Table(headers: DraftColumn.allCases.map { Message.draftColumn($0).text }, flexibleColumn: 3)
        table.rows = drafts.map { draft in
            let code = draft.answers[GuidedQuestion.procedure.key]
            return [
                String(draft.id), Format.shortTime(draft.updatedAt),
                code.flatMap(catalog.procedure)?.nameVI ?? code ?? "-",
                draft.answers[GuidedQuestion.name.key] ?? "-", Self.nextStep(of: draft, in: catalog),
            ]
        }
        print(table.render())
        return Exit.success
    }

    /// Where `resume` picks the draft up, named as the summary before saving names it.
    static func nextStep(of draft: Draft, in catalog: Catalog) -> String {
        if draft.nextQuestion == GuidedEntry.reviewStep { return Message.reviewStep.text }
        let question = GuidedEntry.questions(for: draft.answers, in: catalog).first { $0.key == draft.nextQuestion }
        return question.map { Message.label($0).text } ?? draft.nextQuestion
    }

    func resume(_ argument: String?, _ store: FieldCaseStore, in session: inout Session) throws -> Int32 {
        let drafts = try store.drafts()
        // Without a number, the only draft there is.
        let only = argument == nil && drafts.count == 1 ? drafts.first?.id : nil
        guard let wanted = argument.flatMap(Int64.init) ?? only, let draft = try store.draft(id: wanted) else {
            Terminal.error(.unknownDraft(argument ?? ""))
            return Exit.usage
        }
        return try guidedEntry(store, draft: draft, in: &session)
    }

    /// Runs `new` or `resume`; whoever signed in during the entry stays signed in to the shell.
    func guidedEntry(
        _ store: FieldCaseStore, draft: Draft?, scan: CCCDScan? = nil, in session: inout Session
    ) throws -> Int32 {
        let entry = try GuidedEntry(store: store, editor: editor, draft: draft, session: session, scan: scan)
        defer { session = entry.session }
        return try entry.run()
    }

    func login(_ name: String, _ store: FieldCaseStore, in session: inout Session) throws -> Int32 {
        var name = name
        if name.isEmpty {
            let officers = try store.officers().filter { !$0.disabled }.map(\.name)
            guard
                case .line(let typed) = editor.readLine(
                    prompt: Message.askOfficer.text, mode: .wholeLine, completer: ShellCompletion.choices(officers))
            else { return Exit.failure }
            name = typed
        }
        session.signOut()
        let officer = try session.authenticate(named: name, in: store)
        Terminal.say(.loggedIn(officer.name))
        return Exit.success
    }

    /// A card scanned at the prompt starts `new` with the applicant filled; a bad scan says why and starts
    /// nothing.
    func newFromScan(_ line: String, in session: inout Session) -> Int32 {
        do {
            let (store, _) = try session.home.openInitialized()
            let scan = try CCCDScan(scanned: line, today: session.now().date, catalog: try store.catalog())
            return try guidedEntry(store, draft: nil, scan: scan, in: &session)
        } catch {
            let report = Diagnostics.report(for: error, in: session.language)
            StandardStreams.error(report.message + "\n")
            return report.exitCode
        }
    }
}
