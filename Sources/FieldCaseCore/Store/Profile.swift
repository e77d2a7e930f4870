/// Who this device is: its commune, unit code and terminal number.
public struct Profile: Sendable, Hashable {
    public let deviceID: String
    public let communeCode: String
    public let unitCode: String
    public let terminal: Int
}

public enum OfficerRole: String, Sendable, Codable, CaseIterable {
    case officer
    case supervisor
}

/// An officer of this desk. Every event records which one made it.
public struct Officer: Sendable, Hashable {
    public let id: Int64
    public let name: String
    public let role: OfficerRole
    public let disabled: Bool
}

extension OfficerRole: Labelled {
    public var vietnameseLabel: String {
        switch self {
        case .officer: "cán bộ"
        case .supervisor: "giám sát viên"
        }
    }
}
