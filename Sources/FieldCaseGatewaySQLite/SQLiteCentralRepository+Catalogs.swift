import FieldCaseDomain
import FieldCaseGateway
import FieldCaseRows
import Foundation
import GRDB

/// Catalog files a province imported, in the SQLite file.
extension SQLiteCentralRepository {
    public func insertCatalog(_ record: ImportedCatalog, json: Data) async throws -> Bool {
        try await writer.write { db in
            try db.execute(
                sql: """
                    INSERT INTO catalogs (version, sha256, procedures, body, imported_by, imported_at)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING
                    """,
                arguments: [
                    record.version, record.digest, record.procedures, json, record.importedBy,
                    record.importedAt.epochSeconds,
                ])
            return db.changesCount == 1
        }
    }

    public func importedCatalogs() async throws -> [ImportedCatalog] {
        try await writer.read { db in
            try Row.fetchAll(
                db, sql: "SELECT version, sha256, procedures, imported_by, imported_at FROM catalogs ORDER BY id DESC"
            ).map { row in
                let version = try row.stored("version", table: "catalogs", key: "?", as: String.self)
                let read = row.reading("catalogs", key: version)
                return ImportedCatalog(
                    version: version, digest: try read("sha256"), procedures: try read("procedures"),
                    importedBy: try read("imported_by"), importedAt: try read.time("imported_at"))
            }
        }
    }

    public func importedCatalog(version: String) async throws -> Data? {
        try await writer.read { db in
            try Data.fetchOne(db, sql: "SELECT body FROM catalogs WHERE version = ?", arguments: [version])
        }
    }
}
