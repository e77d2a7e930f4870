import FieldCaseDomain
import Foundation

/// One read of the provincial export: the dossiers changed after `since`, each whole as it stands, up to
/// `cursor`, the number to start the next read from. Telling a dossier again is harmless (the province's system
/// keys on its code), so a read cut off, repeated or started from an older cursor loses and doubles nothing.
public struct ProvincialBatch: Sendable {
    public let since: Int64
    public let cursor: Int64
    /// More dossiers changed after `cursor` when the read was made.
    public let more: Bool
    public let dossiers: [ProvincialDossier]
}

/// A dossier with a change after an export's cursor, and its newest change (`SharedStatements.changedDossiers`).
public struct ChangedDossier: Sendable {
    package let code: String
    package let newest: Int64

    package init(code: String, newest: Int64) {
        self.code = code
        self.newest = newest
    }
}

/// One row of `SharedStatements.processRows`: a dossier's intake, a desk's move, the province's update or a page.
public struct ProcessRow: Sendable {
    package let source: String
    package let caseCode: String
    package let who: String?
    package let at: String
    package let detail: String?
    package let body: String?
    package let arrived: Int64?
    /// The change number the gateway applied it under: the order of a dossier's steps.
    package let ordinal: Int64

    package init(
        source: String, caseCode: String, who: String?, at: String, detail: String?, body: String?, arrived: Int64?,
        ordinal: Int64
    ) {
        self.source = source
        self.caseCode = caseCode
        self.who = who
        self.at = at
        self.detail = detail
        self.body = body
        self.arrived = arrived
        self.ordinal = ordinal
    }

    /// When the gateway counts the row as done, as the reports count it (`LocalTime.applied`).
    func time() throws -> LocalTime {
        guard let told = LocalTime(iso8601: at) else {
            throw CorruptRow(table: source == "update" ? "changes" : "events", key: caseCode, column: "occurred_at")
        }
        return LocalTime.applied(told: told, arrived: arrived)
    }

    func decoded<T: Decodable>(_ type: T.Type) throws -> T {
        guard let body, let value = try? JSONDecoder().decode(type, from: Data(body.utf8)) else {
            throw CorruptRow(table: "events", key: caseCode, column: "payload")
        }
        return value
    }
}

extension CentralStorage {
    /// The dossiers of `communes` changed after the cursor `since`, at most `limit`, each read whole and put in
    /// the national shape; the batch's cursor is the newest change of the last one (see `ProvincialBatch`).
    public func provincialBatch(
        communes: [String], since: Int64, limit: Int, catalog: Catalog, pagesHeld: @Sendable (String) -> Bool
    ) async throws -> ProvincialBatch {
        let changed = try await changedDossiers(communes: communes, after: since, limit: limit + 1)
        let taken = Array(changed.prefix(limit))
        let (cases, rows) = try await exportRows(codes: taken.map(\.code))
        let rowsByCase = Dictionary(grouping: rows, by: \.caseCode)
        let order = Dictionary(uniqueKeysWithValues: taken.enumerated().map { ($1.code, $0) })
        // Only the communes asked for, whatever a storage answers: an export carries citizens' data.
        let within = Set(communes)
        let dossiers = try cases.filter { within.contains($0.communeCode) }.sorted {
            order[$0.code, default: 0] < order[$1.code, default: 0]
        }.map {
            try ProvincialDossier($0, rows: rowsByCase[$0.code] ?? [], catalog: catalog, pagesHeld: pagesHeld)
        }
        return ProvincialBatch(
            since: since, cursor: taken.last?.newest ?? since, more: changed.count > limit, dossiers: dossiers)
    }
}

