import FieldCaseDomain
import FieldCaseGateway
import FieldCaseGatewayPostgres
import FieldCaseGatewaySQLite
import FieldCaseHarness
import FieldCaseWire
import Foundation

/// The storage backends every gateway test runs against.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite
    case postgres

    public var description: String { rawValue }
}

/// A gateway's storage on a fresh database (a temporary SQLite file, or a new database in the test run's
/// PostgreSQL cluster), with helpers to enroll devices and build events: what the engine's conformance suite,
/// each backend's tests and the HTTP tests all start from.
public struct StorageFixture: Sendable {
    public let repository: any CentralRepository
    public let directory: URL
    /// The SQLite file's path or the PostgreSQL URL.
    public let database: String

    public init(_ backend: Backend = .sqlite, rules: GatewayRules? = nil) async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("central-\(UUID().uuidString)")
        switch backend {
        case .sqlite:
            database = directory.appendingPathComponent("central.sqlite").path
            repository = try SQLiteCentralRepository(path: database, rules: rules)
        case .postgres:
            database = try PostgresCluster.shared.get().createDatabase()
            repository = try await PostgresCentralRepository(url: database, rules: rules)
        }
    }

    /// The same database opened by another gateway process that judges with `rules` (a restart with another
    /// catalog).
    public func reopened(rules: GatewayRules) async throws -> any CentralRepository {
        database.hasPrefix("postgres://")
            ? try await PostgresCentralRepository(url: database, rules: rules)
            : try SQLiteCentralRepository(path: database, rules: rules)
    }

    /// The first column of a read-only query on the gateway's own database (sqlite3 or psql), one per row:
    /// what the gateway really stored, beyond what its answers say.
    public func query(_ sql: String) throws -> [String] {
        try Self.run(sql, on: database)
    }

    /// Runs SQL on a gateway database (a SQLite path or a PostgreSQL URL) from outside the gateway, with
    /// sqlite3 or psql; the first column of each row. Throws when the database refuses it.
    public static func run(_ sql: String, on database: String, readOnly: Bool = true) throws -> [String] {
        let process = Process()
        process.executableURL = URL(
            fileURLWithPath: database.hasPrefix("postgres://") ? "/usr/bin/psql" : "/usr/bin/sqlite3")
        process.arguments =
            database.hasPrefix("postgres://")
            ? [database, "-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql]
            : [readOnly ? "-readonly" : "-bail", database, sql]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw Refused(statement: String(sql.prefix(200))) }
        return text.split(separator: "\n").map(String.init)
    }

    public struct Refused: Error {
        public let statement: String
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// A new operator's token: an admin by default, or a province or viewer operator of `communes`.
    public func operatorToken(_ role: OperatorRole = .admin, communes: [String] = [], name: String? = nil) async throws
        -> String
    {
        try await repository.addOperator(
            name ?? "\(role.rawValue)-\(UUID().uuidString.prefix(8))", role: role, communes: communes, by: "test",
            now: .now())
    }

    /// Enrolls terminal `terminal` of `commune`; returns the device token.
    public func enroll(commune: String = "02266", terminal: Int = 1) async throws -> String {
        let now = LocalTime.now()
        let token = try await repository.createEnrollmentToken(
            commune: commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        return try await repository.enroll(EnrollRequest(token: token, terminal: terminal, unitCode: commune), now: now)
            .deviceToken
    }

    public static func created(seq: Int64, commune: String = "02266", terminal: Int = 1, number: Int? = nil)
        -> WireEvent
    {
        let code = "\(commune)-250610-\(terminal)\(String(format: "%03d", number ?? Int(seq)))"
        let payload: JSONValue = .object([
            "code": .string(code), "procedure_code": .string("1.001193"), "channel": .string("in_person"),
            "applicant": .object([
                "name": .string("Nguyễn Văn Đức"), "id_type": .string("cccd"), "id_number": .string("001099012345"),
                "date_of_birth": .string("1999-03-04"), "gender": .string("male"), "phone": .null, "address": .null,
            ]),
            "received_at": .string("2025-06-10T09:00:00+07:00"), "due_at": .string("2025-06-10T17:00:00+07:00"),
            "documents": .array([]), "fee": .object(["amount": .number(0), "paid": .bool(false)]), "summary": .null,
        ])
        return WireEvent(
            seq: seq, eventID: UUID().uuidString, caseID: "case-\(code)", caseCode: code, kind: "case.created",
            occurredAt: "2025-06-10T09:00:00+07:00", officer: "Lan", payload: payload)
    }

    public static func statusChange(seq: Int64, code: String, from: String, to: String, reason: String? = nil)
        -> WireEvent
    {
        WireEvent(
            seq: seq, eventID: UUID().uuidString, caseID: "case-\(code)", caseCode: code, kind: "case.status_changed",
            occurredAt: "2025-06-10T10:00:00+07:00", officer: "Lan",
            payload: .object([
                "from": .string(from), "to": .string(to), "reason": reason.map(JSONValue.string) ?? .null,
            ]))
    }
}
