import FieldCaseDomain
import Foundation

/// One row of `SharedStatements.historyRows`: a dossier (`detail` its procedure, `body` its due time at intake),
/// a status change a desk made (`body` its payload, `arrived` when the gateway took it), or a status the province
/// set (`detail` the status).
public struct HistoryRow: Sendable {
    package let source: String
    package let caseCode: String
    package let detail: String?
    package let at: String
    package let body: String?
    package let arrived: Int64?

    package init(source: String, caseCode: String, detail: String?, at: String, body: String?, arrived: Int64?) {
        self.source = source
        self.caseCode = caseCode
        self.detail = detail
        self.at = at
        self.body = body
        self.arrived = arrived
    }
}

extension CentralStorage {
    /// The communes' dossiers as the desk's reports see its own (`FieldCaseStore.caseHistories`): received
    /// time, the due time set at intake, every status it went through, the citizen's rating. A row that does
    /// not read is a damaged one, said as such: a report that skipped it would count the dossier wrong.
    public func caseHistories(
        communes: [String], calendar catalog: Catalog, pagesHeld: (@Sendable (String) -> Bool)?
    ) async throws -> [CaseHistory] {
        var transitions: [String: [CaseHistory.Transition]] = [:]
        var ratings: [String: Satisfaction] = [:]
        var firstPages: [String: [ScannedPage.Stage: LocalTime]] = [:]
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
                // Dated as the gateway moved the dossier: the desk's time, never after the move arrived.
                let told = try time(row.at)
                let at = LocalTime.applied(told: told, arrived: row.arrived)
                transitions[row.caseCode, default: []].append(.init(at: at, status: payload.to))
                if let satisfaction = payload.satisfaction { ratings[row.caseCode] = satisfaction }
            case "page":
                guard let body = row.body,
                    let page = try? JSONDecoder().decode(ScannedPage.self, from: Data(body.utf8))
                else { throw CorruptRow(table: "events", key: row.caseCode, column: "payload") }
                // Digitised is what the gateway holds, not what a desk said it scanned.
                if let pagesHeld, !pagesHeld(page.sha256) { continue }
                let told = try time(row.at)
                let at = LocalTime.applied(told: told, arrived: row.arrived)
                firstPages[row.caseCode, default: [:]][page.stage] = min(
                    at, firstPages[row.caseCode]?[page.stage] ?? at)
            default:
                let status = try CaseStatus.stored(row.detail, table: "changes", column: "status", key: row.caseCode)
                transitions[row.caseCode, default: []].append(.init(at: try time(row.at), status: status))
            }
        }
        return try dossiers.map { row in
            guard let received = LocalTime(iso8601: row.at) else {
                throw CorruptRow(table: "cases", key: row.caseCode, column: "received_at")
            }
            guard let procedure = row.detail, let written = row.body.flatMap(LocalTime.init(iso8601:)) else {
                throw CorruptRow(table: "cases", key: row.caseCode, column: "document")
            }
            // The gateway's own count, as at intake; the desk's only for a procedure the catalog no longer lists.
            let due =
                (try? catalog.procedure(procedure).map {
                    try catalog.calendar.dueTime(receivedAt: received, processing: $0.processing)
                }) ?? written
            return CaseHistory(
                code: row.caseCode, procedureCode: procedure, receivedAt: received, statutoryDue: due,
                transitions: transitions[row.caseCode] ?? [],
                satisfaction: ratings[row.caseCode], firstPage: firstPages[row.caseCode] ?? [:])
        }
    }
}

extension LocalTime {
    /// When the gateway counts a desk's event as done, in its reports and its export: the desk's time, never
    /// after the event arrived (`arrived`, epoch seconds; nil for what has no arrival, the province's own).
    package static func applied(told: LocalTime, arrived: Int64?) -> LocalTime {
        arrived.map { min(told, LocalTime(epochSeconds: $0)) } ?? told
    }
}
