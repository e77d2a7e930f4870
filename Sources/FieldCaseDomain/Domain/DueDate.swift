/// Timeliness as the province reports it: finished dossiers are early, on time or late;
/// open ones are on track, due soon or overdue.
public enum Timeliness: String, Sendable, Codable, CaseIterable {
    case early
    case onTime = "on_time"
    case late
    case onTrack = "on_track"
    case dueSoon = "due_soon"
    case overdue
}

extension WorkCalendar {
    /// The statutory due time, before any supplement pause.
    public func dueTime(receivedAt received: LocalTime, processing: ProcessingTime) throws(CalendarError) -> LocalTime {
        switch processing {
        case .sameDay:
            let day = received.date
            if isWorkingDay(day), received.secondOfDay <= sameDayCutoff {
                return closingTime(of: day)
            }
            return closingTime(of: try nextWorkingDay(after: day))
        case .workingDays(let days):
            // Received after closing counts from the next opening, in the lunch break from 13:30.
            return try adding(workingSeconds: days * workingDaySeconds, to: received)
        case .hours(let hours):
            return received.adding(seconds: hours * 3600)
        case .workingHours(let hours):
            return try adding(workingSeconds: hours * 3600, to: received)
        case .calendarDays(let days):
            return closingTime(of: try firstWorkingDay(onOrAfter: received.date.adding(days: days)))
        }
    }

    /// The due time as of `now`: a pause still running pushes it back by the office time it has lasted.
    public func effectiveDue(_ due: LocalTime, pausedSince: LocalTime?, now: LocalTime) -> LocalTime {
        guard let pausedSince else { return due }
        let paused = workingSeconds(from: pausedSince, to: max(now, pausedSince))
        return (try? adding(workingSeconds: paused, to: due)) ?? due
    }

    /// Timeliness of a dossier in `status`; nil for dossiers that ended without a result (refused, withdrawn, stopped).
    public func timeliness(status: CaseStatus, due: LocalTime, finishedAt: LocalTime?, now: LocalTime) -> Timeliness? {
        if status.isFinished {
            let finished = (finishedAt ?? now).date
            if finished < due.date { return .early }
            return finished == due.date ? .onTime : .late
        }
        guard status.isOpen else { return nil }
        if now > due { return .overdue }
        return workingSeconds(from: now, to: due) <= workingDaySeconds ? .dueSoon : .onTrack
    }
}
