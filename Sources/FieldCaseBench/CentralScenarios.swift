import FieldCaseGateway
import AsyncHTTPClient
import CompressNIO
import FieldCaseCentral
import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation
import GRDB
import NIOCore

/// What the gateway carries: a whole province reconnecting at once, a desk catching up after weeks away.
enum CentralScenarios {
    /// Every simulated desk pushes its cases in one gzip batch, all at the same moment, to one gateway process
    /// of its own: the morning after an outage. Overload must be answered with 503/429 and Retry-After, which
    /// the desks honour with jitter; every event must be applied exactly once.
    static func herd(_ bench: Workbench, backend: Workbench.Backend, gatewayBinary: String) async throws
        -> ScenarioResult
    {
        GatewayProcess.raiseDescriptorLimit()
        let gateway = try await GatewayProcess(bench, backend: backend, binary: gatewayBinary)
        defer { gateway.stop() }
        let devices = bench.scale.herdDevices
        let perDevice = bench.scale.herdCasesPerDevice
        var batches: [(token: String, body: ByteBuffer)] = []
        for index in 0..<devices {
            // One commune per device, as after the reform: 3,321 communes, most with one desk.
            let commune = String(format: "9%04d", index)
            let now = LocalTime.now()
            let token = try await gateway.repository.createEnrollmentToken(
                commune: commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
            let enrolled = try await gateway.repository.enroll(
                EnrollRequest(token: token, terminal: 1, unitCode: commune), now: now)
            var plain = ByteBuffer(
                bytes: try JSONEncoder().encode(PushRequest(events: try events(commune: commune, count: perDevice))))
            batches.append((enrolled.deviceToken, try plain.compress(with: .gzip())))
        }
        var client = HTTPClient.Configuration()
        client.connectionPool.concurrentHTTP1ConnectionsPerHostSoftLimit = devices
        client.timeout.connect = .seconds(60)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: client)
        let start = DispatchTime.now()
        let outcomes: [Push]
        do {
            outcomes = try await withThrowingTaskGroup(of: Push.self) { group in
                for batch in batches {
                    group.addTask { try await Self.push(batch.body, token: batch.token, to: gateway.url, with: http) }
                }
                return try await group.reduce(into: [Push]()) { $0.append($1) }
            }
        } catch {
            try await http.shutdown()
            throw error
        }
        let seconds = Stats.seconds(since: start)
        try await http.shutdown()
        let peak = gateway.peakMegabytes
        let latencies = outcomes.map(\.milliseconds)
        let applied = try await gateway.repository.devices().reduce(0) { $0 + Int($1.last_seq) }
        let cases = try await gateway.repository.cases(communes: nil, status: nil).count
        let errors = outcomes.filter { !$0.ok }.count
        let expected = devices * perDevice
        let exactlyOnce = applied == expected && cases == expected
        return ScenarioResult(
            name: "herd (\(backend))",
            figures: [
                "devices": Double(devices), "expected": Double(expected), "applied": Double(cases),
                "errors": Double(errors), "p50_ms": Stats.median(latencies), "p99_ms": Stats.percentile(latencies, 99),
                "events_per_second": Double(expected) / seconds,
                "retried_429_503": Double(outcomes.reduce(0) { $0 + $1.retries }),
                "reconnects": Double(outcomes.reduce(0) { $0 + $1.reconnects }), "peak_memory_mb": peak,
            ],
            target: "exactly once, no errors but 429/503, gateway ≤ 512 MB",
            pass: exactlyOnce && errors == 0 && peak <= 512,
            note: "\(devices) desks × \(perDevice) cases at once against one gateway process on \(backend)")
    }

    struct Push: Sendable {
        let ok: Bool
        let milliseconds: Double
        let retries: Int
        /// Connections refused or reset and tried again.
        let reconnects: Int
    }

    /// One device's push, honouring 429 and 503 with their Retry-After as a desk's retry loop does.
    static func push(_ body: ByteBuffer, token: String, to url: String, with http: HTTPClient) async throws -> Push {
        let start = DispatchTime.now()
        var retries = 0
        var reconnects = 0
        while true {
            var request = HTTPClientRequest(url: url + SyncAPI.push.path)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Content-Encoding", value: "gzip")
            request.body = .bytes(body)
            let response: HTTPClientResponse
            do {
                response = try await http.execute(request, timeout: .seconds(120))
                _ = try await response.body.collect(upTo: 1 << 20)
            } catch  where reconnects < 50 {
                // A connection refused or reset when ten thousand arrive at once: as a desk does, wait and again.
                reconnects += 1
                try await Task.sleep(nanoseconds: UInt64(Double.random(in: 0.5...3) * 1_000_000_000))
                continue
            }
            if response.status.code == 429 || response.status.code == 503, retries < 50 {
                retries += 1
                // As a desk does: what Retry-After asks, spread by up to half again.
                let wait = (Double(response.headers.first(name: "Retry-After") ?? "") ?? 1) * Double.random(in: 1...1.5)
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
                continue
            }
            return Push(
                ok: response.status == .ok, milliseconds: Stats.seconds(since: start) * 1000, retries: retries,
                reconnects: reconnects)
        }
    }

