import Foundation

/// The officer's language: Vietnamese when `LC_ALL`, `LC_MESSAGES` or `LANG` (the first one set) starts
/// with `vi`, English otherwise. JSON output never depends on it.
public enum Language: Sendable {
    case english
    case vietnamese

    /// The language of this process's locale, read once. Commands take theirs from their session, which
    /// starts from this; parts without one (diagnostics before a session exists, the shell's messages)
    /// read it here.
    public static let current = Language(locale: ProcessInfo.processInfo.environment)

    public init(locale environment: [String: String]) {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                self = value.lowercased().hasPrefix("vi") ? .vietnamese : .english
                return
            }
        }
        self = .english
    }

    /// The word before every diagnostic line.
    public var errorPrefix: String { self == .vietnamese ? "Lỗi:" : "Error:" }
}

/// One text in the process's language, for what is written before any session exists: the help of commands
/// and options, and the parser's own checks.
public func localized(_ english: String, _ vietnamese: String) -> String {
    Language.current == .vietnamese ? vietnamese : english
}