extension ProvincialDossier {
    init(_ dossier: CentralCase, rows: [ProcessRow], catalog: Catalog, pagesHeld: (String) -> Bool) throws {
        let code = dossier.code
        let document: CaseCreatedPayload
        do {
            document = try JSONDecoder().decode(CaseCreatedPayload.self, from: JSONEncoder().encode(dossier.document))
        } catch { throw CorruptRow(table: "cases", key: code, column: "document") }
        guard let due = LocalTime(iso8601: dossier.dueAt) else {
            throw CorruptRow(table: "cases", key: code, column: "due_at")
        }
        let procedure = catalog.procedure(dossier.procedureCode)
        let steps = try Self.steps(rows, document: document, due: due)
        let pages = try Self.pages(rows, pagesHeld: pagesHeld)
        let held = pages.filter(\.held)
        func last(_ status: CaseStatus) -> String { steps.last { $0.status == String(status.nationalCode) }?.at ?? "" }
        record = Record(
            code: code, procedureCode: dossier.procedureCode, procedureName: procedure?.nameVI ?? "", fieldCode: "",
            fieldName: procedure?.field?.vi ?? "", channel: document.channel == .postal ? "3" : "1",
            applicantName: document.applicant.name, applicantKind: "1", applicantIDNumber: document.applicant.idNumber,
            phone: document.applicant[.phone] ?? "", summary: document.summary ?? "",
            receivedAt: document.receivedAt.nationalStamp, dueAt: due.nationalStamp,
            status: String(dossier.status.nationalCode), resolvedAt: last(.resolved), returnedAt: last(.returned),
            refusedAt: last(.refused), returnForm: "0",
            unitName: catalog.communes.first { $0.code == dossier.communeCode }?.name ?? "",
            digitised: held.contains { $0.stage == ScannedPage.Stage.intake.rawValue } ? "1" : "0",
            components: document.documents.enumerated().map { index, paper in
                let page = held.first { $0.stage == ScannedPage.Stage.intake.rawValue && $0.component == index + 1 }
                return Component(
                    number: String(index + 1), name: paper.name, digitised: page == nil ? "0" : "1",
                    fileID: page?.sha256 ?? "", filePath: page.map { Self.path(code, $0) } ?? "")
            },
            fees: document.fee.amount > 0
                ? [
                    FeeLine(
                        name: "Phí, lệ phí", amount: String(document.fee.amount), paid: document.fee.paid ? "1" : "0")
                ]
                : [],
            supplements: Self.supplements(steps),
            results: held.filter { $0.stage == ScannedPage.Stage.result.rawValue }.map {
                ResultPaper(
                    name: procedure?.details.resultVI ?? "Kết quả giải quyết", fileID: $0.sha256,
                    filePath: Self.path(code, $0))
            })
        self.steps = steps
        let rating = try rows.filter { $0.source == "move" }.compactMap {
            try $0.decoded(StatusChangedPayload.self).satisfaction?.rating.rawValue
        }.last
        extra = Extra(
            communeCode: dossier.communeCode, applicantIDType: document.applicant.idType.rawValue,
            address: document.applicant[.address] ?? "", conflict: dossier.conflict ?? "", satisfaction: rating ?? "",
            pages: pages)
    }

    /// Where an operator reads the page over the gateway's API.
    static func path(_ code: String, _ page: Page) -> String { "/v1/admin/cases/\(code)/pages/\(page.sha256)" }

    /// Intake, then every move and update in the order the gateway applied them, each dated as the reports date
    /// it. A due time counted again on a new calendar is an update to the same status: not a step.
    static func steps(_ rows: [ProcessRow], document: CaseCreatedPayload, due: LocalTime) throws -> [Step] {
        var steps: [Step] = []
        func add(_ at: LocalTime, _ who: String?, _ status: CaseStatus, _ note: String?) {
            let code = String(status.nationalCode)
            if steps.last?.status == code { return }
            steps.append(
                Step(
                    code: document.code, actor: who ?? "", at: at.nationalStamp, note: note ?? "", status: code,
                    statutoryEnd: due.nationalStamp))
        }
        for row in rows.sorted(by: { $0.ordinal < $1.ordinal }) {
            switch row.source {
            case "created": add(document.receivedAt, row.who, .received, nil)
            case "move":
                let move = try row.decoded(StatusChangedPayload.self)
                add(try row.time(), row.who, move.to, move.reason)
            case "update":
                let status = try CaseStatus.stored(row.detail, table: "changes", column: "status", key: row.caseCode)
                add(try row.time(), row.who, status, row.body)
            default: continue
            }
        }
        return steps
    }

    /// Each request for papers, answered when the next step took the dossier on again (not when it was withdrawn).
    static func supplements(_ steps: [Step]) -> [Supplement] {
        let requested = String(CaseStatus.supplementRequested.nationalCode)
        let processing = String(CaseStatus.processing.nationalCode)
        return steps.enumerated().filter { $0.element.status == requested }.enumerated().map { number, entry in
            let answer = steps[(entry.offset + 1)...].first { $0.status != requested }.flatMap {
                $0.status == processing ? $0 : nil
            }
            return Supplement(
                number: number + 1, requestedBy: entry.element.actor, reason: entry.element.note,
                requestedAt: entry.element.at, answered: answer != nil, answeredAt: answer?.at ?? "")
        }
    }

    /// The pages described, each once per place in the dossier, with whether the gateway holds it.
    static func pages(_ rows: [ProcessRow], pagesHeld: (String) -> Bool) throws -> [Page] {
        var seen: Set<Page> = []
        return try rows.filter { $0.source == "page" }.compactMap { row in
            let page = try row.decoded(ScannedPage.self)
            let entry = Page(
                sha256: page.sha256, stage: page.stage.rawValue, component: page.component,
                mediaType: page.mediaType.rawValue, size: page.size, held: pagesHeld(page.sha256))
            return seen.insert(entry).inserted ? entry : nil
        }
    }
}
