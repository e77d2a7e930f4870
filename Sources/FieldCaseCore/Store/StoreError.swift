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
    public var description: String {
        switch self {
        case .notInitialized:
            return "this device is not set up yet; run 'fieldcase init --commune CODE --terminal N --officer NAME'"
        case .alreadyInitialized(let commune, let terminal):
            return "this home is already set up for commune \(commune), terminal \(terminal); "
                + "use another --home to set up a second desk"
        case .schemaTooNew(let path):
            return "the database \(path) was written by a newer fieldcase; upgrade fieldcase to open it "
                + "(it was not changed)"
        case .diskFull:
            return "the disk is full: nothing was saved; free some space and try again"
        case .readOnly(let path):
            return "cannot write to \(path): the home folder or database is read-only"
        case .unreadable(let path, let detail):
            return "cannot open the database \(path): \(detail)"
        case .unknownOfficer(let name):
            return "no officer named '\(name)' on this device; see 'fieldcase officer list'"
        case .ambiguousOfficer(let names):
            return "several officers use this device (\(names.joined(separator: ", "))); say who you are with --as NAME "
                + "or FIELDCASE_OFFICER"
        case .officerDisabled(let name):
            return "officer '\(name)' is disabled"
        case .duplicateOfficer(let name):
            return "an officer named '\(name)' already exists"
        }
    }
}
