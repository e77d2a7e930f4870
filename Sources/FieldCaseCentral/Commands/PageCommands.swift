import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseGateway
import Foundation

/// `--pages`: where the gateway keeps the scanned pages desks send.
struct PagesOption: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Folder of the scanned pages desks send (default: 'pages' beside the SQLite file, or "
                + "./central-data/pages with PostgreSQL).", valueName: "DIR"),
        completion: .directory)
    var pages: String?

    /// The vault, made if it is not there yet (`serve`, which then marks it as this gateway's).
    func vault(beside database: DatabaseOptions) throws -> PageVault {
        let folder = self.folder(beside: database)
        do {
            return try PageVault(directory: folder)
        } catch {
            throw CommandFailure(
                "cannot open the pages folder \(folder): \(error.localizedDescription)", exitCode: Exit.cannotCreate)
        }
    }

    /// The folder `serve` keeps this gateway's pages in, or nil when the one named is missing or another's: a
    /// report or an export that read an empty folder made by mistake would call every page missing and say so
    /// as a fact, and a bundle's pages kept in it would be said held to a desk while the gateway lacks them.
    func servedVault(beside database: DatabaseOptions, of repository: any CentralRepository) async throws
        -> PageVault?
    {
        guard Self.isFolder(folder(beside: database)) else { return nil }
        let vault = try vault(beside: database)
        return vault.serves(try await repository.pagesIdentity()) ? vault : nil
    }

    /// `servedVault`, or one clear refusal naming the folder.
    func requireServedVault(beside database: DatabaseOptions, of repository: any CentralRepository) async throws
        -> PageVault
    {
        guard let vault = try await servedVault(beside: database, of: repository) else { throw notServed(database) }
        return vault
    }

    func notServed(_ database: DatabaseOptions) -> CommandFailure {
        CommandFailure(
            "\(folder(beside: database)) is not this gateway's pages folder (serve marks the one it uses when it "
                + "starts): name that one with --pages or FIELDCASE_CENTRAL_PAGES",
            exitCode: Exit.noInput)
    }

    func folder(beside database: DatabaseOptions) -> String {
        pages ?? ProcessInfo.processInfo.environment["FIELDCASE_CENTRAL_PAGES"] ?? ServeSettings.pages
            ?? database.pagesLocation
    }

    static func isFolder(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}

/// `fieldcase-central page …`: the scanned pages of a dossier, for the province's staff on the gateway host.
struct PageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "page", abstract: "List a dossier's scanned pages, or write one to a file.",
        subcommands: [PageListCommand.self, PageGetCommand.self])
}

/// `fieldcase-central page list CODE`: the pages desks described for a dossier, and which the gateway holds.
struct PageListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "List a dossier's scanned pages and whether each has arrived whole.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pages: PagesOption
    @OptionGroup var output: JSONOption
    @Argument(help: "Dossier code.") var code: String

    func run() async throws {
        let repository = try await database.open()
        let vault = try await pages.requireServedVault(beside: database, of: repository)
        let listed = try await repository.host.run(
            "case.pages", detail: String(code.prefix(40)), codes: { _ in [code] }
        ) {
            try await repository.pages(ofCase: code).map { CentralPageJSON($0.page, held: vault.holds($0.page.sha256)) }
        }
        if output.json { return try printJSON(listed) }
        guard !listed.isEmpty else { return operatorPrint("No scanned pages for \(code).") }
        var table = Table(headers: ["Page", "Stage", "Paper", "Type", "KB", "Here"])
        table.rows = listed.map {
            [
                $0.sha256, $0.stage, $0.component.map(String.init) ?? "", $0.media_type,
                String(($0.size + 1023) / 1024),
                $0.held ? "yes" : "not yet",
            ]
        }
        operatorPrint(table)
    }
}

/// `fieldcase-central page get CODE SHA256 --out FILE`: one page's bytes, as the desk scanned them.
struct PageGetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Write one scanned page of a dossier to a file.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pages: PagesOption
    @Argument(help: "Dossier code.") var code: String
    @Argument(help: "The page's SHA-256, as page list shows it.") var sha256: String
    @Option(help: "The file to write (never overwritten).", completion: .file()) var out: String

    func run() async throws {
        let repository = try await database.open()
        let vault = try await pages.requireServedVault(beside: database, of: repository)
        let bytes = try await repository.host.run(
            "case.page", detail: String(sha256.prefix(12)), codes: { _ in [code] }
        ) {
            guard try await repository.pages(ofCase: code).contains(where: { $0.page.sha256 == sha256 }) else {
                throw CommandFailure("dossier \(code) has no page \(sha256.prefix(64))", exitCode: Exit.noInput)
            }
            guard let bytes = vault.page(sha256) else {
                throw CommandFailure(
                    "page \(sha256.prefix(12)) has not arrived whole yet; the desk sends it at its next syncs",
                    exitCode: Exit.tempFail)
            }
            return bytes
        }
        // O_EXCL: an existing file is never overwritten, a link planted at the path is never followed.
        let descriptor = open(out, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else {
            throw CommandFailure(
                "cannot write \(out): it exists, or its folder is not writable", exitCode: Exit.cannotCreate)
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: bytes)
        try handle.close()
        operatorPrint("Wrote \(out): \(bytes.count) bytes.")
    }
}
