import FieldCaseCore
import FieldCaseSync

/// The English catalog of the desk's output: values show their codes, as scripts read them.
extension DeskText {
    var english: String {
        switch self {
        case .noDossiers: return "No dossiers."
        case .nothingAfter(let offset, let total): return "No dossiers after the first \(offset) (\(total) in all)."
        case .statusChanged(let code, let status): return "\(code): \(status.rawValue)"
        case .field(let field): return VietnameseText.padded(field.english, to: DeskText.ShownField.width(\.english))
        case .applicant(let name, let gender, let born): return "\(name), \(gender.rawValue), born \(born)"
        case .caseStatus(let status, let sync): return "\(status.rawValue)  (sync: \(sync.rawValue))"
        case .receivedBy(let time, let officer): return "\(time) by \(officer)"
        case .fee(let amount, let paid):
            return Money.vnd(amount) + (paid ? " paid" : amount > 0 ? " not paid" : "")
        case .document(let name, let originals, let copies):
            return "\(name) (originals \(originals), copies \(copies))"
        case .event(let seq, let time, let kind, let officer, let sync, let error):
            return "  #\(seq) \(time) \(kind) by \(officer) [\(sync.rawValue)]" + (error.map { ": \($0)" } ?? "")
        case .eventKind(let kind): return kind
        case .move(let from, let to, let reason):
            return "\(from.rawValue) → \(to.rawValue)" + (reason.map { "; reason: \($0)" } ?? "")
        case .provinceUpdate(let time, let status, let actor, let reason):
            return "  province \(time) \(status ?? "-") by \(actor ?? "province")" + (reason.map { ": \($0)" } ?? "")
        case .discarded: return "discarded"
        case .more(let count): return "… \(count) more (use --limit)"
        case .dossierCounts(let counts, let discarded):
            let listed = counts.map { "\($0.0.rawValue) \($0.1)" }
            return "Dossiers: " + (listed.isEmpty ? "none" : listed.joined(separator: " · "))
                + (discarded > 0 ? " · discarded \(discarded)" : "")
        case .watchTitle(let overdue, let count): return "\n\(overdue ? "Overdue" : "Due soon") (\(count)):"
        case .moreInJSON(let count): return "… and \(count) more (see --json)"
        case .warning(let warning): return "Warning: " + Self.english(warning)
        case .workingDays(let value): return value > 0 ? "\(value) late" : "\(-value) left"
        case .device(let id): return id.map { "Device \($0)" } ?? "Device not enrolled yet"
        case .queueCounts(let pending, let held, let rejected, let conflict):
            return "pending \(pending) · held \(held) · rejected \(rejected) · conflict \(conflict)"
        case .syncStopped(let reason):
            return "Sync stopped: \(reason). A supervisor must enroll this desk again (see 'fieldcase sync')."
        case .reviewed(let verb, let code, let items):
            let numbers = items.map(String.init).joined(separator: ", ")
            return "\(verb.english) \(code) (\(items.count == 1 ? "item" : "items") \(numbers))."
        case .holdReason(let reason): return "held: \(reason)"
        case .bundleWritten(let path, let items, let seqs, let kilobytes, let sha256):
            let carried =
                seqs.map { "\(items) items (\($0.lowerBound)-\($0.upperBound))" }
                ?? "no items (it asks the central system for its updates)"
            return "Wrote \(path): \(carried), \(kilobytes) KB, sealed to the central system and signed by this desk.\n"
                + "SHA-256 \(sha256)\n"
                + "The items stay pending until the reply comes back ('fieldcase bundle import FILE') or a sync over "
                + "the network gets their answers."
        case .replyImported(let reply):
            return
                "Reply imported: \(reply.synced) synced, \(reply.rejected) rejected, \(reply.conflicts) in conflict, "
                + "\(reply.updates) updates from the central system; "
                + (reply.answered_now > 0
                    ? "\(reply.answered_now) items answered now." : "nothing new here (already known on this desk).")
                + (reply.pages_stored > 0 ? " \(reply.pages_stored) scanned pages on the central system." : "")
        case .inBundle(let name, let since): return "in bundle since \(since): \(name)"
        case .centralAnswers: return "The central system answers."
        case .synced(let summary):
            return "Synced: \(summary.pushed) sent, \(summary.duplicates) already there, \(summary.rejected) rejected, "
                + "\(summary.conflicts) in conflict, \(summary.pulled) updates received, \(summary.pending) pending"
                + (summary.held > 0 ? ", \(summary.held) held for review." : ".")
        case .waitingForSignIn(let count):
            return "\(count) items wait for an officer to sign in: they are sealed for the central system then, "
                + "and leave with the next sync."
        case .auditProblem(let problem):
            return "Warning: the central system found this desk's audit trail broken: \(problem)"
        case .catalogProblem(let problem):
            return "Warning: the central system's catalog was not taken, this desk keeps its own: \(problem)"
        case .enrolled(let deviceID, let commune, let terminal):
            return "Enrolled as device \(deviceID) of commune \(commune), terminal \(terminal)."
        case .sending(let done, let total, let kilobytes, let perSecond, let left):
            return "↑ sending \(done)/\(total) items · \(kilobytes) KB" + (perSecond.map { " · \($0) items/s" } ?? "")
                + (left.map { " · \($0) s left" } ?? "")
        case .receiving(let done, let kilobytes, let perSecond):
            return "↓ receiving \(done) updates · \(kilobytes) KB" + (perSecond.map { " · \($0) updates/s" } ?? "")
        case .waiting(let retry, let seconds):
            return "waiting for the central system (retry \(retry) in \(seconds) s)"
        case .sendingPages(let done, let kilobytes): return "↑ sending pages · \(done) done · \(kilobytes) KB"
        case .pageProblem(let problem):
            return "Warning: scanned pages stopped, their dossiers are synced; they go with a later sync: \(problem)"
        case .pagesSynced(let sent, let kilobytesSent, let waiting, let kilobytesWaiting):
            return "Pages: \(sent) sent (\(kilobytesSent) KB), \(waiting) waiting (\(kilobytesWaiting) KB)."
        case .pageAttached(let code, let name, let outcome):
            let page = outcome.page
            if outcome.alreadyAttached { return "\(code): \(name) is attached already; nothing written." }
            return "\(code): attached \(name) (\(page.mediaType.fileExtension.uppercased()), "
                + "\((page.size + 1023) / 1024) KB, page \(page.sha256.prefix(12)))"
                + (outcome.storedBefore ? ", stored once with the same page of another dossier." : ".")
        case .pageLine(let number, let attached):
            let page = attached.page
            let place =
                page.stage == .result ? "result" : page.component.map { "paper \($0)" } ?? "intake"
            let where_ =
                attached.storedCentrally
                ? "on the central system"
                : attached.refused.map { "refused by the central system: \($0)" }
                    ?? attached.uploadSize.map { "sent \(attached.sent * 100 / max(1, $0))%" }
                    ?? "not sealed for the central system yet (at the next sign-in after enrollment)"
            return "  \(number). \(place) · \(page.mediaType.fileExtension.uppercased()) · "
                + "\((page.size + 1023) / 1024) KB · \(page.sha256.prefix(12)) · \(where_)"
        case .pageBacklog(let backlog):
            let budget =
                backlog.dailyBudget.map { "sent today \(backlog.sentToday / 1024) of \($0 / 1024) KB" }
                ?? "sent today \(backlog.sentToday / 1024) KB, no daily budget"
            return "Pages to send: \(backlog.pages) (\(backlog.bytes / 1024) KB) · \(budget)"
                + (backlog.perSyncBudget.map { " · at most \($0 / 1024) KB a sync" } ?? "")
                + (backlog.refused > 0 ? " · \(backlog.refused) refused" : "")
        case .officerAdded(let role, let name): return "Added \(role.rawValue) \(name)."
        case .officerDisabled(let name): return "Disabled \(name)."
        case .officerEnabled(let name): return "Enabled \(name)."
        case .pinChanged(let name): return "PIN of \(name) changed."
        case .pinRecovered(let name): return "PIN of \(name) set with the recovery key."
        case .newRecoveryKey: return "New recovery key, shown only now; write it down and keep it locked away:"
        case .officerState(let disabled, let lockedUntil):
            return disabled ? "disabled" : lockedUntil.map { "locked until \($0)" } ?? "active"
        case .pinSet(let set): return set ? "set" : "none"
        case .policy(let on, let length, let daily, let perSync):
            return "review-before-sync \(on ? "on" : "off")\npin-length \(length)\n"
                + "page-budget-daily \(daily.map { "\($0 / 1024) KB" } ?? "off")\n"
                + "page-budget-per-sync \(perSync.map { "\($0 / 1024) KB" } ?? "off")"
        case .setUp(let commune, let code, let terminal): return "Set up \(commune) (\(code)), terminal \(terminal)."
        case .dossierCodes(let unit, let terminal):
            return "Dossier codes \(unit)-YYMMDD-\(terminal)NNN (device id: given at enrollment)."
        case .dataIn(let path): return "Data in \(path)"
        case .recoveryKey: return "Recovery key, shown only now; write it down and keep it locked away:"
        case .exported(let count, let path): return "Exported \(count) dossiers to \(path)."
        case .backedUp(let held, let path):
            return "Backed up \(held.cases) dossiers (\(held.pending) items not yet sent) to \(path), sealed as the "
                + "home is: only this device's officers' PINs or its recovery key open it."
        case .restored(let held, let kept):
            return "Restored \(held.cases) dossiers (\(held.pending) items not yet sent)."
                + (kept.map { " What this home held before is kept in \($0)." } ?? "")
                + (held.enrolled
                    ? " Nothing is sent until the device enrolls again: ask the operator for a new token (revoking "
                        + "the old device), then run 'fieldcase enroll'; what the central system lacks is sent then."
                    : "")
        case .noAuditEntries: return "No entries."
        case .auditIntact(let count): return "Audit trail intact: \(count) entries, chained, append-only."
        case .deviceActor: return "device"
        case .auditAction(let code), .auditField(let code): return code
        case .feeRule(let rule):
            switch rule {
            case .none: return "none"
            case .fixed(let amount): return Money.vnd(amount)
            case .province: return "by province"
            case .perPage(let amount, let firstPages, let then, let cap):
                let later = firstPages > 0 && then != amount ? ", \(Money.vnd(then)) from page \(firstPages + 1)" : ""
                return "\(Money.vnd(amount)) a page\(later)" + (cap.map { ", at most \(Money.vnd($0)) a copy" } ?? "")
            }
        case .level(let level):
            switch level {
            case .commune: return "the commune"
            case .province: return "the province (received here, sent on)"
            case .ministry: return "a ministry (received here, sent on)"
            }
        case .rated(let satisfaction, let survey):
            return "rated: " + Self.ratings(satisfaction, survey: survey, in: .english)
        case .handover(let handover):
            return "collected by \(handover.collectedBy) (\(handover.idType.rawValue) \(handover.idNumber))"
                + (handover.proxy ? " for the applicant, with an authorisation" : "")
        case .noProcedureMatches(let words):
            return "No procedure matches '\(words)'. Try fewer words, or words without accents."
        case .procedureLine(let line):
            return VietnameseText.padded(line.english, to: DeskText.ProcedureLine.width(\.english))
        case .monthlyTitle(let month, let asOf): return "Monthly report \(month), as of \(asOf)"
        case .monthIndicators(let onTime, let satisfied):
            return "This month: resolved on time \(Self.share(onTime)), satisfied \(Self.share(satisfied))"
        case .indicatorsTitle(let scope, let month, let asOf):
            return "Service indicators (Decision 766/QĐ-TTg), \(scope), \(month), as of \(asOf)"
        case .total: return "TOTAL"
        }
    }

