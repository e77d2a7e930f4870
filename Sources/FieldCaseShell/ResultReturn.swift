import FieldCaseCLI
import FieldCaseCore

/// `return CODE` in the shell: a result handed over at the desk. The dossier is shown first (the return cannot
/// be undone), then who collects it (Enter records no one), then the citizen's rating on the desk's keyboard, 1
/// to 3, and each criterion of the catalog's survey, every one of which Enter skips. A rating never stops the
/// handover: a wrong key is asked again, Ctrl-C or Enter moves on. Ctrl-C before the rating writes nothing.
struct ResultReturn {
    let store: FieldCaseStore
    let editor: any LineReading
    /// Whoever signs in to hand the result over stays signed in to the shell (`SessionCommands` keeps it).
    var session: Session

    /// What a question read: an answer, nothing (Enter), or the officer stopping.
    enum Answer: Equatable {
        case text(String)
        case skipped
        case stopped
    }

    mutating func run(code: String) throws -> Int32 {
        let officer = try session.authenticate(named: nil, in: store)
        guard let record = try store.caseRecord(code: code) else { throw DomainError.unknownCase(code) }
        // Checked before anything is asked: a discarded dossier, or one not resolved yet, cannot be handed over.
        if record.discardedAt != nil { throw StoreError.caseDiscarded(record.code) }
        try record.status.checkTransition(to: .returned, reason: nil)
        let survey = try store.catalog().survey
        // The result is in the officer's hands: digitised now, where the desk has a scanner and it is not yet.
        if PageScanner.available(in: session),
            try !store.attachedPages(of: record.code).contains(where: {
                $0.page.stage == .result
            })
        {
            var scanning = PaperScanning(store: store, editor: editor, session: session)
            try scanning.run(code: record.code, result: true)
            session = scanning.session
        }
        Terminal.say(
            .returning(code: record.code, applicant: record.applicant.name, procedure: record.procedureCode))
        guard case .some(let handover) = askHandover() else {
            Terminal.say(.returnCancelled)
            return Exit.failure
        }
        let satisfaction = try askRating(survey: survey)
        let returned = try store.changeStatus(
            code: record.code, to: .returned, reason: nil, handover: handover, satisfaction: satisfaction,
            by: officer, now: session.now())
        Terminal.say(.returned(code: returned.code, rated: satisfaction != nil))
        return Exit.success
    }

    /// The collector's name and CCCD, each asked until it reads; `.some(nil)` when Enter records no one, nil when
    /// the officer stopped.
    func askHandover() -> ResultHandover?? {
        guard case .some(let typed) = askChecked(.askCollector, { try TextRules.personName($0, field: .collector) })
        else { return nil }
        guard let name = typed else { return .some(nil) }
        while true {
            guard case .text(let number) = ask(.askCollectorID) else { return nil }
            let proxy = ask(.askProxy)
            guard proxy != .stopped else { return nil }
            do {
                return try ResultHandover(
                    collectedBy: name, idType: .cccd, idNumber: number, proxy: YesNo.parse(proxy.text) ?? false)
            } catch {
                say(error)
            }
        }
    }

    /// An answer that passes `check`, asked again until it does; `.some(nil)` for Enter, nil for Ctrl-C.
    func askChecked(_ question: Message, _ check: (String) throws -> String) -> String?? {
        while true {
            switch ask(question) {
            case .stopped: return nil
            case .skipped: return .some(nil)
            case .text(let typed):
                do {
                    return .some(try check(typed))
                } catch {
                    say(error)
                }
            }
        }
    }

    /// The whole service's rating, then each criterion's; nil when the citizen gave none.
    func askRating(survey: SatisfactionSurvey) throws -> Satisfaction? {
        guard case (let rating?, _) = askScale(.askRating) else { return nil }
        var criteria: [Satisfaction.Criterion] = []
        for criterion in survey.criteria {
            let (rated, stopped) = askScale(.askCriterion(criterion.name(in: session.language)))
            if let rated { criteria.append(.init(code: criterion.code, rating: rated)) }
            if stopped { break }
        }
        return try Satisfaction(rating: rating, criteria: criteria, survey: survey)
    }

    /// A key from 1 to 3, asked again until it is one; no rating for Enter, and none for Ctrl-C, which also
    /// stops the questions.
    func askScale(_ question: Message) -> (Satisfaction.Rating?, stopped: Bool) {
        while true {
            switch ask(question) {
            case .stopped: return (nil, true)
            case .skipped: return (nil, false)
            case .text(let typed):
                if let rating = Satisfaction.Rating(ratingArgument: typed) { return (rating, false) }
                Terminal.error(.notARating)
            }
        }
    }

    /// One line; bytes that are not UTF-8 are said and asked again, never taken for Enter.
    func ask(_ question: Message) -> Answer {
        while true {
            switch editor.readLine(prompt: question.text, mode: .wholeLine) {
            case .line(let line):
                let typed = line.trimmingCharacters(in: .whitespaces)
                return typed.isEmpty ? .skipped : .text(typed)
            case .invalidUTF8: Terminal.error(.invalidUTF8)
            case .interrupted, .endOfInput, .terminated: return .stopped
            }
        }
    }

    func say(_ error: any Error) {
        StandardStreams.error(Diagnostics.report(for: error, in: session.language).message + "\n")
    }
}

extension ResultReturn.Answer {
    var text: String {
        if case .text(let text) = self { return text }
        return ""
    }
}
