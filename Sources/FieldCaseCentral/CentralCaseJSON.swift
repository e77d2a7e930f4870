import FieldCaseCore
import FieldCaseWire
import Foundation

/// A central dossier as JSON: the desk's case keys plus `commune_code`, `device_id` and `conflict`.
public struct CentralCaseJSON: Encodable {
    let id: String
    let code: String
    let procedure_code: String
    let status: CaseStatus
    let applicant: JSONValue
    let received_at: String
    let due_at: String
    let timeliness: Timeliness?
    let documents: JSONValue
    let fee: JSONValue
    let summary: JSONValue
    let commune_code: String
    let device_id: String
    let conflict: String?

    /// The working calendar for timeliness; the bundled one until the gateway keeps its own catalog.
    static let calendar = try? Catalog.embedded().calendar

    public init(_ record: CentralCase, now: LocalTime) {
        id = record.caseID
        code = record.code
        procedure_code = record.procedureCode
        status = record.status
        received_at = record.receivedAt
        due_at = record.dueAt
        commune_code = record.communeCode
        device_id = record.deviceID
        conflict = record.conflict
        let fields: [String: JSONValue]
        if case .object(let object) = record.document { fields = object } else { fields = [:] }
        applicant = fields["applicant"] ?? .null
        documents = fields["documents"] ?? .array([])
        fee = fields["fee"] ?? .null
        summary = fields["summary"] ?? .null
        if let calendar = Self.calendar, let due = LocalTime(iso8601: record.dueAt) {
            timeliness = calendar.timeliness(status: record.status, due: due, finishedAt: nil, now: now)
        } else {
            timeliness = nil
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(code, forKey: .code)
        try container.encode(procedure_code, forKey: .procedure_code)
        try container.encode(status, forKey: .status)
        try container.encode(applicant, forKey: .applicant)
        try container.encode(received_at, forKey: .received_at)
        try container.encode(due_at, forKey: .due_at)
        try container.encode(timeliness, forKey: .timeliness)
        try container.encode(documents, forKey: .documents)
        try container.encode(fee, forKey: .fee)
        try container.encode(summary, forKey: .summary)
        try container.encode(commune_code, forKey: .commune_code)
        try container.encode(device_id, forKey: .device_id)
        try container.encode(conflict, forKey: .conflict)
    }

    enum CodingKeys: String, CodingKey {
        case id, code, procedure_code, status, applicant, received_at, due_at, timeliness, documents, fee, summary,
            commune_code, device_id, conflict
    }
}