    static func english(_ warning: Dashboard.Warning) -> String {
        func items(_ count: Int, _ verb: String) -> String {
            "\(count) item\(count == 1 ? " \(verb)" : "s \(verb == "was" ? "were" : "are")")"
        }
        switch warning {
        case .notDrained(let since, let hours):
            return "the outbox has not drained for \(hours) hours (oldest item from \(Format.shortTime(since))); "
                + "check the link and run 'fieldcase sync'"
        case .rejected(let count):
            return "\(items(count, "was")) rejected by the central system; see 'fieldcase queue'"
        case .conflicts(let count):
            return "\(items(count, "is")) in conflict with the province's updates; see 'fieldcase queue'"
        case .held(let count):
            return "\(items(count, "is")) held for a supervisor's review; see 'fieldcase queue'"
        case .bundleUnanswered(let name, _, let days, let waiting):
            return
                "the reply to bundle \(name) has not come back for \(days) days (\(items(waiting, "is")) waiting for "
                + "it); carry the stick to the district again, or sync when the link returns"
        case .notEnrolled:
            return "this device is not enrolled: nothing leaves it until 'fieldcase enroll'"
        case .calendarUnconfirmed(let years, let dossiers):
            let named = years.map(String.init).joined(separator: ", ")
            return "\(dossiers == 1 ? "1 open dossier falls" : "\(dossiers) open dossiers fall") due across \(named), "
                + "whose holidays this desk's catalog has not confirmed: the due date follows the Labor Code and may "
                + "move when the province publishes the year's schedule (it arrives with 'fieldcase sync')"
        }
    }
}

