import Foundation

/// The officer's language: Vietnamese when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts
/// with `vi`, English otherwise. JSON output never depends on it.
public enum Language: Sendable {
    case english
    case vietnamese

    public static let current: Language = {
        let environment = ProcessInfo.processInfo.environment
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("vi") ? .vietnamese : .english
            }
        }
        return .english
    }()

    /// The word before every diagnostic line.
    public var errorPrefix: String { self == .vietnamese ? "Lỗi:" : "Error:" }
}
