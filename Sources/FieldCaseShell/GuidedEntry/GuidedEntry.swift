import FieldCaseCLI
import FieldCaseCore
import Foundation

/// `new` and `resume`: asks for a dossier field by field, checks each answer as it is given,
/// saves a draft after every answer, and records the case only after the officer confirms.
final class GuidedEntry {
    let store: FieldCaseStore
    let editor: any LineReading
    let catalog: Catalog
    var answers: [String: String]
    var draftID: Int64?
    var resumeAt: String?
    /// The shell's session: the officer signed in here stays signed in when the entry ends.
    var session: Session
    /// When a card was last read: a reader that ends its line with CR LF sends an empty line just after,
    /// which must not answer the next question.
    var scannedAt: Date?
    /// The answers a scanned card gave: not asked again on the way forward.
    var scannedKeys: Set<String> = []

    init(store: FieldCaseStore, editor: any LineReading, draft: Draft?, session: Session, scan: CCCDScan? = nil)
        throws
    {
        self.store = store
        self.session = session
        self.editor = editor
        catalog = try store.catalog()
        answers = draft?.answers ?? [:]
        draftID = draft?.id
        resumeAt = draft?.nextQuestion
        if let scan { fill(scan) }
    }

    static let reviewStep = "review"

    func run() throws -> Int32 {
        let officer = try session.authenticate(named: nil, in: store)
        if let draftID { Terminal.say(.entryResumed(draftID)) } else { Terminal.say(.entryIntro) }
        var index =
            resumeAt.flatMap { key in questions().firstIndex { $0.key == key } }
            ?? (resumeAt == Self.reviewStep ? questions().count : firstUnanswered())
        var returnToReview = false
        while true {
            let list = questions()
            if index >= list.count {
                switch try review(officer: officer) {
                case .saved(let code):
                    digitise(code)
                    return Exit.success
                case .keep: return keepOrDrop(officer: officer, ask: false)
                case .change(let number):
                    index = number - 1
                    returnToReview = true
                    continue
                case .stop: return keepOrDrop(officer: officer, ask: true)
                }
            }
            let question = list[index]
            let fallback = defaultAnswer(question)
            let input = editor.readLine(
                prompt: Message.question(question, detail: fallback).text, mode: .wholeLine,
                completer: completer(question))
            switch input {
            case .interrupted:
                return keepOrDrop(officer: officer, ask: true)
            case .endOfInput, .terminated:
                return keepOrDrop(officer: officer, ask: false)
            case .invalidUTF8:
                Terminal.error(.invalidUTF8)
            case .line(let text):
                let trimmed = text.trimmingCharacters(in: .whitespaces)
                if try handledAsScan(trimmed, at: question, officer: officer) {
                    index = firstUnanswered()
                    continue
                }
                if trimmed == "<" {
                    index = max(0, index - 1)
                    continue
                }
                do {
                    answers[question.key] = try GuidedAnswers.check(
                        question, trimmed.isEmpty ? fallback ?? "" : trimmed, answers: answers, catalog: catalog,
                        today: session.now().date, language: session.language)
                    index = returnToReview ? questions().count : nextQuestion(after: index)
                    returnToReview = false
                    try saveDraft(resumingAt: index, officer: officer)
                } catch let error as GuidedAnswers.Ambiguous {
                    Terminal.say(.ambiguousProcedure(error.names))
                } catch {
                    StandardStreams.error("\(Diagnostics.report(for: error, in: session.language).message)\n")
                }
            }
        }
    }

    /// The applicant's questions, where a scanned card answers them all at once.
    static let applicantQuestions: Set<GuidedQuestion> = [
        .name, .dateOfBirth, .gender, .idType, .idNumber, .detail(.address),
    ]

    /// A line the reader typed (fields separated by `|`) at an applicant question fills the applicant and is
    /// saved in the draft; a bad scan says why and fills nothing. The empty line a CR LF reader sends just
    /// after is swallowed. Returns whether the line was handled here.
    func handledAsScan(_ line: String, at question: GuidedQuestion, officer: Officer) throws -> Bool {
        let justScanned = scannedAt.map { Date().timeIntervalSince($0) < 0.5 } ?? false
        scannedAt = nil
        if line.isEmpty, justScanned { return true }
        guard Self.applicantQuestions.contains(question), CCCDScan.looksLikeScan(line) else { return false }
        do {
            fill(try CCCDScan(scanned: line, today: session.now().date, catalog: catalog))
        } catch {
            StandardStreams.error(Diagnostics.line(error.text(in: session.language), in: session.language) + "\n")
            return true
        }
        try saveDraft(resumingAt: firstUnanswered(), officer: officer)
        return true
    }

