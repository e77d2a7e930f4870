import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseGateway

/// `fieldcase-central export …`: what the central system hands to other systems.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Hand dossiers to other systems.",
        subcommands: [ProvincialExportCommand.self])
}

/// `fieldcase-central export provincial`: the dossiers changed since the last run, in the shape provincial
/// one-stop systems send the national portal, for the province's integrator to forward.
struct ProvincialExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "provincial",
        abstract: "Dossiers changed since a cursor, in the national shape, for the province's system.",
        discussion: """
            Writes one JSON document: the dossiers of the communes changed after --since, each whole as it \
            stands (HoSo) with its processing steps (QuaTrinhXuLy), and `cursor`, the --since of the next run. \
            While `more` is true, run again from `cursor`. A run repeated from the same cursor writes the same \
            dossiers again, as they stand then: the province's system keys them on MaHoSo, so nothing is lost or \
            doubled. Pages count as digitised once the central system holds them; a dossier is written again \
            when one arrives. sync/PROTOCOL.md and sync/provincial-export.schema.json describe the document.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pages: PagesOption
    @OptionGroup var scope: CommuneScopeOptions
    @Option(
        help: ArgumentHelp("The 'cursor' the last run wrote (0, the default: from the start).", valueName: "CURSOR"))
    var since: Int64 = 0
    @Option(help: "At most this many dossiers (1 to \(Self.maxLimit)).") var limit = 500

    static let maxLimit = 5000

    func validate() throws {
        guard since >= 0 else { throw ValidationError("--since must be a cursor an earlier run wrote, or 0") }
        guard (1...Self.maxLimit).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(Self.maxLimit)")
        }
    }

    func run() async throws {
        let repository = try await database.open()
        // The catalog the desks are served: the province's communes, procedure names and result papers.
        let catalog = try await repository.servedCatalog().map { try Catalog(json: $0) } ?? repository.rules.catalog
        let communes = try scope.communes(in: catalog)
        let vault = try await pages.requireServedVault(beside: database, of: repository)
        let batch = try await repository.host.run(
            "export.provincial", detail: "\(scope.label), since \(since)", codes: { $0.dossiers.map(\.code) }
        ) {
            try await repository.provincialBatch(
                communes: communes, since: since, limit: limit, catalog: catalog, pagesHeld: vault.holds)
        }
        try printJSON(ProvincialExportDocument(batch, communes: communes, exportedAt: .now()))
    }
}

/// The document `export provincial` writes (sync/provincial-export.schema.json). The cursors are strings: opaque
/// numbers past what a JavaScript reader holds exactly.
struct ProvincialExportDocument: Encodable {
    let format = "fieldcase.provincial-export"
    let version = 1
    let exported_at: String
    let communes: [String]
    let since: String
    let cursor: String
    let more: Bool
    let dossiers: [ProvincialDossier]

    init(_ batch: ProvincialBatch, communes: [String], exportedAt: LocalTime) {
        exported_at = exportedAt.iso8601
        self.communes = communes
        since = String(batch.since)
        cursor = String(batch.cursor)
        more = batch.more
        dossiers = batch.dossiers
    }
}
