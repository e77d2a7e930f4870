import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseGateway
import Foundation

/// `fieldcase-central catalog`: the procedures, fees and calendar a province serves its desks.
struct CatalogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Import, list and export the catalog desks are served (procedures, fees, calendar).",
        discussion: """
            A province edits the catalog as one JSON file (start from 'catalog export'), gives it a newer version \
            and imports it. Gateway processes serve the newest imported catalog from their next start, and count \
            open dossiers' due dates again if its calendar changed; desks take it at their next sync. \
            'serve --catalog FILE' still serves a file directly, for trials.
            """,
        subcommands: [CatalogImportCommand.self, CatalogListCommand.self, CatalogExportCommand.self])
}

/// `fieldcase-central catalog import FILE`
struct CatalogImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Check a catalog file as every desk will, and keep it as the catalog served from the next start.",
        discussion: """
            Refused, with nothing imported: a file that is not a catalog (each procedure's code, names, time, \
            fee and documents are checked; so are the calendar and its confirmed years), a version not newer than \
            the newest imported, or a version imported before with other content. Importing the same file again \
            changes nothing.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption
    @Argument(
        help: ArgumentHelp("The catalog's JSON file.", valueName: "FILE"), completion: .file(extensions: ["json"]))
    var file: String

    func run() async throws {
        let json = try Self.read(file)
        let repository = try await database.open(create: .named)
        let outcome = try await repository.host.run("catalog.import", detail: String(file.suffix(80))) {
            try await repository.importCatalog(json, by: HostUser.name, now: .now())
        }
        let (record, fresh) =
            switch outcome {
            case .imported(let record): (record, true)
            case .alreadyImported(let record): (record, false)
            }
        if output.json { return print(try prettyJSON(ImportedCatalogJSON(record, imported: fresh))) }
        operatorPrint(
            fresh
                ? "imported catalog \(record.version): \(record.procedures) procedures; gateway processes serve it "
                    + "from their next start (restart them: systemctl restart fieldcase-central)"
                : "catalog \(record.version) was imported already, on \(record.importedAt.iso8601); nothing changed")
    }

    static func read(_ file: String) throws -> Data {
        let url = URL(fileURLWithPath: file)
        guard let size = try? url.resourceValues(forKeys: [.fileSizeKey, .isRegularFileKey]),
            size.isRegularFile == true, let bytes = size.fileSize
        else { throw CommandFailure("cannot read the catalog file \(file)", exitCode: Exit.noInput) }
        guard bytes <= CatalogRules.largestFile else {
            throw CommandFailure(
                "the catalog file \(file) is \(bytes >> 20) MiB, larger than any catalog (\(CatalogRules.largestFile >> 20) MiB)",
                exitCode: Exit.dataError)
        }
        guard let json = try? Data(contentsOf: url) else {
            throw CommandFailure("cannot read the catalog file \(file)", exitCode: Exit.noInput)
        }
        return json
    }
}

/// `fieldcase-central catalog list`
struct CatalogListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "The catalogs imported, newest (the one served) first.")

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let repository = try await database.open()
        let imported = try await repository.importedCatalogs()
        if output.json { return print(try prettyJSON(imported.map { ImportedCatalogJSON($0, imported: nil) })) }
        guard !imported.isEmpty else {
            return print("No catalog imported: desks are served the bundled catalog \(try Catalog.embedded().version).")
        }
        var table = Table(headers: ["VERSION", "PROCEDURES", "IMPORTED", "BY", "SHA-256"], flexibleColumn: 4)
        table.rows = imported.map {
            [$0.version, String($0.procedures), $0.importedAt.iso8601, $0.importedBy, String($0.digest.prefix(16))]
        }
        operatorPrint(table.render())
    }
}

/// `fieldcase-central catalog export [VERSION]`
struct CatalogExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print a catalog's file as imported (default: the one served; the bundled one when none is).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("An imported version (see 'catalog list').", valueName: "VERSION"))
    var version: String?

    func run() async throws {
        let json: Data
        if let version {
            guard let stored = try await database.open().importedCatalog(version: version) else {
                throw CommandFailure(
                    "no catalog \(version.prefix(40)) was imported (see 'fieldcase-central catalog list')",
                    exitCode: Exit.noInput)
            }
            json = stored
        } else {
            json = try await database.open().servedCatalog() ?? Catalog.embeddedJSON()
        }
        FileHandle.standardOutput.write(json)
    }
}

/// An imported catalog as scripts read it.
struct ImportedCatalogJSON: Encodable {
    let version: String
    let sha256: String
    let procedures: Int
    let imported_by: String
    let imported_at: String
    /// For `import`: whether this run imported it (false: the same file was there already).
    let imported: Bool?

    init(_ record: ImportedCatalog, imported: Bool?) {
        version = record.version
        sha256 = record.digest
        procedures = record.procedures
        imported_by = record.importedBy
        imported_at = record.importedAt.iso8601
        self.imported = imported
    }
}
