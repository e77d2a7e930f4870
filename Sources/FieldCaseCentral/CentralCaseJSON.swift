import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseGateway
import FieldCaseWire
import Foundation

/// A central dossier as JSON: the desk's case keys plus `commune_code`, `device_id` and `conflict`;
/// empty fields are `null`, never missing.
public struct CentralCaseJSON: Encodable {
    let id: String
    let code: String
    let procedure_code: String
    let status: CaseStatus
    /// The national status code (1–10).
    let status_code: Int
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

    /// Timeliness as the gateway computes it, with its own calendar, the dossier's running pause and finish time.
    public init(_ record: CentralCase, now: LocalTime, calendar: WorkCalendar) {
        id = record.caseID
        code = record.code
        procedure_code = record.procedureCode
        status = record.status
        status_code = record.status.nationalCode
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
        timeliness = record.timeliness(now: now, calendar: calendar)
    }
}
