import FieldCaseDomain
import Foundation

/// One row of `SharedStatements.historyRows`: a dossier (`detail` its procedure, `body` its document), a status
/// change a desk made (`body` its payload), or a status the province set (`detail` the status).
public struct HistoryRow: Sendable {
    package let source: String
    package let caseCode: String
    package let detail: String?
    package let at: String
    package let body: String?

    package init(source: String, caseCode: String, detail: String?, at: String, body: String?) {
        self.source = source
        self.caseCode = caseCode
        self.detail = detail
        self.at = at
        self.body = body
    }
}

/// The one field of a dossier's document the histories need: the due time set at intake.
private struct Intake: Decodable {
    let due_at: LocalTime
}

extension CentralStorage {
    /// The communes' dossiers as the desk's reports see its own (`FieldCaseStore.caseHistories`): received
    /// time, the due time set at intake, every status it went through, the citizen's rating. A row that does
    /// not read is a damaged one, said as such: a report that skipped it would count the dossier wrong.
    public func caseHistories(communes: [String]) async throws -> [CaseHistory] {
        var transitions: [String: [CaseHistory.Transition]] = [:]
        var ratings: [String: Satisfaction] = [:]
        var dossiers: [HistoryRow] = []
        for row in try await historyRows(communes: communes) {
            func time(_ text: String) throws -> LocalTime {
                guard let time = LocalTime(iso8601: text) else {
                    let table = row.source == "update" ? "changes" : "events"
                    throw CorruptRow(table: table, key: row.caseCode, column: "occurred_at")
                }
                return time
            }
            switch row.source {
            case "dossier": dossiers.append(row)
            case "move":
                guard let body = row.body,
                    let payload = try? JSONDecoder().decode(StatusChangedPayload.self, from: Data(body.utf8))
                else { throw CorruptRow(table: "events", key: row.caseCode, column: "payload") }
                transitions[row.caseCode, default: []].append(.init(at: try time(row.at), status: payload.to))
                if let satisfaction = payload.satisfaction { ratings[row.caseCode] = satisfaction }
            default:
                let status = try CaseStatus.stored(row.detail, table: "changes", column: "status", key: row.caseCode)
                transitions[row.caseCode, default: []].append(.init(at: try time(row.at), status: status))
            }
        }
        return try dossiers.map { row in
            guard let received = LocalTime(iso8601: row.at) else {
                throw CorruptRow(table: "cases", key: row.caseCode, column: "received_at")
            }
            guard let body = row.body, let procedure = row.detail,
                let intake = try? JSONDecoder().decode(Intake.self, from: Data(body.utf8))
            else { throw CorruptRow(table: "cases", key: row.caseCode, column: "document") }
            return CaseHistory(
                code: row.caseCode, procedureCode: procedure, receivedAt: received, statutoryDue: intake.due_at,
                transitions: transitions[row.caseCode] ?? [],
                satisfaction: ratings[row.caseCode])
        }
    }
}