extension DeskText.ShownField {
    var english: String {
        switch self {
        case .dossier: "Dossier"
        case .procedure: "Procedure"
        case .applicant: "Applicant"
        case .id: "ID"
        case .status: "Status"
        case .received: "Received"
        case .due: "Due"
        case .fee: "Fee"
        case .document: "Document"
        case .summary: "Summary"
        case .history: "History"
        case .pages: "Scanned pages"
        case .detail(let detail): detail.english
        }
    }
}

extension DeskText.ReviewVerb {
    var english: String {
        switch self {
        case .held: "Held"
        case .released: "Released"
        case .retried: "Queued again"
        case .redated: "Re-dated and queued again"
        case .discarded: "Discarded"
        }
    }
}

extension DeskText.Heading {
    var english: [String] {
        switch self {
        case .cases: ["CODE", "APPLICANT", "STATUS", "DUE", "TIMELINESS"]
        case .watches: ["CODE", "PROCEDURE", "STATUS", "DUE", "WORKING DAYS"]
        case .queue: ["SEQ", "DOSSIER", "ACTION", "STATE", "TRIES"]
        case .catalog: ["CODE", "PROCEDURE", "TIME", "FEE"]
        case .officers: ["NAME", "ROLE", "PIN", "STATE"]
        case .audit: ["TIME", "OFFICER", "ACTION", "DOSSIER", "CHANGE"]
        case .monthly: ["PROCEDURE", "CARRIED", "RECEIVED", "EARLY", "ON TIME", "LATE", "ENDED", "OPEN", "OVERDUE"]
        }
    }
}

extension DeskText.ProcedureLine {
    var english: String {
        switch self {
        case .code: "Code"
        case .provinceCode: "Province's code"
        case .name: "Procedure"
        case .field: "Field"
        case .level: "Decided by"
        case .time: "Processing time"
        case .fee: "Fee"
        case .exemptions: "No fee for"
        case .documents: "Documents"
        case .result: "Result"
        case .legalBasis: "Legal basis"
        case .source: "Source"
        }
    }
}
