/// Why the store could not do what was asked, in words an officer can act on.
public enum StoreError: Error, Hashable, Sendable {
    case notInitialized
    case alreadyInitialized(commune: String, terminal: Int)
    /// The database was written by a newer fieldcase; opening it here could corrupt it.
    case schemaTooNew(path: String)
    case diskFull
    case readOnly(path: String)
    case unreadable(path: String, detail: String)
    case unknownOfficer(String)
    case ambiguousOfficer([String])
    case officerDisabled(String)
    case duplicateOfficer(String)
}

extension StoreError: CustomStringConvertible {
    public var description: String { text(in: .english) }

    public func text(in language: Language) -> String {
        language == .vietnamese ? vietnamese : english
    }
}