    /// Saves the answers so far; `resume` continues at question `index` (the review once past the last).
    func saveDraft(resumingAt index: Int, officer: Officer) throws {
        let list = questions()
        let next = list.indices.contains(index) ? list[index].key : Self.reviewStep
        draftID = try store.saveDraft(
            id: draftID, answers: answers, nextQuestion: next, officer: officer, now: session.now())
    }

    /// Takes the card's answers and says what was filled.
    func fill(_ scan: CCCDScan) {
        answers[GuidedQuestion.name.key] = scan.name
        answers[GuidedQuestion.dateOfBirth.key] = scan.dateOfBirth.description
        answers[GuidedQuestion.gender.key] = scan.gender.rawValue
        answers[GuidedQuestion.idType.key] = Applicant.IDType.cccd.rawValue
        answers[GuidedQuestion.idNumber.key] = scan.idNumber
        // The details the card names (address, old CMND number); one it lacks is kept empty, not asked.
        for (key, value) in scan.applicant.details { answers[key] = value }
        for detail in [ApplicantDetail.address, .oldIDNumber] where scan.applicant[detail] == nil {
            answers[detail.key] = ""
        }
        scannedKeys = Set(Self.applicantQuestions.map(\.key))
        scannedAt = Date()
        Terminal.say(.scanFilled(scan))
    }

    /// The question after `index`, past those a scanned card answered (the officer reaches them with `<`).
    func nextQuestion(after index: Int) -> Int {
        let list = questions()
        var next = index + 1
        while next < list.count, scannedKeys.contains(list[next].key) { next += 1 }
        return next
    }

    /// The first question without an answer (the review once all are answered).
    func firstUnanswered() -> Int {
        let list = questions()
        return list.firstIndex { answers[$0.key] == nil } ?? list.count
    }

    func questions() -> [GuidedQuestion] { Self.questions(for: answers, in: catalog) }

    /// The questions for the answers so far: the document checklist follows the procedure,
    /// and "paid?" is asked only when there is a fee.
    static func questions(for answers: [String: String], in catalog: Catalog) -> [GuidedQuestion] {
        let procedure = answers[GuidedQuestion.procedure.key].flatMap(catalog.procedure)
        var list: [GuidedQuestion] = [.procedure, .name, .dateOfBirth, .gender, .idType, .idNumber]
        list += ApplicantDetail.all.filter(\.asked).map(GuidedQuestion.detail)
        list += (procedure?.documents ?? []).enumerated().map {
            GuidedQuestion.document(index: $0.offset, name: $0.element)
        }
        list.append(.otherDocuments)
        if case .perPage = procedure?.fee { list.append(.pages) }
        list.append(.fee)
        if let fee = answers[GuidedQuestion.fee.key], fee != "0" { list.append(.paid) }
        list.append(.summary)
        return list
    }

    func defaultAnswer(_ question: GuidedQuestion) -> String? {
        switch question {
        case .idType: Applicant.IDType.cccd.label(in: session.language)
        case .document: "1 0"
        case .fee: String(Self.proposedFee(answers, in: catalog))
        case .paid: GuidedAnswers.choices(.paid, in: session.language).last
        default: nil
        }
    }

    /// The fee the entry proposes: counted from the pages for a fee by the page, else the catalog's usual one.
    static func proposedFee(_ answers: [String: String], in catalog: Catalog) -> Int {
        guard let rule = answers[GuidedQuestion.procedure.key].flatMap(catalog.procedure)?.fee else { return 0 }
        let pages = answers[GuidedQuestion.pages.key].flatMap { try? PageCount(typed: $0) }
        return pages.flatMap { rule.amount(pages: $0.pages, copies: $0.copies) } ?? rule.usualAmount ?? 0
    }

