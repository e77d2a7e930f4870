import FieldCaseDomain
import FieldCaseGateway
import Foundation
import PostgresNIO

/// Catalog files a province imported, in PostgreSQL.
extension PostgresCentralRepository {
    public func insertCatalog(_ record: ImportedCatalog, json: Data) async throws -> Bool {
        let stored = try await client.query(
            """
            INSERT INTO catalogs (version, sha256, procedures, body, imported_by, imported_at)
            VALUES (\(record.version), \(record.digest), \(record.procedures), \(ByteBuffer(bytes: json)),
                \(record.importedBy), \(record.importedAt.epochSeconds))
            ON CONFLICT (version) DO NOTHING RETURNING id
            """, logger: logger
        ).collect()
        return !stored.isEmpty
    }

    public func importedCatalogs() async throws -> [ImportedCatalog] {
        try await client.query(
            "SELECT version, sha256, procedures, imported_by, imported_at FROM catalogs ORDER BY id DESC",
            logger: logger
        ).collect().map { row in
            let (version, digest, procedures, actor, at) = try row.decode((String, String, Int, String, Int64).self)
            return ImportedCatalog(
                version: version, digest: digest, procedures: procedures, importedBy: actor,
                importedAt: LocalTime(epochSeconds: at))
        }
    }

    public func importedCatalog(version: String) async throws -> Data? {
        guard
            let row = try await client.query(
                "SELECT body FROM catalogs WHERE version = \(version)", logger: logger
            ).collect().first
        else { return nil }
        var body = try row.decode(ByteBuffer.self)
        return Data(body.readBytes(length: body.readableBytes) ?? [])
    }
}
