import ArgumentParser
import FieldCaseCore

/// Dates on the command line are written YYYY-MM-DD, in the commune's time zone.
extension LocalDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public static var defaultValueDescription: String { "YYYY-MM-DD" }
}
