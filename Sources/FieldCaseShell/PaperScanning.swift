import FieldCaseCLI
import FieldCaseCore
import Foundation

/// What a page scanned in the shell digitises: a paper of the dossier's checklist, the papers received (a dossier
/// with no checklist), or the result issued.
enum PagesTarget: Equatable {
    case paper(number: Int, name: String)
    case papers
    case result
}

/// `scan CODE` in the shell, also offered after `new` saves a dossier and before `return` hands a result over on a
/// desk with a scanner: the dossier's papers digitised at the desk (Circular 03/2025), one checklist paper at a
/// time, then the result once the dossier is resolved. At each: Enter takes a page from the scanner, a file's path
/// attaches that file, `-` (or an empty line without a scanner) goes on. Each page is attached as it comes, so a
/// wrong file or a jammed scanner later loses nothing; a page that is not one is said in one line and asked again.
struct PaperScanning {
    let store: FieldCaseStore
    let editor: any LineReading
    var session: Session

    /// Walks the checklist (and the result, `result` deciding: nil for where the dossier stands); returns how many
    /// pages were attached.
    @discardableResult
    mutating func run(code: String, result: Bool? = nil) throws -> Int {
        let officer = try session.authenticate(named: nil, in: store)
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        if record.discardedAt != nil { throw StoreError.caseDiscarded(record.code) }
        var targets: [PagesTarget] = record.documents.enumerated().map {
            .paper(number: $0.offset + 1, name: $0.element.name)
        }
        if targets.isEmpty { targets = [.papers] }
        let resolved = record.status == .resolved || record.status == .returned
        if let result { targets = result ? [.result] : targets } else if resolved { targets.append(.result) }
        let scanner = PageScanner.available(in: session)
        Terminal.say(.scanningPapers(code: record.code))
        var attached = 0
        walk: for target in targets {
            while true {
                let (name, page): (String, Data)
                switch nextPage(for: target, scanner: scanner) {
                case .page(let taken, let bytes): (name, page) = (taken, bytes)
                case .done: continue walk
                case .stop: break walk
                }
                do {
                    let outcome = try store.attachPages(
                        [page], to: record.code, stage: target == .result ? .result : .intake,
                        component: target.component, by: officer, now: session.now())
                    for item in outcome {
                        session.sayAttached(item, code: record.code, name: name)
                        if !item.alreadyAttached { attached += 1 }
                    }
                } catch {
                    // Not a page (empty, too big, not a scan), or the disk refusing it: said, and the same paper
                    // asked again (`-` goes on).
                    say(error)
                }
            }
        }
        Terminal.say(.pagesAttached(code: record.code, count: attached))
        return attached
    }

    /// What the officer gave at a target's prompt.
    enum Next {
        /// A page's name (its file, or the scanner) and bytes.
        case page(String, Data)
        /// Done with this target: the next one.
        case done
        /// Ctrl-C or the end of input: the walk stops.
        case stop
    }

    /// The next page for `target`, asked again after a file or a scan that is not one.
    func nextPage(for target: PagesTarget, scanner: Bool) -> Next {
        while true {
            switch editor.readLine(prompt: Message.askPages(target, scanner: scanner).text, mode: .wholeLine) {
            case .interrupted, .endOfInput, .terminated: return .stop
            case .invalidUTF8: Terminal.error(.invalidUTF8)
            case .line(let line):
                let typed = line.trimmingCharacters(in: .whitespaces)
                if typed == "-" || (typed.isEmpty && !scanner) { return .done }
                do {
                    if typed.isEmpty { return .page(PageScanner.name(in: session), try PageScanner.scan(in: session)) }
                    let bytes = try PageScanner.read(typed)
                    _ = try ScannedPage.mediaType(of: Array(bytes))
                    return .page(typed, bytes)
                } catch {
                    say(error)
                }
            }
        }
    }

    func say(_ error: any Error) {
        StandardStreams.error(Diagnostics.report(for: error, in: session.language).message + "\n")
    }
}

extension PagesTarget {
    /// The checklist paper's number, for the page's description.
    var component: Int? {
        if case .paper(let number, _) = self { return number }
        return nil
    }
}
