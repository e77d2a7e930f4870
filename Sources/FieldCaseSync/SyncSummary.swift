/// What one `fieldcase sync` did, printed as JSON with `--json`.
public struct SyncSummary: Codable, Sendable, Equatable {
    public var pushed = 0
    public var duplicates = 0
    public var rejected = 0
    public var conflicts = 0
    public var pulled = 0
    public var pending = 0
    /// Items a supervisor holds for review: they stay on the device until released.
    public var held = 0
    /// Items recorded before the desk knew the central system's key: sealed for it at the next sign-in.
    public var waiting_for_sign_in = 0
    /// Audit entries the central system took in this run.
    public var audit_sent = 0
    /// What the central system found wrong with this desk's audit trail, if anything.
    public var audit_problem: String?
    /// Why the central system's catalog was not taken (the desk keeps the one it has), if it was not.
    public var catalog_problem: String?
    public var bytes_sent = 0
    public var bytes_received = 0
    /// Scanned pages the gateway now holds whole, and the sealed page bytes it acknowledged in this run (also in
    /// `bytes_sent`).
    public var pages_sent = 0
    public var page_bytes_sent = 0
    /// Pages still to send after this run (the budget, the deadline or the link stopped it), and their bytes.
    public var pages_waiting = 0
    public var page_bytes_waiting = 0
    /// Why sending pages stopped before the budget or the deadline, if something went wrong with one.
    public var page_problem: String?

    public init() {}
}

/// Progress while a sync runs, for the line a terminal shows.
public enum SyncProgress: Sendable {
    /// Pushing: items acknowledged of those to send, and bytes sent so far.
    case sending(done: Int, total: Int, bytes: Int)
    /// Pulling: changes received and bytes so far.
    case receiving(done: Int, bytes: Int)
    /// Sending scanned pages: pages complete and page bytes acknowledged so far.
    case sendingPages(done: Int, bytes: Int)
    /// The central system could not be reached: the next try (counting from 1) comes in `seconds`.
    case waiting(retry: Int, seconds: Double)
}
