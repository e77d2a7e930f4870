import FieldCaseWire

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

extension CaseClock {
    /// The clock counted again on `calendar`, after it was counted on `previous` (the province published a year's
    /// schedule): the working time the dossier was given, its processing time and the pauses it has had, is
    /// kept; the days it elapses on change. A pause's length stays as it was counted when it ended.
    public func recounted(
        receivedAt received: LocalTime, processing: ProcessingTime, from previous: WorkCalendar,
        to calendar: WorkCalendar
    ) throws(CalendarError) -> CaseClock {
        let paused = previous.workingSeconds(
            from: try previous.dueTime(receivedAt: received, processing: processing), to: dueAt)
        let statutory = try calendar.dueTime(receivedAt: received, processing: processing)
        return CaseClock(
            dueAt: try calendar.adding(workingSeconds: paused, to: statutory), pausedSince: pausedSince,
            finishedAt: finishedAt)
    }

    /// The clock as the wire carries it.
    public var wire: WireClock {
        WireClock(dueAt: dueAt.iso8601, pausedSince: pausedSince?.iso8601, finishedAt: finishedAt?.iso8601)
    }

    /// The central system's clock from the wire; nil when a time does not read, so a desk keeps its own
    /// rather than taking a damaged one.
    public init?(_ wire: WireClock) {
        guard let due = LocalTime(iso8601: wire.dueAt) else { return nil }
        var paused: LocalTime?
        var finished: LocalTime?
        if let text = wire.pausedSince {
            guard let time = LocalTime(iso8601: text) else { return nil }
            paused = time
        }
        if let text = wire.finishedAt {
            guard let time = LocalTime(iso8601: text) else { return nil }
            finished = time
        }
        self.init(dueAt: due, pausedSince: paused, finishedAt: finished)
    }
}
