/// A dossier's status over time, from its own events and the province's updates, so a report can ask
/// what state it was in at any moment — not only now.
public struct CaseHistory: Sendable, Hashable {
    public struct Transition: Sendable, Hashable {
        public let at: LocalTime
        public let status: CaseStatus

        public init(at: LocalTime, status: CaseStatus) {
            self.at = at
            self.status = status
        }
    }

    public let code: String
    public let procedureCode: String
    public let receivedAt: LocalTime
    /// The due time set at intake, before any pause.
    public let statutoryDue: LocalTime
    /// Oldest first; the dossier starts as `received`.
    public let transitions: [Transition]
    /// The citizen's rating at the handover, when one was given.
    public let satisfaction: Satisfaction?
    /// When the first scanned page of each stage was attached: the papers received (digitised), the result (an
    /// electronic copy of it).
    public let firstPage: [ScannedPage.Stage: LocalTime]

    public init(
        code: String, procedureCode: String, receivedAt: LocalTime, statutoryDue: LocalTime, transitions: [Transition],
        satisfaction: Satisfaction? = nil, firstPage: [ScannedPage.Stage: LocalTime] = [:]
    ) {
        self.satisfaction = satisfaction
        self.firstPage = firstPage
        self.code = code
        self.procedureCode = procedureCode
        self.receivedAt = receivedAt
        self.statutoryDue = statutoryDue
        self.transitions = transitions.sorted { $0.at < $1.at }
    }

    /// The status at `time`; nil before the dossier was received.
    public func status(at time: LocalTime) -> CaseStatus? {
        guard receivedAt <= time else { return nil }
        return transitions.last { $0.at <= time }?.status ?? .received
    }

    /// When processing produced its result (the first move to resolved).
    public var resolvedAt: LocalTime? {
        transitions.first { $0.status == .resolved }?.at
    }

    /// Each request for more papers: a move into `supplement_requested` from another status (a province's notice
    /// that keeps the status, such as a calendar recount, is no new request).
    public var supplementRequests: [Transition] {
        zip([Transition(at: receivedAt, status: .received)] + transitions, transitions).compactMap { before, move in
            move.status == .supplementRequested && before.status != .supplementRequested ? move : nil
        }
    }

    /// When the dossier ended without a result (refused, withdrawn or stopped).
    public var endedAt: LocalTime? {
        transitions.first { $0.status.isTerminal && !$0.status.isFinished }?.at
    }

    /// The due time as it stood at `time`: the dossier's clock replayed through its transitions up to then,
    /// by the same rule (`CaseClock`) that moves it on the desk and the gateway, plus a pause still running.
    public func due(asOf time: LocalTime, calendar: WorkCalendar) -> LocalTime {
        let start = CaseClock(dueAt: statutoryDue, pausedSince: nil, finishedAt: nil)
        let clock = transitions.filter { $0.at <= time }.reduce(start) {
            $0.moved(to: $1.status, at: $1.at, calendar: calendar)
        }
        return calendar.effectiveDue(clock.dueAt, pausedSince: clock.pausedSince, now: time)
    }
}
