/// How a procedure's statutory processing time is counted.
public enum ProcessingTime: Hashable, Sendable {
    /// Due by closing time the same working day; after the cutoff, by closing time the next working day.
    case sameDay
    case workingDays(Int)
    /// Calendar days; a due date on a non-working day moves to the next working day.
    case calendarDays(Int)
    /// Office hours, as for acknowledging an online filing: N hours of the working calendar.
    case workingHours(Int)
    /// Hours on the clock from receipt, nights and holidays included, as for an emergency protection order.
    case hours(Int)

    public var label: String {
        switch self {
        case .sameDay: "same day"
        case .workingDays(let n): n == 1 ? "1 working day" : "\(n) working days"
        case .calendarDays(let n): n == 1 ? "1 calendar day" : "\(n) calendar days"
        case .workingHours(let n): n == 1 ? "1 working hour" : "\(n) working hours"
        case .hours(let n): n == 1 ? "1 hour" : "\(n) hours"
        }
    }
}
