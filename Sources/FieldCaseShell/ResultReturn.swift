import FieldCaseCLI
import FieldCaseCore

/// `return CODE` in the shell: a result handed over at the desk. Who collects it (Enter records no one), then the
/// citizen's rating on the desk's keyboard, 1 to 3, and each criterion of the catalog's survey, every one of
/// which Enter skips. A rating never stops the handover: a wrong key is asked again, Ctrl-C or Enter moves on.
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
        // Checked before asking anything: a dossier not resolved yet cannot be handed over.
        try record.status.checkTransition(to: .returned, reason: nil)
        guard case .some(let handover) = try askHandover() else { return Exit.failure }
        let satisfaction = try askRating(survey: try store.catalog().survey)
        let returned = try store.changeStatus(
            code: record.code, to: .returned, reason: nil, handover: handover, satisfaction: satisfaction,
            by: officer, now: session.now())
        Terminal.say(.returned(code: returned.code, rated: satisfaction != nil))
        return Exit.success
    }

    /// The collector and their CCCD, asked until they read; `.some(nil)` when Enter records no one, nil when the
    /// officer stopped (nothing is written).
    func askHandover() throws -> ResultHandover?? {
        let name: String
        switch ask(.askCollector) {
        case .stopped: return nil
        case .skipped: return .some(nil)
        case .text(let typed): name = typed
        }
        while true {
            guard case .text(let number) = ask(.askCollectorID) else { return nil }
            let proxy = ask(.askProxy)
            guard proxy != .stopped else { return nil }
            do {
                let handover = try ResultHandover(
                    collectedBy: name, idType: .cccd, idNumber: number,
                    proxy: proxy == .skipped ? false : YesNo.parse(proxy.text) ?? false)
                return .some(handover)
            } catch {
                StandardStreams.error(Diagnostics.report(for: error, in: session.language).message + "\n")
            }
        }
    }

    /// The whole service's rating, then each criterion's; nil when the citizen gave none.
    func askRating(survey: SatisfactionSurvey) throws -> Satisfaction? {
        guard case (let rating?, _) = askScale(.askRating) else { return nil }
        var criteria: [Satisfaction.Criterion] = []
        for criterion in survey.criteria {
            let (rated, stopped) = askScale(.askCriterion(criterion.name(in: Language.current)))
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

    func ask(_ question: Message) -> Answer {
        switch editor.readLine(prompt: question.text, mode: .wholeLine) {
        case .line(let line):
            let typed = line.trimmingCharacters(in: .whitespaces)
            return typed.isEmpty ? .skipped : .text(typed)
        case .invalidUTF8: return .skipped
        case .interrupted, .endOfInput, .terminated: return .stopped
        }
    }
}

extension ResultReturn.Answer {
    var text: String {
        if case .text(let text) = self { return text }
        return ""
    }
}