    /// `count` case.created events for the device of `commune` (terminal 1), numbered from 1: 999 a day (what
    /// a dossier code numbers), the days going back from the bench's day.
    static func events(commune: String, count: Int) throws -> [WireEvent] {
        let catalog = try Catalog.embedded()
        var people = People(seed: UInt64(commune) ?? 1, catalog: catalog)
        return try (1...count).map { seq in
            let received = Workbench.now.adding(seconds: -86_400 * ((seq - 1) / 999))
            let intake = try people.intake(receivedAt: received).validated(catalog: catalog, now: Workbench.now)
            let (year, month, day) = received.date.components
            let code = commune + String(format: "-%02d%02d%02d-1%03d", year % 100, month, day, (seq - 1) % 999 + 1)
            let payload = CaseCreatedPayload(
                code: code, procedureCode: intake.procedure.code, channel: intake.channel, applicant: intake.applicant,
                receivedAt: intake.receivedAt, dueAt: Workbench.now.adding(seconds: 86_400),
                documents: intake.documents,
                fee: intake.fee, summary: nil)
            return WireEvent(
                seq: Int64(seq), eventID: UUID().uuidString.lowercased(), caseID: UUID().uuidString.lowercased(),
                caseCode: code, kind: CaseEventKind.created, occurredAt: Workbench.now.iso8601,
                officer: "Cán bộ một cửa",
                payload: try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(payload)))
        }
    }

    /// A desk that was away catches up on the province's updates; the link is cut mid-pull once, and
    /// the pull must resume where it stopped, applying every change once.
    static func pull(_ bench: Workbench) async throws -> ScenarioResult {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let changes = bench.scale.pullChanges
        // Another desk of the commune sent the dossiers; the province then moved each one four times.
        let sender = try await gateway.repository.enroll(
            EnrollRequest(token: try await gateway.enrollmentToken(), terminal: 1, unitCode: Workbench.commune),
            now: LocalTime.now())
        guard let device = try await gateway.repository.device(forToken: sender.deviceToken, now: LocalTime.now())
        else {
            throw BenchError("the sending desk is not enrolled")
        }
        let events = try Self.events(commune: Workbench.commune, count: changes / 4)
        for start in stride(from: 0, to: events.count, by: 400) {
            _ = try await gateway.repository.push(
                Array(events[start..<min(start + 400, events.count)]), from: device, now: LocalTime.now())
        }
        for event in events {
            for status in [CaseStatus.processing, .supplementRequested, .processing, .resolved] {
                _ = try await gateway.repository.setStatus(
                    code: event.caseCode, to: status, reason: nil, actor: "Sở Tư pháp", now: LocalTime.now())
            }
        }
        // A first desk pulls everything over a clean link, to learn how many bytes a whole catch-up takes.
        let (probe, probeEnrollment) = try await bench.enroll(
            try bench.buildDevice("pull-probe", terminal: 3, cases: 0), with: gateway)
        let counter = try LinkProxy(upstreamPort: gateway.port, profile: LinkProxy.Profile())
        defer { counter.stop() }
        _ = try await SyncEngine(store: probe, enrollment: probeEnrollment.via(counter.url), timeout: 600).run()
        // The measured desk's link is cut once, at 60% of those bytes: mid-pull, after some pages were applied.
        let home = try bench.buildDevice("pull", terminal: 2, cases: 0)
        let (store, enrollment) = try await bench.enroll(home, with: gateway)
        let cutOnce = CutOnce(after: counter.bytesDown * 6 / 10)
        let once = try LinkProxy(upstreamPort: gateway.port) { _ in cutOnce.next() }
        defer { once.stop() }
        let start = DispatchTime.now()
        let summary = try await SyncEngine(store: store, enrollment: enrollment.via(once.url), timeout: 600).run()
        let seconds = Stats.seconds(since: start)
        let stored = try await DatabaseQueue(path: home.appendingPathComponent("fieldcase.sqlite").path).read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM central_updates WHERE kind = 'status_update'") ?? 0
        }
        let exactlyOnce = summary.pulled == changes && stored == changes
        return ScenarioResult(
            name: "pull",
            figures: [
                "changes_per_second": Double(changes) / seconds, "seconds": seconds, "pulled": Double(summary.pulled),
                "applied": Double(stored), "expected": Double(changes), "connections": Double(once.connections),
            ],
            target: "resumable, every change once; ≥ 20,000 changes/s",
            pass: exactlyOnce && once.connections > 1 && Double(changes) / seconds >= 20_000,
            note: "\(changes) changes in pages of up to 1,000 and 256 KB; the link cut once at 60% of the bytes")
    }

    /// The first connection is cut after `after` bytes of answers; the ones after it are clean.
    final class CutOnce: @unchecked Sendable {
        private let lock = NSLock()
        private let after: Int
        private var used = false

        init(after: Int) { self.after = after }

        func next() -> LinkProxy.Profile {
            lock.withLock {
                defer { used = true }
                return LinkProxy.Profile(cutResponseAfter: used ? nil : after)
            }
        }
    }
}
