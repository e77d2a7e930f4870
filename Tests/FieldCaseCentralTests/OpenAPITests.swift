import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import Testing

/// `sync/openapi.yaml` stays true: every route the gateway serves is specified, and nothing else is.
struct OpenAPITests {
    static let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("sync/openapi.yaml")

    /// `METHOD /path` for each operation under `paths:` (two-space paths, four-space methods).
    static func specifiedOperations() throws -> Set<String> {
        let lines = try String(contentsOf: spec, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(of: "paths:") else { return [] }
        var operations: Set<String> = []
        var path: String?
        for line in lines[(start + 1)...] {
            if line.hasPrefix("  /"), line.hasSuffix(":") {
                path = String(line.dropFirst(2).dropLast())
            } else if let path, line.hasPrefix("    "), !line.hasPrefix("     "), line.hasSuffix(":") {
                let method = line.trimmingCharacters(in: .whitespaces).dropLast().uppercased()
                if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method) {
                    operations.insert("\(method) \(path)")
                }
            } else if !line.isEmpty, !line.hasPrefix(" ") {
                break
            }
        }
        return operations
    }

    @Test("The router's routes are exactly the operations of sync/openapi.yaml")
    func routesMatchSpec() async throws {
        let fixture = try await GatewayFixture()
        defer { fixture.remove() }
        let router = try buildRouter(repository: fixture.repository)
        let served = Set(
            router.routes.map { route -> String in
                let path = route.path.description.split(separator: "/").map { component in
                    component.hasPrefix(":") ? "{\(component.dropFirst())}" : String(component)
                }.joined(separator: "/")
                return "\(route.method.rawValue) /\(path)"
            })
        let specified = try Self.specifiedOperations()
        #expect(specified.count >= 6)
        #expect(served == specified)
        // The desk calls what the router serves: both take their routes from `SyncAPI`.
        let desk = [
            Self.operation(SyncAPI.health), Self.operation(SyncAPI.enroll), Self.operation(SyncAPI.push),
            Self.operation(SyncAPI.pull), Self.operation(SyncAPI.reconcile), Self.operation(SyncAPI.sealingKey),
            Self.operation(SyncAPI.bundleKeys), Self.operation(SyncAPI.audit), Self.operation(SyncAPI.catalog),
            Self.operation(SyncAPI.pageStatus), Self.operation(SyncAPI.pageChunk), Self.operation(SyncAPI.pagesStatus),
        ]
        #expect(Set(desk).subtracting(served).isEmpty)
    }

    static func operation<In, Out>(_ endpoint: Endpoint<In, Out>) -> String {
        "\(endpoint.method.rawValue) \(endpoint.path)"
    }
}
