import ArgumentParser
import FieldCaseCore
import Foundation

/// The values a command line completes that only this desk knows: its dossier codes, officers, procedures.
/// Options and arguments declare them as their completion kind, a call of the hidden `fieldcase complete`
/// command, so the bash, zsh and fish scripts argument-parser generates and the shell's Tab (which reads
/// the same kinds from the command tree) offer the same words.
public enum CompletionValues: String, CaseIterable, ExpressibleByArgument, Sendable {
    case codes, statuses, officers, procedures, communes

    /// The completion kind that asks `fieldcase complete` for these values.
    public var kind: CompletionKind { .shellCommand(shellCommand) }

    public var shellCommand: String { "fieldcase complete \(rawValue)" }

    /// The values starting with `prefix`. Nothing here needs a PIN: codes, officers' names and the catalog
    /// are not citizens' data; a home that is not set up completes nothing of its own.
    public func candidates(prefix: String, home: Home) -> [String] {
        switch self {
        case .statuses: return CaseStatus.allCases.map(\.rawValue).filter { $0.hasPrefix(prefix) }
        case .communes:
            return ((try? Catalog.embedded().communes) ?? []).map(\.code).filter { $0.hasPrefix(prefix) }
        case .codes, .officers, .procedures:
            guard FileManager.default.fileExists(atPath: home.databasePath), let store = try? home.openStore() else {
                return []
            }
            return (try? fromStore(store, prefix: prefix)) ?? []
        }
    }

    func fromStore(_ store: FieldCaseStore, prefix: String) throws -> [String] {
        switch self {
        // The generated scripts ask without the word typed so far: enough codes for months of a desk's work.
        case .codes: return try store.codes(withPrefix: prefix, limit: 2_000)
        case .officers:
            return try store.officers().filter { !$0.disabled }.map(\.name).filter { $0.hasPrefix(prefix) }
        case .procedures: return try store.catalog().procedures.map(\.code).filter { $0.hasPrefix(prefix) }
        case .statuses, .communes: return []
        }
    }
}
