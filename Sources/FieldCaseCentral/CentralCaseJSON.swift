import FieldCaseDomain
import FieldCaseWire
import Foundation

/// A central dossier as JSON: the desk's case keys plus `commune_code`, `device_id` and `conflict`;
/// empty fields are `null`, never missing.
public struct CentralCaseJSON: Encodable {
    let id: String
    let code: String
    let procedure_code: String
    let status: CaseStatus
    let applicant: JSONValue
    let received_at: String
    let due_at: String
    @Nullable var timeliness: Timeliness?
    let documents: JSONValue
    let fee: JSONValue
    let summary: JSONValue
    let commune_code: String
    let device_id: String
    @Nullable var conflict: String?

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
}