    func completer(_ question: GuidedQuestion) -> LineEditor.Completer? {
        switch question {
        case .procedure: ShellCompletion.procedures(in: catalog)
        case .gender, .idType, .paid:
            // Matched without case or accents, so "c" offers "CCCD" and "ho" "hộ chiếu".
            { [language = session.language] _, text in
                GuidedAnswers.choices(question, in: language).filter {
                    VietnameseText.folded($0).hasPrefix(VietnameseText.folded(text))
                }
            }
        default: nil
        }
    }

    enum ReviewChoice {
        case saved(String)
        case keep
        case change(Int)
        case stop
    }

    func review(officer: Officer) throws -> ReviewChoice {
        let list = questions()
        // Answers checked one by one can still disagree (a draft from an older catalog): send the officer back.
        guard let (intake, newCase) = validated(list) else { return .change(1) }
        let due = try catalog.calendar.dueTime(receivedAt: newCase.receivedAt, processing: newCase.procedure.processing)
        var table = Table(headers: ["#", "", ""], flexibleColumn: 1)
        table.rows = list.enumerated().map { number, question in
            var value = answers[question.key].map { ShownAnswer.text($0, for: question, in: session.language) } ?? "-"
            if question == .procedure { value = "\(newCase.procedure.code) \(newCase.procedure.nameVI)" }
            return [String(number + 1), Message.label(question).text, value]
        }
        print(table.render().split(separator: "\n").dropFirst().joined(separator: "\n"))
        print(
            Terminal.bold(
                Message.summaryTitle(code: try store.nextCode(on: newCase.receivedAt.date), due: Format.shortTime(due))
                    .text))
        if let warning = DossierRecording.calendarWarning(
            received: newCase.receivedAt, due: due, calendar: catalog.calendar, in: session.language)
        {
            // Before the officer confirms: the citizen is told the date may move.
            print(warning)
        }
        while true {
            let input = editor.readLine(prompt: Message.confirm.text, mode: .wholeLine, completer: nil)
            guard case .line(let text) = input else { return input == .interrupted ? .stop : .keep }
            let answer = text.trimmingCharacters(in: .whitespaces)
            if answer.isEmpty || YesNo.parse(answer) == true {
                let record = try DossierRecording.record(
                    intake, completingDraft: draftID, officer: officer.name, store: store,
                    in: &session)
                Terminal.say(.saved(code: record.code, due: Format.shortTime(record.dueAt)))
                return .saved(record.code)
            }
            if YesNo.parse(answer) == false { return .keep }
            if let number = Int(answer), (1...list.count).contains(number) { return .change(number) }
        }
    }

    private func validated(_ questions: [GuidedQuestion]) -> (CaseIntake, NewCase)? {
        do {
            var intake = try GuidedAnswers.intake(from: answers, questions: questions, language: session.language)
            // Received when reviewed: the dossier is saved with the received and due times the officer
            // confirmed, even across the cut-off or midnight while they read.
            let now = session.now()
            intake.receivedAt = now.iso8601
            return (intake, try intake.validated(catalog: catalog, now: now))
        } catch {
            StandardStreams.error(Diagnostics.line(error.text(in: session.language), in: session.language) + "\n")
            return nil
        }
    }

    /// The papers just received, digitised one by one where the desk has a scanner (`scan CODE` anywhere else).
    /// The dossier is saved whatever happens here: a failure is said, and `scan CODE` takes the papers later.
    func digitise(_ code: String) {
        guard PageScanner.available(in: session) else { return }
        var scanning = PaperScanning(store: store, editor: editor, session: session)
        do {
            try scanning.run(code: code, result: false)
        } catch {
            StandardStreams.error(Diagnostics.report(for: error, in: session.language).message + "\n")
            Terminal.say(.scanLater(code))
        }
        session = scanning.session
    }

    /// After Ctrl-C: the draft stays unless the officer says to drop it.
    func keepOrDrop(officer: Officer, ask: Bool) -> Int32 {
        guard let draftID else {
            Terminal.say(.draftDropped)
            return Exit.success
        }
        if ask, case .line(let answer) = editor.readLine(prompt: Message.keepDraft.text, mode: .wholeLine),
            YesNo.parse(answer) == false
        {
            try? store.deleteDraft(id: draftID)
            Terminal.say(.draftDropped)
            return Exit.success
        }
        Terminal.say(.draftKept(draftID))
        return Exit.success
    }
}
