/// The shape of the provinces' periodic one-stop reports: per procedure, what came in, what was
/// resolved early, on time or late, what ended without a result, and what is still open and overdue.
public struct MonthlyReport: Sendable, Hashable {
    public struct Row: Sendable, Hashable {
        public let procedureCode: String
        /// Open at the start of the month, received before it.
        public var carriedOver = 0
        public var received = 0
        public var resolvedEarly = 0
        public var resolvedOnTime = 0
        public var resolvedLate = 0
        /// Refused, withdrawn or stopped during the month.
        public var ended = 0
        /// Open at the end of the month (or now, for the month in progress).
        public var stillOpen = 0
        /// Of those still open, past their due time.
        public var overdue = 0

        public var resolved: Int { resolvedEarly + resolvedOnTime + resolvedLate }
    }

    public let month: LocalDate
    /// The end of the month, or now if the month is not over.
    public let asOf: LocalTime
    /// By procedure code; procedures without any dossier are left out.
    public let rows: [Row]

    /// The procedure code of the total row.
    public static let totalCode = "total"

    public var total: Row {
        rows.reduce(into: Row(procedureCode: Self.totalCode)) { sum, row in
            sum.carriedOver += row.carriedOver
            sum.received += row.received
            sum.resolvedEarly += row.resolvedEarly
            sum.resolvedOnTime += row.resolvedOnTime
            sum.resolvedLate += row.resolvedLate
            sum.ended += row.ended
            sum.stillOpen += row.stillOpen
            sum.overdue += row.overdue
        }
    }

    /// Builds the report for the month starting on `month` (its first day) from the dossiers' histories.
    public init(month: LocalDate, histories: [CaseHistory], calendar: WorkCalendar, now: LocalTime) {
        let (start, end) = ServiceIndicators.window(month: month, now: now)
        self.month = month
        asOf = end
        var rows: [String: Row] = [:]
        for history in histories where history.receivedAt < end {
            var row = rows[history.procedureCode] ?? Row(procedureCode: history.procedureCode)
            let before = start.adding(seconds: -1)
            if history.receivedAt < start, history.status(at: before)?.isOpen == true { row.carriedOver += 1 }
            if history.receivedAt >= start { row.received += 1 }
            if let resolved = history.resolvedAt, resolved >= start, resolved < end {
                let due = history.due(asOf: resolved, calendar: calendar)
                switch calendar.timeliness(status: .resolved, due: due, finishedAt: resolved, now: resolved) {
                case .early: row.resolvedEarly += 1
                case .onTime: row.resolvedOnTime += 1
                default: row.resolvedLate += 1
                }
            }
            if let ended = history.endedAt, ended >= start, ended < end { row.ended += 1 }
            if history.status(at: end.adding(seconds: -1))?.isOpen == true {
                row.stillOpen += 1
                if end > history.due(asOf: end, calendar: calendar) { row.overdue += 1 }
            }
            rows[history.procedureCode] = row
        }
        self.rows = rows.values.sorted { $0.procedureCode < $1.procedureCode }
    }
}
