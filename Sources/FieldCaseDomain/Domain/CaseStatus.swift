/// The national dossier status lifecycle (codes as provincial systems send them to the portal).
public enum CaseStatus: String, CaseIterable, Sendable, Codable {
    case received
    case refused
    case processing
    case supplementRequested = "supplement_requested"
    case paymentRequested = "payment_requested"
    case withdrawn
    case stopped
    case resolved
    case returned

    /// The national status code.
    public var nationalCode: Int {
        switch self {
        case .received: 2
        case .refused: 3
        case .processing: 4
        case .supplementRequested: 5
        case .paymentRequested: 6
        case .withdrawn: 7
        case .stopped: 8
        case .resolved: 9
        case .returned: 10
        }
    }

    /// Accepts the status name or its national code, so officers can type either.
    public init?(statusArgument argument: String) {
        let text = argument.lowercased().replacingOccurrences(of: "-", with: "_")
        if let status = CaseStatus(rawValue: text) {
            self = status
        } else if let code = Int(text), let status = CaseStatus.allCases.first(where: { $0.nationalCode == code }) {
            self = status
        } else {
            return nil
        }
    }

    public var allowedNext: [CaseStatus] {
        switch self {
        case .received: [.processing, .refused, .withdrawn]
        case .processing: [.supplementRequested, .paymentRequested, .stopped, .resolved, .withdrawn]
        case .supplementRequested, .paymentRequested: [.processing, .withdrawn]
        case .resolved: [.returned]
        case .refused, .withdrawn, .stopped, .returned: []
        }
    }

    public var isTerminal: Bool { allowedNext.isEmpty }

    /// Entering this status needs a written reason that the citizen can be told.
    public var requiresReason: Bool { self == .refused || self == .stopped }

    /// Processing has produced a result; timeliness is judged on when this happened.
    public var isFinished: Bool { self == .resolved || self == .returned }

    /// Still running against its due date.
    public var isOpen: Bool { !isTerminal && !isFinished }

    /// The clock is paused while the citizen brings more papers.
    public var pausesClock: Bool { self == .supplementRequested }

    /// Checks a transition; the error names the current status and what may follow it.
    public func checkTransition(to next: CaseStatus, reason: String?) throws(DomainError) {
        guard allowedNext.contains(next) else {
            throw .invalidTransition(from: self, to: next)
        }
        // The reason reaches officers' terminals and citizens' slips: printable, and of a sensible length.
        _ = try TextRules.freeText(reason, field: .reason, maxLength: TextRules.maxReasonLength)
        if next.requiresReason, (reason ?? "").allSatisfy(\.isWhitespace) {
            throw .reasonRequired(next)
        }
    }
}
