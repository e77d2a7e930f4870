import Foundation

/// What an operator may do. `admin` manages devices, operators and tokens and reads everything; `province`
/// reads and changes the dossiers of the communes it answers for; `viewer` reads, everywhere or in its communes.
public enum OperatorRole: String, Sendable, Codable, CaseIterable {
    case admin, province, viewer
}

/// A named person at the province who calls the admin API with their own token.
public struct Operator: Sendable, Codable, Hashable {
    public let name: String
    public let role: OperatorRole
    /// The communes the operator answers for; empty means every commune.
    public let communes: [String]
    public let created_at: String
    public let created_by: String
    public let disabled: Bool

    public init(
        name: String, role: OperatorRole, communes: [String], created_at: String, created_by: String, disabled: Bool
    ) {
        self.name = name
        self.role = role
        self.communes = communes
        self.created_at = created_at
        self.created_by = created_by
        self.disabled = disabled
    }

    /// The communes whose dossiers the operator may read; nil for all.
    package var readableCommunes: [String]? { communes.isEmpty ? nil : communes }

    package func mayRead(commune: String) -> Bool { communes.isEmpty || communes.contains(commune) }

    /// Processing updates come from the province for its own communes; an admin may correct anywhere.
    package func mayChangeStatus(commune: String) -> Bool {
        role == .admin || (role == .province && communes.contains(commune))
    }

    /// Metrics show province-wide activity: admins and viewers of every commune.
    package var mayReadMetrics: Bool { role == .admin || (role == .viewer && communes.isEmpty) }

    /// A name an operator is known by in the access log: a letter or digit, then letters, digits and `.`, `_`,
    /// `-`, `@`; never the `unix:` names of commands run on the gateway host, nor the `-` of a failed sign-in.
    package static func isValidName(_ name: String) -> Bool {
        (1...64).contains(name.count)
            && name.unicodeScalars.first.map { $0.isASCII && CharacterSet.alphanumerics.contains($0) } == true
            && name.unicodeScalars.allSatisfy {
                ($0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_@".unicodeScalars.contains($0)))
            }
    }

    /// Whether `communes` suits `role`: a province operator answers for at least one commune, an admin for
    /// all of them; every code has five digits.
    package static func scopeProblem(role: OperatorRole, communes: [String]) -> String? {
        if let bad = communes.first(where: { $0.count != 5 || !$0.allSatisfy { $0.isASCII && $0.isNumber } }) {
            return "'\(bad.prefix(12))' is not a 5-digit commune code"
        }
        if role == .province, communes.isEmpty { return "a province operator needs at least one --commune" }
        if role == .admin, !communes.isEmpty { return "an admin operator answers for every commune: drop --commune" }
        return nil
    }
}
