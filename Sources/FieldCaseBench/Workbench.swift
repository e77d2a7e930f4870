import FieldCaseGateway
import FieldCaseCentral
import FieldCaseGatewayPostgres
import FieldCaseGatewaySQLite
import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation
import GRDB
import Hummingbird
import Logging

/// How big each scenario runs: the full sizes of the issue, small ones that finish in about a minute, or the
/// smallest that still give every figure (CI's check that the bench keeps working, in a debug build).
struct Scale: Sendable {
    /// What the run's header calls this size.
    var name = "full"
    var storedCases = 100_000
    var recordRuns = 500
    var searchQueries = 300
    var startupRuns = 10
    /// Times a month's indicators are counted on the stored device.
    var indicatorRuns = 5
    var pushCases = 5_000
    var wireCases = 1_000
    var slowLinkCases = 1_000
    var herdDevices = 10_000
    var herdCasesPerDevice = 5
    var pullChanges = 100_000
    var bundleCases = 10_000
    /// Dossiers with four scanned pages each, and a page's size.
    var pageDossiers = 50
    var pageBytes = 150_000

    static let full = Scale()
    static let quick = Scale(
        name: "quick (small sizes)", storedCases: 2_000, recordRuns: 40, searchQueries: 40, startupRuns: 3,
        indicatorRuns: 3, pushCases: 300, wireCases: 200,
        slowLinkCases: 60, herdDevices: 40, herdCasesPerDevice: 20, pullChanges: 800, bundleCases: 300,
        pageDossiers: 2, pageBytes: 40_000)
    static let smoke = Scale(
        name: "smoke (smallest sizes)", storedCases: 500, recordRuns: 10, searchQueries: 10, startupRuns: 2,
        indicatorRuns: 2, pushCases: 100, wireCases: 60,
        slowLinkCases: 20, herdDevices: 10, herdCasesPerDevice: 5, pullChanges: 200, bundleCases: 60,
        pageDossiers: 2, pageBytes: 20_000)
}

/// The benchmark's workshop: a temporary folder, devices built from seeded people, gateways started
/// in this process on loopback.
final class Workbench: @unchecked Sendable {
    let folder: URL
    let scale: Scale
    let catalog: Catalog
    /// Every dossier is received before this moment; the desk's clock stands here.
    static let now = LocalTime(iso8601: "2025-06-10T16:00:00+07:00")!
    static let commune = "02266"
    let logger: Logger

    init(scale: Scale) throws {
        self.scale = scale
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        catalog = try Catalog.embedded()
        var logger = Logger(label: "fieldcase-bench")
        logger.logLevel = .critical
        self.logger = logger
    }

    func remove() { try? FileManager.default.removeItem(at: folder) }

    // MARK: Devices

    /// A device home with `cases` dossiers from seed `seed`, spread over past working days; with `history`,
    /// they have moved on as at a real desk. Built without fsync (the data is
    /// scaffolding, not what is measured), then closed.
    func buildDevice(_ name: String, terminal: Int, cases: Int, seed: UInt64 = 2025, history: Bool = false) throws
        -> URL
    {
        let home = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let path = home.appendingPathComponent("fieldcase.sqlite").path
        let store = try FieldCaseStore(writer: try DatabasePool(path: path, configuration: configuration), path: path)
        _ = try store.initialize(
            Setup(
                communeCode: Self.commune, terminal: terminal, unitCode: nil, officerName: "Nguyễn Thị Lan",
                pin: Self.pin),
            catalog: catalog, now: Self.now)
        let officer = try store.resolveOfficer(named: nil)
        var people = People(seed: seed, catalog: catalog)
        for (index, received) in receivedTimes(count: cases).enumerated() {
            let record = try store.addCase(
                try people.intake(receivedAt: received).validated(catalog: catalog, now: Self.now), by: officer,
                now: Self.now)
            // As at a real desk: nearly every dossier older than a month is resolved, one in fifty is stuck
            // in processing (the overdue ones a supervisor answers for), recent ones are half under way.
            guard history else { continue }
            let old = received.date < Self.now.date.adding(days: -30)
            if old || index % 2 == 0 {
                _ = try store.changeStatus(code: record.code, to: .processing, reason: nil, by: officer, now: Self.now)
            }
            if old, index % 50 != 0 {
                _ = try store.changeStatus(code: record.code, to: .resolved, reason: nil, by: officer, now: Self.now)
            }
        }
        return home
    }

