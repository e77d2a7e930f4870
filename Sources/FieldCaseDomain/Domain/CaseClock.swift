/// A dossier's clock: the due time, a running supplement pause and the finish time, as one status
/// change moves them. The desk and the gateway both move a dossier's clock with this one rule, so
/// their due dates and timeliness cannot drift apart.
public struct CaseClock: Hashable, Sendable {
    public let dueAt: LocalTime
    public let pausedSince: LocalTime?
    public let finishedAt: LocalTime?

    public init(dueAt: LocalTime, pausedSince: LocalTime?, finishedAt: LocalTime?) {
        self.dueAt = dueAt
        self.pausedSince = pausedSince
        self.finishedAt = finishedAt
    }

    /// The clock after the dossier moved to `next` at `time`: a pause that ends pushes the due time back by
    /// the office time it lasted; a move into `supplement_requested` starts one; `resolved` stops the clock.
    public func moved(to next: CaseStatus, at time: LocalTime, calendar: WorkCalendar) -> CaseClock {
        CaseClock(
            dueAt: calendar.effectiveDue(dueAt, pausedSince: pausedSince, now: time),
            pausedSince: next.pausesClock ? time : nil,
            finishedAt: next == .resolved ? time : finishedAt)
    }
}
