import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewaySQLite
import FieldCaseCore
import FieldCaseDomain
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation
import Hummingbird
import Logging
import Synchronization
import Testing

/// The sync engine against the gateway's own router in this process: a real SQLite store on each side, real
/// HTTP on loopback, no binaries. Each test compares what the desk claims with what the gateway holds.
@Suite("The sync engine against the gateway's router, in process")
struct InProcessSyncTests {
    /// A gateway on a free loopback port over a SQLite file, served until `stop`.
    struct Gateway {
        let repository: SQLiteCentralRepository
        let url: String
        let task: Task<Void, any Error>

        static func start(in folder: URL) async throws -> Gateway {
            let repository = try SQLiteCentralRepository(path: folder.appendingPathComponent("central.sqlite").path)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = try buildApplication(
                repository: repository, host: "127.0.0.1", port: 0, logger: Logger(label: "test")
            ) { continuation.yield($0) }
            let task = Task(executorPreference: OwnThreads.shared) { try await app.runService() }
            var iterator = ports.makeAsyncIterator()
            guard let port = await iterator.next() else { throw CancellationError() }
            return Gateway(repository: repository, url: "http://127.0.0.1:\(port)", task: task)
        }

        func stop() { task.cancel() }
    }

    /// A desk in `folder` with `count` dossiers received now, enrolled with the gateway through `via`.
    static func desk(
        in folder: URL, gateway: Gateway, dossiers count: Int, via url: String? = nil
    ) async throws -> (FieldCaseStore, Enrollment) {
        let now = LocalTime.now()
        let store = try FieldCaseStore.open(
            path: folder.appendingPathComponent("desk.sqlite").path, kdfCost: .insecureFast)
        let catalog = try Catalog.embedded()
        _ = try store.initialize(
            Setup(communeCode: "02266", terminal: 1, unitCode: nil, officerName: "Lò Văn Pằng", pin: "246810"),
            catalog: catalog, now: now)
        let officer = try store.resolveOfficer(named: nil)
        for number in 0..<count {
            var intake = CaseIntake(
                procedureCode: "1.004859", name: "Nguyễn Văn Đức", idNumber: "00109901234\(number % 10)",
                dateOfBirth: "1999-03-04", gender: .male)
            intake.documents = ["Tờ khai:1:0"]
            _ = try store.addCase(try intake.validated(catalog: catalog, now: now), by: officer, now: now)
        }
        let token = try await gateway.repository.createEnrollmentToken(
            commune: "02266", terminal: nil, expiresAt: now.adding(seconds: 86_400), now: now)
        _ = try await DeviceEnrollment.enroll(
            store: store, profile: try store.requireProfile(), supervisor: officer, centralURL: gateway.url,
            token: token, insecure: false)
        var enrollment = try #require(try store.enrollment())
        if let url { enrollment = enrollment.via(url) }
        return (store, enrollment)
    }

    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sync-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Every dossier of the desk is on the gateway under the same code, status and due time, and no other.
    static func agree(_ store: FieldCaseStore, _ gateway: Gateway) async throws {
        let desk = try store.cases()
        let central = try await gateway.repository.cases(communes: ["02266"], status: nil)
        #expect(Set(central.map(\.code)) == Set(desk.map(\.code)))
        #expect(central.count == desk.count, "nothing doubled on the gateway")
        for record in desk {
            let held = try #require(central.first { $0.code == record.code })
            #expect(held.status == record.status)
            #expect(held.dueAt == record.dueAt.iso8601)
            #expect(record.syncState == .synced)
        }
    }

    @Test("Dossiers recorded offline reach the gateway once, as the desk holds them; a province update comes back")
    func roundTrip() async throws {
        try await withTaskExecutorPreference(OwnThreads.shared) {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let gateway = try await Gateway.start(in: folder)
            defer { gateway.stop() }
            let (store, enrollment) = try await Self.desk(in: folder, gateway: gateway, dossiers: 5)
            // The sync's own records take the clock it is given, not the wall clock.
            let pinned = LocalTime.now().adding(seconds: 3_600)
            let first = try await SyncEngine(store: store, enrollment: enrollment, timeout: 120, clock: { pinned })
                .run()
            #expect(try store.enrollment()?.lastSyncAt == pinned)
            #expect(first.pushed == 5)
            #expect(first.rejected == 0 && first.conflicts == 0)
            try await Self.agree(store, gateway)
            let code = try #require(try store.cases().first?.code)
            _ = try await gateway.repository.setStatus(
                code: code, to: .processing, reason: nil, actor: "province", now: .now(), permitted: { _ in true })
            let second = try await SyncEngine(store: store, enrollment: enrollment, timeout: 120).run()
            #expect(second.pushed == 0)
            #expect(try store.caseRecord(code: code)?.status == .processing)
            try await Self.agree(store, gateway)
        }
    }

    @Test("Answers lost after the gateway committed: sent again, taken once, and the desk still agrees")
    func lostAnswers() async throws {
        try await withTaskExecutorPreference(OwnThreads.shared) {
            let folder = try Self.folder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let gateway = try await Gateway.start(in: folder)
            defer { gateway.stop() }
            let port = try #require(Int(gateway.url.split(separator: ":").last ?? ""))
            // The first three connections lose their answers after the gateway committed; the rest go through.
            let opened = Mutex(0)
            let lossy = try LinkProxy(upstreamPort: port) { _ in
                LinkProxy.Profile(
                    dropResponse: opened.withLock { count in
                        count += 1
                        return count <= 3
                    })
            }
            defer { lossy.stop() }
            let (store, enrollment) = try await Self.desk(in: folder, gateway: gateway, dossiers: 4, via: lossy.url)
            _ = try await SyncEngine(store: store, enrollment: enrollment, timeout: 300).run()
            #expect(lossy.faultsInjected == 3, "the link lost three answers")
            try await Self.agree(store, gateway)
        }
    }
}

/// Threads of the suite's own, outside Swift's cooperative pool: the suites that run beside it block that pool
/// (scrypt, SQLite writes) for seconds at a time, and a gateway in this process must answer all the same, or
/// the engine's 30-second request timeout would measure the machine, not the protocol.
final class OwnThreads: TaskExecutor, @unchecked Sendable {
    static let shared = OwnThreads()
    let queue = DispatchQueue(label: "in-process-sync", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
