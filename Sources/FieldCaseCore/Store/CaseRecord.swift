import FieldCaseRows
import GRDB

/// Where a case's events stand on their way to the central system.
public enum SyncState: String, Sendable, Codable {
    case pending
    case held
    case synced
    case rejected
    case conflict
    case discarded

    /// The state a person must see first when a case has events in several states.
    static func summarize(_ states: [SyncState]) -> SyncState {
        for state in [SyncState.rejected, .conflict, .held, .pending, .discarded] where states.contains(state) {
            return state
        }
        return .synced
    }
}

/// A case as stored on the device: the current state projected from its events.
public struct CaseRecord: Sendable, Hashable {
    public let id: String
    public let code: String
    public let procedureCode: String
    public let channel: Channel
    public let applicant: Applicant
    public let status: CaseStatus
    public let receivedAt: LocalTime
    /// Statutory due time plus every finished supplement pause.
    public let dueAt: LocalTime
    /// Start of a supplement pause that is still running.
    public let pausedSince: LocalTime?
    public let finishedAt: LocalTime?
    public let documents: [ReceivedDocument]
    public let fee: Fee
    public let summary: String?
    public let officerName: String
    public let syncState: SyncState
    /// When a supervisor discarded the dossier from the queue; it is kept for the record only.
    public let discardedAt: LocalTime?

    /// The due time as of `now`: a running pause pushes it back by the office time it has lasted.
    public func effectiveDue(calendar: WorkCalendar, now: LocalTime) -> LocalTime {
        calendar.effectiveDue(dueAt, pausedSince: pausedSince, now: now)
    }

    /// nil for a dossier that ended without a result or was discarded from the queue.
    public func timeliness(calendar: WorkCalendar, now: LocalTime) -> Timeliness? {
        guard discardedAt == nil else { return nil }
        return calendar.timeliness(
            status: status, due: effectiveDue(calendar: calendar, now: now), finishedAt: finishedAt, now: now)
    }
}

/// One entry of a case's append-only history.
public struct CaseEventRecord: Sendable, Hashable {
    public let seq: Int64
    public let eventID: String
    public let kind: String
    public let occurredAt: LocalTime
    public let officerName: String
    /// The event's JSON payload, exactly as queued for the central system.
    public let payload: String
    public let syncState: SyncState
    public let lastError: String?
}

/// What of a dossier the store reads and moves without the data key: its status and clock. The province's
/// updates and the queue's review apply through this while no officer is signed in.
struct CaseState {
    let id: String
    let code: String
    let status: CaseStatus
    let clock: CaseClock

    init(row: Row) throws {
        code = try row.stored("code", table: "cases", key: "unknown")
        id = try row.stored("id", table: "cases", key: code)
        status = try row.stored("status", table: "cases", key: code)
        clock = CaseClock(
            dueAt: try row.storedTime("due_at", table: "cases", key: code),
            pausedSince: try row.storedTimeIfAny("paused_since", table: "cases", key: code),
            finishedAt: try row.storedTimeIfAny("finished_at", table: "cases", key: code))
    }

    init(_ record: CaseRecord) {
        id = record.id
        code = record.code
        status = record.status
        clock = CaseClock(dueAt: record.dueAt, pausedSince: record.pausedSince, finishedAt: record.finishedAt)
    }
}

extension CaseRecord {
    var state: CaseState { CaseState(self) }
}

extension SyncState: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .pending: "chờ gửi"
        case .held: "đang giữ lại"
        case .synced: "đã đồng bộ"
        case .rejected: "bị từ chối"
        case .conflict: "xung đột"
        case .discarded: "đã loại bỏ"
        }
    }
}
