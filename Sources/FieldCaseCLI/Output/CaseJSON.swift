import FieldCaseCommandLine
import FieldCaseWire
import FieldCaseCore
import Foundation

/// The case as JSON: stable keys, whatever the UI language, shared by every command that prints cases.
/// Empty fields are `null`, never missing; `events` and `central_updates` appear only in `case show`.
struct CaseJSON: Encodable {
    struct Event: Encodable {
        let seq: Int64
        let event_id: String
        let kind: String
        let occurred_at: LocalTime
        let officer: String
        let sync_state: SyncState
        @Nullable var last_error: String?
        let payload: JSONValue
    }

    let id: String
    let code: String
    let procedure_code: String
    let status: CaseStatus
    /// The national status code (1–10) the province's systems and the portal use.
    let status_code: Int
    let channel: Channel
    let applicant: Applicant
    let received_at: LocalTime
    let due_at: LocalTime
    @Nullable var finished_at: LocalTime?
    @Nullable var discarded_at: LocalTime?
    @Nullable var timeliness: Timeliness?
    let sync_state: SyncState
    let documents: [ReceivedDocument]
    let fee: Fee
    @Nullable var summary: String?
    let officer: String
    let events: [Event]?
    let central_updates: [CentralUpdate]?
    /// The scanned pages, with `case show`.
    let pages: [PageJSON]?

    init(
        _ record: CaseRecord, calendar: WorkCalendar, now: LocalTime, events: [CaseEventRecord]? = nil,
        centralUpdates: [CentralUpdate]? = nil, pages: [AttachedPage]? = nil
    ) throws {
        central_updates = centralUpdates
        self.pages = pages?.map(PageJSON.init)
        id = record.id
        code = record.code
        procedure_code = record.procedureCode
        status = record.status
        status_code = record.status.nationalCode
        channel = record.channel
        applicant = record.applicant
        received_at = record.receivedAt
        due_at = record.effectiveDue(calendar: calendar, now: now)
        finished_at = record.finishedAt
        discarded_at = record.discardedAt
        timeliness = record.timeliness(calendar: calendar, now: now)
        sync_state = record.syncState
        documents = record.documents
        fee = record.fee
        summary = record.summary
        officer = record.officerName
        self.events = try events?.map { event in
            Event(
                seq: event.seq, event_id: event.eventID, kind: event.kind, occurred_at: event.occurredAt,
                officer: event.officerName, sync_state: event.syncState, last_error: event.lastError,
                payload: try Self.payload(of: event))
        }
    }

    /// An event's payload as JSON; text that does not parse is a damaged row, said as such.
    static func payload(of event: CaseEventRecord) throws -> JSONValue {
        do {
            return try JSONDecoder().decode(JSONValue.self, from: Data(event.payload.utf8))
        } catch {
            throw CorruptRow(table: "case_events", key: String(event.seq), column: "payload")
        }
    }
}
