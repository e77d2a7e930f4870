@testable import FieldCaseGateway
@testable import FieldCaseGatewayPostgres
@testable import FieldCaseGatewaySQLite
import FieldCaseDomain
import FieldCaseHarness
import FieldCaseGatewayTesting
import Foundation
import GRDB
import Testing

/// A gateway database from before named operators opens with its old admin token as the operator `admin`,
/// and with the payload bytes its devices already stored counted against their quotas.
@Suite(.tags(.postgres))
struct GatewayMigrationTests {
    static let legacyToken = "fca_legacy-admin-token"
    /// A v3 database's rows: the shared admin token, a device, one stored event of 7 payload bytes.
    static let v3Rows = [
        "INSERT INTO admin_token (id, token_hash, created_at) VALUES (1, '\(Tokens.hash(legacyToken))', 0)",
        """
        INSERT INTO devices (id, token_hash, commune_code, terminal, unit_code, enrolled_at, stream_id)
        VALUES ('d1', 'h1', '02266', 1, '02266', 0, 'd1')
        """,
        """
        INSERT INTO events (device_id, seq, event_id, case_code, kind, officer, occurred_at, payload, outcome,
            received_at)
        VALUES ('d1', 1, 'e1', '02266-250610-1001', 'case.created', 'Lan', '2025-06-10T09:00:00+07:00', '{"a":1}',
            'applied', 1749520800)
        """,
    ]

    static func check(_ repository: any CentralRepository) async throws {
        let admin = try #require(try await repository.operatorFor(token: legacyToken))
        #expect(admin.name == "admin" && admin.role == .admin && admin.communes.isEmpty)
        let usage = try await repository.usage(deviceID: "d1", day: try #require(LocalDate(iso: "2025-06-10")))
        #expect(usage == DeviceUsage(eventsToday: 1, bytesStored: 7))
        #expect(try await repository.accessLog(operatorName: nil, since: nil, limit: 10).isEmpty)
        // v6: the device has no bundle keys until it registers some, once.
        let storage = try #require(repository as? any CentralStorage)
        let device = try #require(try await storage.bundleDevice(id: "d1"))
        #expect(device.signingKey == nil && device.agreementKey == nil && device.revokedAt == nil)
        let (signing, agreement) = (Data(repeating: 1, count: 32), Data(repeating: 2, count: 32))
        #expect(try await storage.storeBundleKeys(deviceID: "d1", signing: signing, agreement: agreement))
        #expect(
            try await storage.storeBundleKeys(deviceID: "d1", signing: signing, agreement: agreement), "the same again")
        #expect(
            !(try await storage.storeBundleKeys(deviceID: "d1", signing: agreement, agreement: signing)),
            "never replaced")
        #expect(try await storage.bundleDevice(id: "d1")?.signingKey == signing)
    }

    @Test("SQLite: v4 migrates the admin token and counts stored events")
    func sqlite() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("migration-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("central.sqlite").path
        do {
            let queue = try DatabaseQueue(path: path)
            try CentralSchema.migrator.migrate(queue, upTo: "v3 communes and their unit codes")
            try await queue.write { db in for row in Self.v3Rows { try db.execute(sql: row) } }
        }
        try await Self.check(try SQLiteCentralRepository(path: path))
    }

    @Test("PostgreSQL: v4 migrates the admin token and counts stored events")
    func postgres() async throws {
        let url = try PostgresCluster.shared.get().createDatabase()
        var script = [
            "CREATE TABLE schema_migrations (identifier TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        ]
        for (identifier, statements) in PostgresSchema.migrations.prefix(3) {
            script += statements + ["INSERT INTO schema_migrations (identifier) VALUES ('\(identifier)')"]
        }
        _ = try StorageFixture.run((script + Self.v3Rows).joined(separator: ";\n"), on: url, readOnly: false)
        try await Self.check(try await PostgresCentralRepository(url: url))
    }
}
