import Crypto
import FieldCaseDomain
import FieldCaseWire
import Foundation

/// A catalog a province imported into the gateway (`fieldcase-central catalog import`): the file as given, kept
/// whole with its digest, so what desks were served can be shown and exported again.
public struct ImportedCatalog: Sendable, Equatable {
    public let version: String
    /// SHA-256 of the file, hex.
    public let digest: String
    public let procedures: Int
    public let importedBy: String
    public let importedAt: LocalTime

    public init(version: String, digest: String, procedures: Int, importedBy: String, importedAt: LocalTime) {
        self.version = version
        self.digest = digest
        self.procedures = procedures
        self.importedBy = importedBy
        self.importedAt = importedAt
    }
}

/// What an import came to.
public enum CatalogImportOutcome: Sendable, Equatable {
    case imported(ImportedCatalog)
    /// The same file was imported before: nothing changed.
    case alreadyImported(ImportedCatalog)
}

extension CentralStorage {
    /// Imports a catalog file after checking it as every desk will (`Catalog(json:)`): refused, with nothing
    /// written, when it does not read, when its version is not newer than the newest imported, or when that
    /// version was imported with other content. The same file again changes nothing. Gateway processes serve it
    /// from their next start, which counts open dossiers' due dates again if its calendar changed.
    public func importCatalog(_ json: Data, by actor: String, now: LocalTime) async throws -> CatalogImportOutcome {
        let catalog: Catalog
        do {
            catalog = try Catalog(json: json)
        } catch {
            throw CentralError.catalogRefused(String(describing: error))
        }
        let record = ImportedCatalog(
            version: catalog.version, digest: Hex.string(SHA256.hash(data: json)), procedures: catalog.procedures.count,
            importedBy: actor, importedAt: now)
        let imported = try await importedCatalogs()
        if let same = imported.first(where: { $0.version == record.version }) {
            guard same.digest == record.digest else {
                throw CentralError.catalogRefused(
                    "version \(record.version.prefix(40)) was imported on \(same.importedAt) with other content: "
                        + "give the changed file a new version")
            }
            return .alreadyImported(same)
        }
        if let newest = imported.first, !Catalog.version(newest.version, precedes: record.version) {
            throw CentralError.catalogRefused(
                "version \(record.version.prefix(40)) is not newer than \(newest.version.prefix(40)), the newest "
                    + "imported: desks never take an older catalog")
        }
        guard try await insertCatalog(record, json: json) else {
            // Another import of this version won the race: judge against it.
            return try await importCatalog(json, by: actor, now: now)
        }
        return .imported(record)
    }
}

extension CentralRepository {
    /// The newest imported catalog's file: what desks are served, unless `serve --catalog` names another.
    public func servedCatalog() async throws -> Data? {
        guard let newest = try await importedCatalogs().first else { return nil }
        return try await importedCatalog(version: newest.version)
    }
}
