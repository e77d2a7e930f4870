import Foundation
import FieldCaseRows
import GRDB

extension FieldCaseStore {
    /// The history of every dossier received before `end` (discarded ones left out), for reports that
    /// ask what state a dossier was in at a past moment, as the desk holds it. A move a supervisor discarded is
    /// in none: the dossier went back to where it was, and a handover done again after it is rated once. A
    /// re-dated dossier counts once, from its newest creation.
    ///
    /// With `changedSince`, only dossiers received or changed since then: a month's indicators need no others,
    /// and the dashboard stays quick on a desk of years.
    public func caseHistories(receivedBefore end: LocalTime, changedSince: LocalTime? = nil) throws -> [CaseHistory] {
        let since = changedSince?.epochSeconds ?? Int64.min
        let key = dataKey
        return try read { db in
            var transitions: [String: [CaseHistory.Transition]] = [:]
            var ratings: [String: Satisfaction] = [:]
            let local = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, e.occurred_at, e.event_id, e.payload, e.sealed
                    FROM case_events e JOIN cases c ON c.id = e.case_id JOIN outbox o ON o.seq = e.seq
                    WHERE e.kind = ? AND c.received_at < ? AND o.state <> 'discarded'
                        AND (c.updated_at >= ? OR c.received_at >= ?)
                    ORDER BY e.seq
                    """, arguments: [CaseEventKind.statusChanged, end.epochSeconds, since, since])
            // A transition that does not read is a damaged row, said as such: a report that skipped it would
            // show the dossier in a state it left.
            for row in local {
                let event = try row.stored("event_id", table: "case_events", key: "unknown", as: String.self)
                let text = try Self.eventPayload(row, key: key)
                let payload: StatusChangedPayload
                do {
                    payload = try JSONDecoder().decode(StatusChangedPayload.self, from: Data(text.utf8))
                } catch {
                    throw CorruptRow(table: "case_events", key: event, column: "payload")
                }
                let code: String = try row.stored("code", table: "cases", key: "of event \(event)")
                transitions[code, default: []].append(
                    .init(at: try row.storedTime("occurred_at", table: "case_events", key: event), status: payload.to))
                if let satisfaction = payload.satisfaction { ratings[code] = satisfaction }
            }
            let central = try Row.fetchAll(
                db,
                sql: "SELECT change, case_code, occurred_at, status FROM central_updates WHERE kind = 'status_update'")
            for row in central {
                let id = String(try row.stored("change", table: "central_updates", key: "unknown", as: Int64.self))
                let at = try LocalTime.stored(
                    try row.stored("occurred_at", table: "central_updates", key: id), table: "central_updates",
                    column: "occurred_at", key: id)
                transitions[try row.stored("case_code", table: "central_updates", key: id), default: []].append(
                    .init(at: at, status: try row.stored("status", table: "central_updates", key: id)))
            }
            var firstPages: [String: [ScannedPage.Stage: LocalTime]] = [:]
            let pages = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, cp.stage, MIN(e.occurred_at) AS first
                    FROM case_pages cp JOIN cases c ON c.id = cp.case_id JOIN case_events e ON e.seq = cp.seq
                        JOIN outbox o ON o.seq = cp.seq
                    WHERE o.state <> 'discarded' AND c.received_at < ? GROUP BY c.code, cp.stage
                    """, arguments: [end.epochSeconds])
            for row in pages {
                let code = try row.stored("code", table: "cases", key: "of a page", as: String.self)
                firstPages[code, default: [:]][try row.stored("stage", table: "case_pages", key: code)] =
                    try row.storedTime("first", table: "case_events", key: code)
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, c.procedure_code, c.received_at, e.event_id, e.payload, e.sealed
                    FROM cases c JOIN case_events e ON e.case_id = c.id AND e.kind = ?
                        AND e.seq = (SELECT MAX(seq) FROM case_events WHERE case_id = c.id AND kind = e.kind)
                    WHERE c.received_at < ? AND c.discarded_at IS NULL AND (c.updated_at >= ? OR c.received_at >= ?)
                    """, arguments: [CaseEventKind.created, end.epochSeconds, since, since]
            ).map { row in
                let code = try row.stored("code", table: "cases", key: "unknown", as: String.self)
                let event = try row.stored("event_id", table: "case_events", key: "of dossier \(code)", as: String.self)
                return CaseHistory(
                    code: code, procedureCode: try row.stored("procedure_code", table: "cases", key: code),
                    receivedAt: try row.storedTime("received_at", table: "cases", key: code),
                    statutoryDue: try LocalTime.stored(
                        try Self.payloadField("due_at", of: row, key: key), table: "case_events", column: "payload",
                        key: event),
                    transitions: transitions[code] ?? [], satisfaction: ratings[code],
                    firstPage: firstPages[code] ?? [:])
            }
        }
    }

    /// One top-level string field of an event's payload, opened with the data key when sealed.
    static func payloadField(_ field: String, of row: Row, key: DataKey?) throws -> String? {
        let text = try eventPayload(row, key: key)
        let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any]
        return object?[field] as? String
    }
}
