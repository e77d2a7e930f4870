import FieldCaseWire
import FieldCaseCore
import Foundation

/// The case as JSON: stable keys, whatever the UI language, shared by every command that prints cases.
struct CaseJSON: Encodable {
    struct Event: Encodable {
        let seq: Int64
        let event_id: String
        let kind: String
        let occurred_at: LocalTime
        let officer: String
        let sync_state: SyncState
        let last_error: String?
        let payload: JSONValue
    }

    let id: String
    let code: String
    let procedure_code: String
    let status: CaseStatus
    let channel: Channel
    let applicant: Applicant
    let received_at: LocalTime
    let due_at: LocalTime
    let finished_at: LocalTime?
    let discarded_at: LocalTime?
    let timeliness: Timeliness?
    let sync_state: SyncState
    let documents: [ReceivedDocument]
    let fee: Fee
    let summary: String?
    let officer: String
    let events: [Event]?
    let central_updates: [CentralUpdate]?

    init(
        _ record: CaseRecord, calendar: WorkCalendar, now: LocalTime, events: [CaseEventRecord]? = nil,
        centralUpdates: [CentralUpdate]? = nil
    ) {
        central_updates = centralUpdates
        id = record.id
        code = record.code
        procedure_code = record.procedureCode
        status = record.status
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
        self.events = events?.map { event in
            Event(
                seq: event.seq, event_id: event.eventID, kind: event.kind, occurred_at: event.occurredAt,
                officer: event.officerName, sync_state: event.syncState, last_error: event.lastError,
                payload: (try? JSONDecoder().decode(JSONValue.self, from: Data(event.payload.utf8))) ?? .null)
        }
    }

    /// Keys present with null rather than missing, so consumers see the same shape every time.
    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(code, forKey: .code)
        try container.encode(procedure_code, forKey: .procedure_code)
        try container.encode(status, forKey: .status)
        try container.encode(channel, forKey: .channel)
        try container.encode(applicant, forKey: .applicant)
        try container.encode(received_at, forKey: .received_at)
        try container.encode(due_at, forKey: .due_at)
        try container.encode(finished_at, forKey: .finished_at)
        try container.encode(discarded_at, forKey: .discarded_at)
        try container.encode(timeliness, forKey: .timeliness)
        try container.encode(sync_state, forKey: .sync_state)
        try container.encode(documents, forKey: .documents)
        try container.encode(fee, forKey: .fee)
        try container.encode(summary, forKey: .summary)
        try container.encode(officer, forKey: .officer)
        try container.encodeIfPresent(events, forKey: .events)
        try container.encodeIfPresent(central_updates, forKey: .central_updates)
    }

    enum CodingKeys: String, CodingKey {
        case id, code, procedure_code, status, channel, applicant, received_at, due_at, finished_at, discarded_at,
            timeliness,
            sync_state, documents, fee, summary, officer, events, central_updates
    }
}

/// Prints any encodable value as pretty JSON with sorted keys on standard output.
func printJSON<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}
