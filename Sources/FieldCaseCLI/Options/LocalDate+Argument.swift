import ArgumentParser
import FieldCaseCore

/// Dates on the command line are written YYYY-MM-DD or DD/MM/YYYY, in the commune's time zone.
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(typed: argument) }
    public static var defaultValueDescription: String { "YYYY-MM-DD" }
}
