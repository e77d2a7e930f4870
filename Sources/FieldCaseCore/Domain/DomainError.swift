/// A rule of the domain refused the input. Each case names the field or status and the rule,
/// so the one line an officer sees says what was wrong and what is expected.
public enum DomainError: Error, Hashable, Sendable {
    /// `field` broke `rule`; `rule` is a sentence fragment such as "must be 12 digits".
    case invalidField(field: String, rule: String)
    case invalidTransition(from: CaseStatus, to: CaseStatus)
    case reasonRequired(CaseStatus)
    case unknownProcedure(String)
    case unknownCommune(String)
    case unknownCase(String)
    case dailySequenceExhausted(date: LocalDate, terminal: Int)
}

extension DomainError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidField(let field, let rule):
            return "\(field): \(rule)"
        case .invalidTransition(let from, let to):
            let next = from.allowedNext.map(\.rawValue)
            let allowed = next.isEmpty ? "none: \(from.rawValue) is final" : next.joined(separator: ", ")
            return "cannot move a dossier from \(from.rawValue) to \(to.rawValue); allowed next: \(allowed)"
        case .reasonRequired(let status):
            return "a reason is required to move a dossier to \(status.rawValue) (use --reason)"
        case .unknownProcedure(let code):
            return "procedure: unknown code '\(code)'; see 'fieldcase catalog' for the procedures of this desk"
        case .unknownCommune(let code):
            return "commune: unknown code '\(code)'; expected a 5-digit commune code from the catalog"
        case .unknownCase(let code):
            return "no dossier with code '\(code)'"
        case .dailySequenceExhausted(let date, let terminal):
            return "terminal \(terminal) has issued all 999 dossier codes for \(date); "
                + "receive further dossiers on another terminal or on the next day"
        }
    }
}
