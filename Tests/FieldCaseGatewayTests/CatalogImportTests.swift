import FieldCaseDomain
@testable import FieldCaseGateway
import FieldCaseGatewayTesting
import Foundation
import Testing

/// A province's catalog imported into the gateway, on both backends: checked as desks will read it, kept whole,
/// newer versions only, the same file twice changing nothing.
@Suite(.tags(.postgres))
struct CatalogImportTests {
    /// The bundled catalog under another version, with `name` as its first procedure's Vietnamese name.
    static func catalog(version: String, name: String = "Đăng ký khai sinh") throws -> Data {
        var file = try #require(try JSONSerialization.jsonObject(with: Catalog.embeddedJSON()) as? [String: Any])
        file["version"] = version
        var procedures = try #require(file["procedures"] as? [[String: Any]])
        procedures[0]["name_vi"] = name
        file["procedures"] = procedures
        return try JSONSerialization.data(withJSONObject: file, options: .sortedKeys)
    }

    static let now = LocalTime(iso8601: "2026-12-07T09:00")!

    @Test(
        "An imported catalog is served; the same file again changes nothing; newest first", arguments: Backend.allCases)
    func imports(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        #expect(try await repository.servedCatalog() == nil)
        let first = try Self.catalog(version: "2026.5")
        guard case .imported(let record) = try await repository.importCatalog(first, by: "unix:tinh", now: Self.now)
        else {
            Issue.record("the first import was not taken")
            return
        }
        #expect(record.version == "2026.5")
        #expect(record.procedures == (try Catalog(json: first)).procedures.count)
        #expect(record.digest.count == 64)
        #expect(try await repository.importCatalog(first, by: "unix:other", now: Self.now) == .alreadyImported(record))
        let second = try Self.catalog(version: "2026.10")
        _ = try await repository.importCatalog(second, by: "unix:tinh", now: Self.now)
        #expect(try await repository.importedCatalogs().map(\.version) == ["2026.10", "2026.5"])
        #expect(try await repository.servedCatalog() == second)
        #expect(try await repository.importedCatalog(version: "2026.5") == first, "kept byte for byte")
        #expect(try await repository.importedCatalogs().first?.importedBy == "unix:tinh")
    }

    @Test(
        "A catalog that does not read, an older or equal version, or a version's content changed is refused whole",
        arguments: Backend.allCases)
    func refuses(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        _ = try await repository.importCatalog(try Self.catalog(version: "2026.5"), by: "unix:tinh", now: Self.now)
        let refused: [(Data, String)] = [
            (try Self.catalog(version: "2026.4"), "not newer"),
            (try Self.catalog(version: "2026.5", name: "Khai sinh"), "other content"),
            (try Self.catalog(version: "2026.6", name: ""), "names"),
            (Data("{\"version\": \"2026.7\"}".utf8), "malformed"),
        ]
        for (file, why) in refused {
            do {
                _ = try await repository.importCatalog(file, by: "unix:tinh", now: Self.now)
                Issue.record("a catalog was taken: \(why)")
            } catch let error as CentralError {
                guard case .catalogRefused(let detail) = error else {
                    Issue.record("\(error)")
                    continue
                }
                #expect(detail.contains(why), "\(detail)")
            }
        }
        #expect(try await repository.importedCatalogs().map(\.version) == ["2026.5"], "nothing refused was kept")
    }
}
