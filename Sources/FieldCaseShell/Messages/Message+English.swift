extension Message {
    var english: String {
        switch self {
        case .banner(let commune, let officer):
            return "fieldcase · \(commune) · officer: \(officer)"
        case .noOfficer: return "nobody (type login)"
        case .goodbye: return "Bye."
        case .unknownCommand(let word, let suggestion):
            let hint = suggestion.map { "; did you mean '\($0)'?" } ?? "."
            return "Error: unknown command '\(word)'\(hint) Type 'help' for the list."
        case .unbalancedQuote: return "Error: unbalanced quote; close every \" or ' you open."
        case .invalidUTF8: return "Error: the line is not valid UTF-8 text; retype it."
        case .lineTooLong(let limit): return "Error: the line is longer than \(limit) bytes; nothing was run."
        case .alreadyInShell: return "Error: you are already in the shell. Type 'help' for the commands."
        case .controlCharacters: return "Error: the line holds control characters; retype it."
        case .pipesUnsupported:
            return "Error: pipes are not supported in the shell; run the command from the system shell, "
                + "e.g. fieldcase case list | head"
        case .needsTerminal(let command): return "Error: '\(command)' needs a terminal; scripts use 'case add'."
        case .setupIntro:
            return "This device is not set up yet. Answer a few questions (Ctrl-C to stop)."
        case .askCommune: return "Commune (code or name, Tab to complete): "
        case .unknownCommune(let answer):
            return
                "No commune, ward or special zone is called '\(answer)'; type its 5-digit code or Tab through the names."
        case .severalCommunes(let communes):
            return "Several units have that name; type the code of yours:\n  " + communes.joined(separator: "\n  ")
        case .askTerminal: return "Terminal number of this device in the commune (1-9): "
        case .askUnitCode(let commune):
            return "Unit code of dossier codes (Enter: \(commune)): "
        case .askOfficerName: return "Your full name (you become the supervisor): "
        case .askNewPIN: return "Choose a PIN (6-12 digits): "
        case .askPINAgain: return "PIN again: "
        case .pinsDiffer: return "The two PINs differ; try again."
        case .returning(let code, let applicant, let procedure):
            return "Handing over the result of \(code) (\(applicant), \(procedure)); it cannot be undone."
        case .returnCancelled: return "Nothing written."
        case .askCollector: return "Collected by (full name; Enter: not recorded): "
        case .askCollectorID: return "Their CCCD number: "
        case .askProxy: return "Collecting for the applicant, with an authorisation? (y/N): "
        case .askRating:
            return "The citizen's rating: 1 Very satisfied · 2 Satisfied · 3 Not satisfied (Enter: not given): "
        case .askCriterion(let name): return "  \(name) (1/2/3; Enter: skip): "
        case .notARating: return "Press 1, 2 or 3, or Enter to skip."
        case .returnUsage: return "Usage: return CODE (a resolved dossier's code)"
        case .returned(let code, let rated): return "\(code): returned" + (rated ? ", rated." : ", not rated.")
        case .scanningPapers(let code):
            return "Digitising the papers of \(code): each page is attached as it comes; Ctrl-C stops, keeping them."
        case .askPages(let target, let scanner):
            let what =
                switch target {
                case .paper(let number, let name): "Paper \(number), \(name)"
                case .papers: "The papers received"
                case .result: "The result issued"
                }
            return what + (scanner ? ": Enter scans a page, or" : ":") + " type a scanned file's path; - when done: "
        case .pagesAttached(let code, let count): return "\(code): \(count) page(s) attached."
        case .scanUsage: return "Usage: scan CODE (a dossier's code)"
        case .scanLater(let code): return "\(code) is saved; scan its papers later with: scan \(code)"
        case .askOfficer: return "Officer: "
        case .loggedIn(let name): return "Logged in as \(name)."
        case .loggedOut: return "Logged out."
        case .entryIntro:
            return "New dossier. Type < to go back to the previous question; Ctrl-C stops and keeps a draft."
        case .entryResumed(let id): return "Resuming draft \(id)."
        case .scanFilled(let scan):
            let old = scan.oldIDNumber.map { " (old CMND \($0))" } ?? ""
            return
                "Card read: \(scan.name), born \(scan.dateOfBirth), \(scan.gender.rawValue), CCCD \(scan.idNumber)\(old), "
                + "\(scan.address ?? "no address")."
        case .question(let question, let detail):
            return question.englishPrompt + (detail.map { " [\($0)]" } ?? "") + ": "
        case .label(let question): return question.englishLabel
        case .documentCounts(let originals, let copies):
            return "\(originals) original\(originals == 1 ? "" : "s"), \(copies) cop\(copies == 1 ? "y" : "ies")"
        case .notReceived: return "not received"
        case .ambiguousProcedure(let names):
            return "Several procedures match: \(names.joined(separator: "; ")). Type more of the name or the code."
        case .summaryTitle(let code, let due): return "Dossier \(code) · due \(due)"
        case .confirm: return "Save? [Y/n] (n keeps a draft; a number changes that answer) "
        case .saved(let code, let due): return "Saved \(code). Due \(due). Give the citizen the slip with this code."
        case .keepDraft: return "Keep the answers as a draft? [Y/n] "
        case .draftKept(let id): return "Kept as draft \(id); 'resume \(id)' continues it."
        case .draftDropped: return "Entry dropped."
        case .noDrafts: return "No drafts."
        case .unknownDraft(let id): return "Error: no draft '\(id)'; 'drafts' lists them."
        case .draftColumn(let column):
            switch column {
            case .draft: return "DRAFT"
            case .updated: return "UPDATED"
            case .procedure: return "PROCEDURE"
            case .applicant: return "APPLICANT"
            case .next: return "NEXT"
            }
        case .reviewStep: return "review and save"
        case .helpIntro: return "Commands (help COMMAND for its options):"
        case .helpGroup(let group): return group.english
        case .helpLine(let entry): return entry.english
        case .helpMore: return "Every scripted command works here as it does after 'fieldcase' in a terminal."
        }
    }
}
