import Foundation
import GRDB

extension FieldCaseStore {
    /// The history of every dossier received before `end` (discarded ones left out), for reports that
    /// ask what state a dossier was in at a past moment.
    public func caseHistories(receivedBefore end: LocalTime) throws -> [CaseHistory] {
        let key = dataKey
        return try read { db in
            var transitions: [String: [CaseHistory.Transition]] = [:]
            let local = try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, e.occurred_at, e.event_id, e.payload, e.sealed
                    FROM case_events e JOIN cases c ON c.id = e.case_id
                    WHERE e.kind = ? AND c.received_at < ?
                    """, arguments: [CaseEventKind.statusChanged, end.epochSeconds])
            for row in local {
                guard let status = try Self.payloadField("to", of: row, key: key).flatMap(CaseStatus.init(rawValue:))
                else { continue }
                transitions[row["code"], default: []].append(
                    .init(at: LocalTime(epochSeconds: row["occurred_at"]), status: status))
            }
            let central = try Row.fetchAll(
                db, sql: "SELECT case_code, occurred_at, status FROM central_updates WHERE kind = 'status_update'")
            for row in central {
                guard let status = (row["status"] as String?).flatMap(CaseStatus.init(rawValue:)),
                    let at = LocalTime(iso8601: row["occurred_at"])
                else { continue }
                transitions[row["case_code"], default: []].append(.init(at: at, status: status))
            }
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT c.code, c.procedure_code, c.received_at, e.event_id, e.payload, e.sealed
                    FROM cases c JOIN case_events e ON e.case_id = c.id AND e.kind = ?
                    WHERE c.received_at < ? AND c.discarded_at IS NULL
                    """, arguments: [CaseEventKind.created, end.epochSeconds]
            ).map { row in
                let received = LocalTime(epochSeconds: row["received_at"])
                return CaseHistory(
                    code: row["code"], procedureCode: row["procedure_code"], receivedAt: received,
                    statutoryDue: try Self.payloadField("due_at", of: row, key: key).flatMap(LocalTime.init(iso8601:))
                        ?? received,
                    transitions: transitions[row["code"]] ?? [])
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
