import FieldCaseCore
import FieldCaseSync

/// Everything the desk's commands print for a person (the shell's own words are in the shell's catalog,
/// errors in each error's). Each language is one exhaustive switch, so a message cannot exist in one
/// language and be missing in the other. JSON never goes through here.
enum DeskText {
    // Dossiers
    case noDossiers
    case nothingAfter(offset: Int, total: Int)
    case statusChanged(code: String, status: CaseStatus)
    case field(ShownField)
    case applicant(name: String, gender: CitizenID.Gender, born: LocalDate)
    case caseStatus(CaseStatus, sync: SyncState)
    case receivedBy(time: String, officer: String)
    case fee(amount: Int, paid: Bool)
    case document(name: String, originals: Int, copies: Int)
    case event(seq: Int64, time: String, kind: String, officer: String, sync: SyncState, error: String?)
    case eventKind(String)
    /// A status change: the status it moves from and to, and the reason the officer gave for it.
    case move(from: CaseStatus, to: CaseStatus, reason: String?)
    case provinceUpdate(time: String, status: String?, actor: String?, reason: String?)
    case discarded
    case more(Int)
    // Status
    case dossierCounts([(CaseStatus, Int)], discarded: Int)
    case watchTitle(overdue: Bool, count: Int)
    case moreInJSON(Int)
    case warning(Dashboard.Warning)
    case workingDays(Double)
    case device(String?)
    // Outbox and sync
    case queueCounts(pending: Int, held: Int, rejected: Int, conflict: Int)
    case syncStopped(String)
    case reviewed(ReviewVerb, code: String, items: [Int64])
    case holdReason(String)
    case centralAnswers
    case synced(SyncSummary)
    case waitingForSignIn(Int)
    case auditProblem(String)
    case catalogProblem(String)
    case enrolled(deviceID: String, commune: String, terminal: Int)
    case sending(done: Int, total: Int, kilobytes: Int, perSecond: Int?, secondsLeft: Int?)
    case receiving(done: Int, kilobytes: Int, perSecond: Int?)
    case waiting(retry: Int, seconds: Int)
    case sendingPages(done: Int, kilobytes: Int)
    case pageProblem(String)
    case pagesSynced(sent: Int, kilobytesSent: Int, waiting: Int, kilobytesWaiting: Int)
    // Scanned pages
    case pageAttached(code: String, name: String, PageAttachment)
    /// One page of `case show`: its number, and where it stands.
    case pageLine(Int, AttachedPage)
    /// Pages waiting to be sent and the budget: `queue`, `status` and `policy`.
    case pageBacklog(PageBacklog)
    // Bundles carried by hand
    case bundleWritten(path: String, items: Int, seqs: ClosedRange<Int64>?, kilobytes: Int, sha256: String)
    case replyImported(DeskBundles.ReplySummary)
    case inBundle(name: String, since: String)
    // Officers and policy
    case officerAdded(OfficerRole, String)
    case officerDisabled(String)
    case officerEnabled(String)
    case pinChanged(String)
    case pinRecovered(String)
    case newRecoveryKey
    case officerState(disabled: Bool, lockedUntil: String?)
    case pinSet(Bool)
    case policy(on: Bool, pinLength: Int, pageBudgetDaily: Int?, pageBudgetPerSync: Int?)
    // Set-up, export, audit, catalog, report
    case setUp(commune: String, code: String, terminal: Int)
    case dossierCodes(unit: String, terminal: Int)
    case dataIn(String)
    case recoveryKey
    case exported(Int, to: String)
    case backedUp(BackupSummary, to: String)
    case restored(BackupSummary, keptIn: String?)
    case noAuditEntries
    case auditIntact(Int)
    case deviceActor
    /// An audit entry's action and the names of the fields it changed.
    case auditAction(String)
    case auditField(String)
    /// A procedure's fee rule, as the catalog's listing and card show it.
    case feeRule(FeeRule)
    /// Who decides a procedure's dossiers.
    case level(Procedure.Level)
    /// Who collected a result, under the move to returned in `case show`.
    case handover(ResultHandover)
    /// The citizen's rating at the handover, criteria named by the survey the desk holds.
    case rated(Satisfaction, survey: SatisfactionSurvey)
    case noProcedureMatches(String)
    /// A line of a procedure's card (`fieldcase catalog CODE`).
    case procedureLine(ProcedureLine)
    case monthlyTitle(month: String, asOf: String)
    case indicatorsTitle(scope: String, month: String, asOf: String)
    /// `status`'s line of the month's Decision 766 measures.
    case monthIndicators(onTime: ServiceIndicators.Share, satisfied: ServiceIndicators.Share)
    case total

    /// The words of one table's header row.
    enum Heading {
        case cases, watches, queue, catalog, officers, audit, monthly
    }

    /// The labels of `case show`, padded to one width.
    enum ShownField {
        case dossier, procedure, applicant, id, status, received, due, fee, document, summary
        case history, pages
        case detail(ApplicantDetail)

        /// The column values start at: past the longest heading, details included, and a space.
        static func width(_ heading: (ShownField) -> String) -> Int {
            let fields: [ShownField] =
                [.dossier, .procedure, .applicant, .id, .status, .received, .due, .fee, .document, .summary]
                + ApplicantDetail.all.map(ShownField.detail)
            return max(12, fields.map { VietnameseText.displayWidth(heading($0)) + 1 }.max() ?? 0)
        }
    }

    /// The labels of a procedure's card, padded to one width.
    enum ProcedureLine: CaseIterable {
        case code, provinceCode, name, field, level, time, fee, exemptions, documents, result, legalBasis, source

        static func width(_ heading: (ProcedureLine) -> String) -> Int {
            (allCases.map { VietnameseText.displayWidth(heading($0)) }.max() ?? 0) + 1
        }
    }

    enum ReviewVerb {
        case held, released, retried, redated, discarded
    }

    func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }
}

extension DeskText.Heading {
    func words(in language: Language) -> [String] {
        language == .vietnamese ? vietnamese : english
    }
}

extension DeskText {
    /// A share as the indicators print it: count/total, and the percentage when there is something to count.
    static func share(_ share: ServiceIndicators.Share) -> String {
        IndicatorsPrintout.shown(share)
    }

    /// A rating as `case show` lists it: the whole service, then each criterion rated, by its name in the survey the
    /// desk holds (its code when that survey no longer lists it).
    static func ratings(_ satisfaction: Satisfaction, survey: SatisfactionSurvey, in language: Language) -> String {
        let criteria = satisfaction.criteria.map { criterion in
            let name = survey.criteria.first { $0.code == criterion.code }?.name(in: language) ?? criterion.code
            return "\(name): " + IndicatorsPrintout.label(criterion.rating, language).lowercased()
        }
        return ([IndicatorsPrintout.label(satisfaction.rating, language)] + criteria).joined(separator: "; ")
    }
}
