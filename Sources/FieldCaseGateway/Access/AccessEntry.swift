/// How an operator's action ended, as the access log records it.
public enum AccessOutcome: String, Sendable, Codable {
    /// Done, or read.
    case ok
    /// Outside what the operator's role or communes allow.
    case denied
    /// Refused for its content: an unknown dossier, a transition the lifecycle forbids, a bad argument.
    case refused
    /// No valid operator token.
    case unauthorized
    /// The gateway failed.
    case failed
}

/// One line of the access log: who did or read what, when, and how it ended. Never personal data: dossier
/// codes, not names or ID numbers.
public struct AccessEntry: Sendable, Codable, Hashable {
    public let id: Int64
    public let at: String
    public let operatorName: String
    public let action: String
    /// The dossier codes the action read or changed.
    public let codes: [String]
    public let outcome: AccessOutcome
    public let detail: String
    /// Where the request came from: the client's address (the proxy's `X-Real-IP` behind one), `host` for a
    /// command on the gateway host; empty for lines logged before addresses were.
    public let client: String

    enum CodingKeys: String, CodingKey {
        case id, at, action, codes, outcome, detail, client
        case operatorName = "operator"
    }

    public init(
        id: Int64, at: String, operatorName: String, action: String, codes: [String], outcome: AccessOutcome,
        detail: String, client: String
    ) {
        self.id = id
        self.at = at
        self.operatorName = operatorName
        self.action = action
        self.codes = codes
        self.outcome = outcome
        self.detail = detail
        self.client = client
    }
}

/// An access-log line about to be written.
public struct AccessRecord: Sendable {
    public let operatorName: String
    public let action: String
    public let codes: [String]
    public let outcome: AccessOutcome
    public let detail: String
    public let client: String

    package init(
        operatorName: String, action: String, codes: [String], outcome: AccessOutcome, detail: String, client: String
    ) {
        self.operatorName = operatorName
        self.action = action
        self.codes = codes
        self.outcome = outcome
        self.detail = detail
        self.client = client
    }
}

/// An operator asked for something outside their role or communes. A dossier of another commune is
/// answered like one that does not exist (`unknownCase`), so nobody learns which codes other communes hold.
package struct AccessDenied: Error, Sendable {
    package let message: String
    package var unknownCase: String?

    package init(message: String, unknownCase: String? = nil) {
        self.message = message
        self.unknownCase = unknownCase
    }
}