    /// A copy of a built device, so both sides of a ratio start from the same data.
    func copy(_ home: URL, as name: String) throws -> URL {
        let target = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: home, to: target)
        return target
    }

    /// The PIN of every bench device's one supervisor.
    static let pin = "135790"

    /// Opens a built device with its supervisor signed in (the data key open), as at a desk.
    func open(_ home: URL) throws -> FieldCaseStore {
        let store = try FieldCaseStore.open(path: home.appendingPathComponent("fieldcase.sqlite").path)
        _ = try store.signIn(try store.resolveOfficer(named: nil), pin: Self.pin, now: Self.now)
        return store
    }

    /// Office-hour times on working days before `now`, oldest first, at most 900 a day (a terminal's
    /// codes run to 999 a day).
    func receivedTimes(count: Int) -> [LocalTime] {
        let perDay = min(900, max(1, count / 400 + 1))
        var days: [LocalDate] = []
        var day = Self.now.date.adding(days: -1)
        while days.count * perDay < count {
            if catalog.calendar.isWorkingDay(day) { days.append(day) }
            day = day.adding(days: -1)
        }
        let step = max(1, (9 * 3600) / perDay)
        return (0..<count).map { index in
            LocalTime(date: days[days.count - 1 - index / perDay], secondOfDay: 7 * 3600 + (index % perDay) * step)
        }
    }

    // MARK: Gateways

    /// A gateway on loopback, on SQLite or on a new PostgreSQL database, running until `stop()`.
    final class Gateway: @unchecked Sendable {
        let repository: any CentralRepository
        let url: String
        let port: Int
        /// The PostgreSQL database's URL, for what is measured on the database's side (WAL).
        let postgres: String?
        /// Where it keeps the scanned pages desks send.
        let pages: PageVault
        private let task: Task<Void, any Error>

        init(
            repository: any CentralRepository, url: String, port: Int, postgres: String? = nil, pages: PageVault,
            task: Task<Void, any Error>
        ) {
            self.pages = pages
            self.postgres = postgres
            self.repository = repository
            self.url = url
            self.port = port
            self.task = task
        }

        func stop() { task.cancel() }

        /// A one-time token for `commune`.
        func enrollmentToken(commune: String = Workbench.commune) async throws -> String {
            // The gateway checks expiry against the real clock, not the desk's pinned one.
            try await repository.createEnrollmentToken(
                commune: commune, terminal: nil, expiresAt: LocalTime.now().adding(seconds: 86_400),
                now: LocalTime.now())
        }
    }

    enum Backend: String, CaseIterable {
        case sqlite
        case postgres
    }

    func startGateway(_ backend: Backend) async throws -> Gateway {
        let repository: any CentralRepository
        var postgres: String?
        switch backend {
        case .sqlite:
            repository = try SQLiteCentralRepository(
                path: folder.appendingPathComponent("central-\(UUID().uuidString).sqlite").path)
        case .postgres:
            let url = try PostgresCluster.shared.get().createDatabase()
            postgres = url
            repository = try await PostgresCentralRepository(url: url, logger: logger)
        }
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let pages = try PageVault(directory: folder.appendingPathComponent("pages-\(UUID().uuidString)").path)
        let app = try buildApplication(
            repository: repository, host: "127.0.0.1", port: 0, logger: logger, pages: pages
        ) { port in
            continuation.yield(port)
        }
        let task = Task { try await app.runService() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw BenchError("the gateway did not start") }
        return Gateway(
            repository: repository, url: "http://127.0.0.1:\(port)", port: port, postgres: postgres, pages: pages,
            task: task)
    }

    /// Whether PostgreSQL can be started here (its binaries are installed).
    static var hasPostgres: Bool {
        (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql"))?.isEmpty == false
    }

    /// Enrolls a device home with the gateway, as `fieldcase enroll` does; returns its store and enrollment.
    func enroll(_ home: URL, with gateway: Gateway) async throws -> (FieldCaseStore, Enrollment) {
        let store = try open(home)
        _ = try await DeviceEnrollment.enroll(
            store: store, profile: try store.requireProfile(), supervisor: try store.resolveOfficer(named: nil),
            centralURL: gateway.url,
            token: try await gateway.enrollmentToken(), insecure: false)
        guard let enrollment = try store.enrollment() else { throw BenchError("enrollment was not saved") }
        return (store, enrollment)
    }
}

/// A benchmark that could not run as planned.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
