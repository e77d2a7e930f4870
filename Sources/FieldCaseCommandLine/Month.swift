import ArgumentParser
import FieldCaseDomain

/// A month on the command line, written YYYY-MM: the desk's reports and the gateway's take the same.
public struct Month: ExpressibleByArgument, Sendable {
    public let firstDay: LocalDate

    public init?(argument: String) {
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1]),
            let day = LocalDate(year: year, month: month, day: 1)
        else { return nil }
        firstDay = day
    }

    /// As it was typed: YYYY-MM.
    public var label: String { String(firstDay.description.prefix(7)) }

    public static var defaultValueDescription: String { "YYYY-MM" }
}
