import FieldCaseCore

public enum Format {
    /// `2025-06-10 17:00`: minutes are what the desk and the citizen care about.
    public static func shortTime(_ time: LocalTime) -> String {
        String(time.iso8601.prefix(16)).replacingOccurrences(of: "T", with: " ")
    }
}
