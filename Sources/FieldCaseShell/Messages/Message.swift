import FieldCaseCore

/// Everything the shell says to a person. Each language is one exhaustive switch, so a message
/// cannot exist in one language and be missing in the other.
enum Message {
    case banner(commune: String, officer: String)
    case noOfficer
    case goodbye
    case unknownCommand(String, suggestion: String?)
    case unbalancedQuote
    case invalidUTF8
    case lineTooLong(Int)
    case alreadyInShell
    case controlCharacters
    case needsTerminal(String)
    case pipesUnsupported
    // Set-up
    case setupIntro
    case askCommune
    case unknownCommune(String)
    case severalCommunes([String])
    case askTerminal
    /// The official unit code dossier codes begin with; Enter keeps the commune's code.
    case askUnitCode(commune: String)
    case askOfficerName
    case askNewPIN
    case askPINAgain
    case pinsDiffer
    // Login
    case askOfficer
    case loggedIn(String)
    case loggedOut
    // Guided entry
    case entryIntro
    case entryResumed(Int64)
    case scanFilled(CCCDScan)
    case question(GuidedQuestion, detail: String?)
    case label(GuidedQuestion)
    case documentCounts(originals: Int, copies: Int)
    case notReceived
    case ambiguousProcedure([String])
    case summaryTitle(code: String, due: String)
    case confirm
    case saved(code: String, due: String)
    case keepDraft
    case draftKept(Int64)
    case draftDropped
    case noDrafts
    case unknownDraft(String)
    case draftColumn(DraftColumn)
    case reviewStep
    // Handing a result over
    case returning(code: String, applicant: String, procedure: String)
    case returnCancelled
    case askCollector
    case askCollectorID
    case askProxy
    case askRating
    case askCriterion(String)
    case notARating
    case returnUsage
    case returned(code: String, rated: Bool)
    // Digitising a dossier's papers
    case scanningPapers(code: String)
    /// A paper of the checklist (number from 1), the papers received (no checklist), or the result (nil name).
    case askPages(PagesTarget, scanner: Bool)
    case pagesAttached(code: String, count: Int)
    case scanUsage
    case scanLater(String)
    // Help
    case helpIntro
    case helpGroup(HelpGroup)
    case helpLine(HelpEntry)
    case helpMore

    /// The catalog of the language chosen by `LC_ALL`, `LC_MESSAGES` or `LANG`.
    var text: String { text(in: Language.current) }

    /// The catalog of a session's language, for text built beside `label(in:)` values in that language.
    func text(in language: Language) -> String { language == .vietnamese ? vietnamese : english }
}

/// The columns of `drafts`.
enum DraftColumn: CaseIterable {
    case draft, updated, procedure, applicant, next
}
