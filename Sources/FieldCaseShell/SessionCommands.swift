import FieldCaseCLI
import FieldCaseCore
import Foundation

/// The shell-only commands that talk with the officer: new, drafts, resume, login, logout.
struct SessionCommands {
    let home: HomeOptions
    let editor: LineEditor

    func run(_ command: String, _ arguments: [String]) async -> Int32 {
        do {
            let (store, _) = try home.openInitialized()
            switch command {
            case "new": return try GuidedEntry(store: store, editor: editor, draft: nil).run()
            case "drafts":
                let officer = try OfficerOptions.parse([]).authenticate(in: store, now: try Clock.now())
                try store.recordAccess(
                    AuditAction.listed, by: officer, now: try Clock.now(),
                    details: ["drafts": String(try store.drafts().count)])
                return try listDrafts(store)
            case "resume":
                _ = try OfficerOptions.parse([]).authenticate(in: store, now: try Clock.now())
                return try resume(arguments.first, store)
            case "login": return try login(arguments.joined(separator: " "), store)
            default:
                SignedIn.session = nil
                Terminal.say(.loggedOut)
                return Exit.success
            }
        } catch {
            let report = Diagnostics.report(for: error)
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
        var table = Table(headers: ["DRAFT", "UPDATED", "PROCEDURE", "APPLICANT", "NEXT"], flexibleColumn: 3)
        table.rows = drafts.map {
            [
                String($0.id), Format.shortTime($0.updatedAt), $0.answers["procedure"] ?? "-",
                $0.answers["name"] ?? "-",
                $0.nextQuestion,
            ]
        }
        print(table.render())
        return Exit.success
    }

    func resume(_ argument: String?, _ store: FieldCaseStore) throws -> Int32 {
        let drafts = try store.drafts()
        let wanted = argument.flatMap(Int64.init) ?? (argument == nil && drafts.count == 1 ? drafts[0].id : nil)
        guard let wanted, let draft = try store.draft(id: wanted) else {
            Terminal.error(.unknownDraft(argument ?? ""))
            return Exit.usage
        }
        return try GuidedEntry(store: store, editor: editor, draft: draft).run()
    }

    func login(_ name: String, _ store: FieldCaseStore) throws -> Int32 {
        var name = name
        if name.isEmpty {
            let officers = try store.officers().filter { !$0.disabled }.map(\.name)
            guard
                case .line(let typed) = editor.readLine(
                    prompt: Message.askOfficer.text, mode: .wholeLine, completer: ShellCompletion.choices(officers))
            else { return Exit.failure }
            name = typed
        }
        SignedIn.session = nil
        let officer = try OfficerOptions.parse(["--as", name]).authenticate(in: store, now: try Clock.now())
        Terminal.say(.loggedIn(officer.name))
        return Exit.success
    }
}
