import FieldCaseCore
import FieldCaseWire
import Foundation

/// A device as the gateway knows it.
public struct Device: Sendable, Hashable {
    public let id: String
    public let communeCode: String
    public let terminal: Int
    public let unitCode: String
    public let lastSeq: Int64
    public let revoked: Bool

    public init(id: String, communeCode: String, terminal: Int, unitCode: String, lastSeq: Int64, revoked: Bool) {
        self.id = id
        self.communeCode = communeCode
        self.terminal = terminal
        self.unitCode = unitCode
        self.lastSeq = lastSeq
        self.revoked = revoked
    }
}

/// The central record of a dossier, as far as applying events needs it.
public struct CentralCaseState: Sendable, Hashable {
    public let code: String
    public let caseID: String
    public let communeCode: String
    public let status: CaseStatus
}

/// What applying one pushed event does to the central record. Both storage backends apply
/// events through these rules, so SQLite and PostgreSQL cannot disagree.
public enum ApplyDecision: Sendable, Hashable {
    case create(CentralCaseState, document: String, receivedAt: String, dueAt: String, procedureCode: String)
    case moveStatus(code: String, to: CaseStatus)
    case reject(String)
    case conflict(String)

    public var outcome: PushOutcome {
        switch self {
        case .create, .moveStatus: .applied
        case .reject: .rejected
        case .conflict: .conflict
        }
    }

    public var reason: String? {
        switch self {
        case .reject(let reason), .conflict(let reason): reason
        default: nil
        }
    }

    /// The event's payload as the events table keeps it. A created dossier's document is that same text,
    /// so it is encoded once, not twice.
    func storedPayload(of event: WireEvent) throws -> String {
        if case .create(_, let document, _, _, _) = self { return document }
        return String(decoding: try JSONEncoder.sorted.encode(event.payload), as: UTF8.self)
    }
}

public enum CentralRules {
    /// Decides what `event` from `device` does, given the central record of its dossier (if any).
    public static func decide(_ event: WireEvent, device: Device, existing: CentralCaseState?) -> ApplyDecision {
        switch event.kind {
        case CaseEventKind.created:
            guard let payload = decode(CaseCreatedPayload.self, from: event.payload) else {
                return .reject("invalid payload for \(event.kind)")
            }
            guard payload.code == event.caseCode,
                payload.code.hasPrefix("\(device.unitCode)-"),
                payload.code.split(separator: "-").last?.first == Character(String(device.terminal))
            else { return .reject("dossier code \(event.caseCode) was not issued by this device") }
            if let existing {
                return existing.caseID == event.caseID
                    ? .reject("dossier \(event.caseCode) was already created")
                    : .reject("dossier code \(event.caseCode) is already used by another case")
            }
            let document = (try? String(decoding: JSONEncoder.sorted.encode(event.payload), as: UTF8.self)) ?? "{}"
            return .create(
                CentralCaseState(
                    code: payload.code, caseID: event.caseID, communeCode: device.communeCode, status: .received),
                document: document, receivedAt: payload.receivedAt.iso8601, dueAt: payload.dueAt.iso8601,
                procedureCode: payload.procedureCode)
        case CaseEventKind.statusChanged:
            guard let payload = decode(StatusChangedPayload.self, from: event.payload) else {
                return .reject("invalid payload for \(event.kind)")
            }
            guard let existing else { return .reject("unknown dossier \(event.caseCode)") }
            guard existing.communeCode == device.communeCode else {
                return .reject("dossier \(event.caseCode) belongs to another commune")
            }
            guard existing.status == payload.from else {
                return .conflict(
                    "the central record is \(existing.status.rawValue); the desk moved it from "
                        + "\(payload.from.rawValue) to \(payload.to.rawValue)")
            }
            do throws(DomainError) {
                try payload.from.checkTransition(to: payload.to, reason: payload.reason)
            } catch {
                return .reject(error.description)
            }
            return .moveStatus(code: existing.code, to: payload.to)
        default:
            return .reject("unknown event kind '\(event.kind.prefix(40))'")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) -> T? {
        guard let data = try? JSONEncoder.sorted.encode(value) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
