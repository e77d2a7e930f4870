import Foundation

/// Why the store could not do what was asked, in words an officer can act on.
public enum StoreError: Error, Hashable, Sendable {
    case notInitialized
    case alreadyInitialized(commune: String, terminal: Int)
    /// The database was written by a newer fieldcase; opening it here could corrupt it.
    case schemaTooNew(path: String)
    case diskFull
    case readOnly(path: String)
    /// A backup is never written over an existing file (the live database among them).
    case fileExists(path: String)
    /// A file outside the home (a backup) cannot be written; `reason` is the system's.
    case cannotWriteFile(path: String, reason: String)
    case unreadable(path: String, detail: String)
    case unknownOfficer(String)
    case ambiguousOfficer([String])
    case officerDisabled(String)
    case duplicateOfficer(String)
    case supervisorsOnly(String, SupervisorAction)
    case lastSupervisor(String)
    case pinRequired(String)
    case wrongPIN(String, attemptsLeft: Int)
    case officerLocked(String, until: LocalTime)
    case caseDiscarded(String)
    case unknownQueueItem(String)
    /// The item went out and its answer is awaited: the gateway may already have applied it.
    case alreadySent(item: Int64)
    case nothingToReview(String, expected: SyncState)
    case wrongItemState(item: Int64, state: SyncState, expected: [SyncState])
    /// Personal data needs an officer's sign-in (it is sealed under a key their PIN opens).
    case signInRequired
    /// A home from an earlier release is sealed at a supervisor's first sign-in; others wait for that.
    case homeNotProtected(String)
    /// The officer has no key wrap yet: a supervisor sets their PIN.
    case noKeyYet(String)
    case wrongRecoveryKey
    /// The machine's TPM refuses every PIN for a while after too many wrong ones (its own lockout).
    case tpmLockout
    /// `queue retry --at` re-dates only a creation the central system refused for the desk's clock.
    case notRefusedForClock(item: Int64)
    /// A restore's re-key is owed: a supervisor signs in first.
    case restoreNotFinished
    /// The data key this process holds was retired by a re-key since the officer signed in.
    case dataKeyReplaced
    /// The officer's PIN is sealed by a TPM that does not answer here (another machine, a copied disk).
    case tpmUnavailable(String)
    /// A sealed value failed its check: damaged or moved from another row.
    case sealedDataDamaged(String)
    /// The officer's row says another role (or name) than fieldcase recorded: changed outside fieldcase.
    case officerRecordAltered(String)
    case sealing
    /// The device token was sealed on another machine (a copied home): enroll again.
    case deviceTokenUnreadable
    /// The desk is enrolled: the central system knows its dossier codes by this unit code.
    case unitCodeFixed(String)
    /// The central system answered with a number no real history has; nothing of it was applied.
    case implausibleAnswer(String)
}

extension StoreError: CustomStringConvertible {
    public var description: String { text(in: .english) }

    public func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }
}

extension StoreError {
    /// A time of day as an officer reads it on a wall clock, e.g. 14:05.
    static func clock(_ time: LocalTime) -> String {
        let seconds = time.secondOfDay
        return String(format: "%02d:%02d", seconds / 3600, seconds / 60 % 60)
    }
}

extension SupervisorAction {
    var vietnamese: String {
        switch self {
        case .manageOfficers: "quản lý cán bộ"
        case .reviewQueue: "duyệt hàng đợi"
        case .changePolicy: "thay đổi quy định đồng bộ"
        case .enroll: "đăng ký thiết bị với hệ thống trung tâm"
        case .restore: "khôi phục máy từ bản sao lưu"
        case .exportBundle: "xuất gói đồng bộ mang tay"
        case .changeUnitCode: "đổi mã đơn vị tiếp nhận của máy"
        }
    }
}
