import FieldCaseGateway
import FieldCaseGatewayPostgres
import FieldCaseHarness
import FieldCaseGatewayTesting
import Foundation
import Testing

/// The gateway's PostgreSQL connections honour `sslmode` as libpq does. The test cluster speaks TLS with a
/// certificate of its own CA.
@Suite(.tags(.postgres))
struct PostgresTLSTests {
    /// How many of the database's connections are open, and whether all of them are encrypted (psql, plain).
    static func connections(_ url: String) throws -> String {
        let database = String(url.split(separator: "/").last ?? "")
        return try StorageFixture.run(
            "SELECT count(*) || ' ' || coalesce(bool_and(s.ssl), false) FROM pg_stat_ssl s "
                + "JOIN pg_stat_activity a USING (pid) WHERE a.datname = '\(database)' AND a.pid <> pg_backend_pid()",
            on: url + "?sslmode=disable"
        ).first ?? ""
    }

    @Test("verify-full with the cluster's CA connects encrypted; without that CA it is refused")
    func sslModes() async throws {
        let cluster = try PostgresCluster.shared.get()
        let url = try cluster.createDatabase()
        let verified = try await PostgresCentralRepository(
            url: url + "?sslmode=verify-full&sslrootcert=\(cluster.caFile)")
        #expect(try await verified.devices().isEmpty)
        let seen = try Self.connections(url)
        #expect(seen.hasSuffix(" true") && !seen.hasPrefix("0 "), "every gateway connection is TLS: \(seen)")

        await #expect(
            throws: CentralError.databaseUnreachable(seconds: 5),
            "the system CAs did not sign the cluster's certificate"
        ) {
            _ = try await PostgresCentralRepository(url: url + "?sslmode=verify-full", connectTimeout: .seconds(5))
        }
        await #expect(throws: CentralError.invalidDatabaseURL) {
            _ = try await PostgresCentralRepository(url: url + "?sslmode=sometimes")
        }
        let plainURL = try cluster.createDatabase()
        let plain = try await PostgresCentralRepository(url: plainURL + "?sslmode=disable")
        #expect(try await plain.devices().isEmpty)
        #expect(try Self.connections(plainURL).hasSuffix(" false"), "sslmode=disable stays plain")
    }
}
