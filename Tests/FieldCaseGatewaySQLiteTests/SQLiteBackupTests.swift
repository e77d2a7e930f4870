import FieldCaseGateway
import FieldCaseGatewaySQLite
import FieldCaseGatewayTesting
import Foundation
import Testing

/// The SQLite backend's own duty beyond the engine's conformance suite: a backup taken while it serves is a
/// whole gateway, a restore takes only an intact gateway database, and neither ever writes over a file.
struct SQLiteBackupTests {
    @Test("A backup restores into another gateway with the same devices, dossiers and epoch")
    func backupRestores() async throws {
        let fixture = try await StorageFixture(.sqlite)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let device = try #require(try await fixture.repository.device(forToken: token, now: .now()))
        _ = try await fixture.repository.push([StorageFixture.created(seq: 1)], from: device, now: .now())
        let source = try #require(fixture.repository as? SQLiteCentralRepository)
        let copy = fixture.directory.appendingPathComponent("copy.sqlite").path
        try source.backup(to: copy)

        let other = try await StorageFixture(.sqlite)
        defer { other.remove() }
        let target = try #require(other.repository as? SQLiteCentralRepository)
        try target.restore(from: copy)
        #expect(try await target.devices().map(\.device_id) == [device.id])
        #expect(try await target.cases(communes: nil, status: nil).map(\.code) == [device.unitCode + "-250610-1001"])
        #expect(try await target.epoch() == (try await source.epoch()))
    }

    @Test("A backup never replaces a file, and a file that is not a gateway database is not restored")
    func refusals() async throws {
        let fixture = try await StorageFixture(.sqlite)
        defer { fixture.remove() }
        let repository = try #require(fixture.repository as? SQLiteCentralRepository)
        let taken = fixture.directory.appendingPathComponent("taken").path
        try Data("kept".utf8).write(to: URL(fileURLWithPath: taken))
        #expect(throws: CentralError.self) { try repository.backup(to: taken) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: taken)) == Data("kept".utf8))

        _ = try await fixture.enroll()
        #expect(throws: CentralError.notABackup(taken)) { try repository.restore(from: taken) }
        #expect(try await repository.devices().count == 1, "the gateway is as it was")
    }
}
