extension StoreError {
    var english: String {
        switch self {
        case .notInitialized:
            return "this device is not set up yet; run 'fieldcase init --commune CODE --terminal N --officer NAME'"
        case .alreadyInitialized(let commune, let terminal):
            return "this home is already set up for commune \(commune), terminal \(terminal); "
                + "use another --home to set up a second desk"
        case .schemaTooNew(let path):
            return "the database \(path) was written by a newer fieldcase; upgrade fieldcase to open it "
                + "(it was not changed)"
        case .diskFull:
            return "the disk is full: nothing was saved; free some space and try again"
        case .readOnly(let path):
            return "cannot write to \(path): the home folder or database is read-only"
        case .fileExists(let path):
            return "\(path) exists already; a file is never written over: choose a new name (nothing was written)"
        case .cannotWriteFile(let path, let reason):
            return "cannot write \(path): \(reason) (nothing was written)"
        case .unreadable(let path, let detail):
            return "cannot open the database \(path): \(detail)"
        case .unknownOfficer(let name):
            return "no officer named '\(name)' on this device; see 'fieldcase officer list'"
        case .ambiguousOfficer(let names):
            return
                "several officers use this device (\(names.joined(separator: ", "))); say who you are with --as NAME "
                + "or FIELDCASE_OFFICER"
        case .officerDisabled(let name):
            return "officer '\(name)' is disabled"
        case .duplicateOfficer(let name):
            return "an officer named '\(name)' already exists"
        case .supervisorsOnly(let name, let action):
            return
                "only a supervisor may \(action.rawValue); '\(name)' is an officer (log in as a supervisor with --as)"
        case .lastSupervisor(let name):
            return "'\(name)' is the last enabled supervisor; add another supervisor first"
        case .pinRequired(let name):
            return "officer '\(name)' needs a PIN: set FIELDCASE_PIN or run the command on a terminal"
        case .wrongPIN(let name, let left):
            return
                "wrong PIN for '\(name)'; \(left) more wrong \(left == 1 ? "try locks" : "tries lock") the officer for 5 minutes"
        case .officerLocked(let name, let until):
            return "officer '\(name)' is locked after 5 wrong PINs until \(Self.clock(until)); "
                + "try again then, or ask a supervisor to reset the PIN"
        case .caseDiscarded(let code):
            return "dossier \(code) was discarded from the queue; it is kept for the record and cannot change"
        case .unknownQueueItem(let target):
            return "no queue item or dossier '\(target)'; see 'fieldcase queue'"
        case .alreadySent(let item):
            return "item \(item) has already been sent and its answer is awaited; run 'fieldcase sync' first"
        case .nothingToReview(let code, let expected):
            return "dossier \(code) has no \(expected.rawValue) items; see 'fieldcase queue'"
        case .wrongItemState(let item, let state, let expected):
            return "item \(item) is \(state.rawValue); this needs an item that is "
                + expected.map(\.rawValue).joined(separator: " or ")
        case .signInRequired:
            return "citizens' data is sealed: sign in with your PIN first (--as NAME and FIELDCASE_PIN, or 'login')"
        case .homeNotProtected(let name):
            return "this home still holds citizens' data in clear from an earlier release: a supervisor must sign in "
                + "once to seal it before '\(name)' can work"
        case .noKeyYet(let name):
            return
                "'\(name)' has no PIN on this device yet: ask a supervisor to set one ('fieldcase officer pin \(name)')"
        case .wrongRecoveryKey:
            return "that recovery key does not open this home's data; nothing was changed"
        case .notRefusedForClock(let item):
            return "item \(item) is not a dossier's creation the central system refused for the desk's clock: put the "
                + "dossier right and send it again with 'queue retry \(item)'"
        case .restoreNotFinished:
            return "this home was restored from a backup: a supervisor signs in first to seal it under a new key"
        case .dataKeyReplaced:
            return "this home's data key was replaced since you signed in (a recovery key renewed or an officer "
                + "disabled): nothing was saved; sign in again"
        case .tpmLockout:
            return "this machine's TPM refuses PINs for a while after too many wrong ones: wait and try again, "
                + "or open the home with the recovery key ('fieldcase officer recover')"
        case .tpmUnavailable(let reason):
            return "PINs on this home are sealed by the TPM of the machine they were set on, and it does not answer "
                + "here (\(reason)): on this machine open the home with the recovery key ('fieldcase officer recover')"
        case .sealedDataDamaged(let what):
            return "sealed data of \(what) does not open: it was damaged or moved; restore the home from a backup"
        case .officerRecordAltered(let name):
            return "the record of '\(name)' was changed outside fieldcase (its role does not match the audit trail): "
                + "sign-in refused; a supervisor checks 'fieldcase audit --verify' and restores the home from a backup"
        case .sealing:
            return "the data could not be sealed; nothing was saved"
        case .implausibleAnswer(let what):
            return "the central system's answer holds an impossible \(what); nothing of it was applied"
        case .unitCodeFixed(let unit):
            return "this desk is enrolled with the central system under unit code \(unit); its dossier codes can no "
                + "longer change (ask the provincial operator for a new enrollment token if they must)"
        case .deviceTokenUnreadable:
            return "this home's device token was sealed on another machine (a copied home): a supervisor enrolls "
                + "this device again with a new enrollment token"
        }
    }
}
