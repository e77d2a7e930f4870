/// A dossier's clock as the central system holds it after a change: the due time, a running supplement pause
/// and the finish time (ISO 8601). The gateway computes it with its own catalog and calendar and its own
/// times; a desk takes it as it is, so both show one due date even when their catalogs, calendars or clocks
/// differ.
public struct WireClock: Codable, Sendable, Hashable {
    public var dueAt: String
    public var pausedSince: String?
    public var finishedAt: String?

    public init(dueAt: String, pausedSince: String?, finishedAt: String?) {
        self.dueAt = dueAt
        self.pausedSince = pausedSince
        self.finishedAt = finishedAt
    }

    enum CodingKeys: String, CodingKey {
        case dueAt = "due_at"
        case pausedSince = "paused_since"
        case finishedAt = "finished_at"
    }
}
