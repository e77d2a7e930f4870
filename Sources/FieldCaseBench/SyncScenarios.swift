import AsyncHTTPClient
import FieldCaseCentral
import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation
import NIOCore

/// What sync costs: throughput through a real gateway, bytes on the wire, time on a 2G link.
enum SyncScenarios {
    /// The desk's own sync (gzip batches) against the same cases sent one HTTP request per case, uncompressed,
    /// as OpenRosa clients (ODK, Kobo) submit forms — on one gateway, from two desks with the same data.
    static func push(_ bench: Workbench, backend: Workbench.Backend, ours: URL, theirs: URL) async throws
        -> ScenarioResult
    {
        let gateway = try await bench.startGateway(backend)
        defer { gateway.stop() }
        let cases = bench.scale.pushCases
        let (store, enrollment) = try await bench.enroll(bench.copy(ours, as: "push-\(backend)-ours"), with: gateway)
        let walBefore = try gateway.postgres.map(Self.walPosition)
        let start = DispatchTime.now()
        let summary = try await SyncEngine(store: store, enrollment: enrollment, timeout: 600).run()
        let seconds = Stats.seconds(since: start)
        guard summary.pushed == cases else { throw BenchError("push: \(summary.pushed) of \(cases) applied") }
        var figures = ["cases_per_second": Double(cases) / seconds, "seconds": seconds]
        if let database = gateway.postgres, let walBefore {
            // What the capacity model's WAL volume rests on: bytes of WAL the database wrote per case.
            figures["wal_bytes_per_case"] = Double(try Self.walPosition(database) - walBefore) / Double(cases)
        }

        let (other, otherEnrollment) = try await bench.enroll(
            bench.copy(theirs, as: "push-\(backend)-theirs"), with: gateway)
        let baselineStart = DispatchTime.now()
        let sent = try await OnePerCase.send(
            try other.pendingEvents(limit: cases), to: gateway.url, token: otherEnrollment.token)
        let baselineSeconds = Stats.seconds(since: baselineStart)
        guard sent == cases else { throw BenchError("push baseline: \(sent) of \(cases) applied") }
        let rate = Double(cases) / seconds
        let baselineRate = Double(cases) / baselineSeconds
        let ratio = rate / baselineRate
        return ScenarioResult(
            name: "push (\(backend))", figures: figures,
            baseline: ["cases_per_second": baselineRate, "seconds": baselineSeconds], ratio: ratio,
            target: "≥ 10 × one-per-case; ≥ 10,000 cases/s", pass: ratio >= 10 && rate >= 10_000,
            note: "\(cases) cases, one desk, loopback; whole sync (push, pull, catalog)")
    }

    /// The database's WAL insert position, in bytes.
    static func walPosition(_ database: String) throws -> Int64 {
        let (status, output) = try ChildProcess.run([
            "/usr/bin/psql", database, "-X", "-A", "-t", "-c",
            "SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')",
        ])
        guard status == 0, let bytes = Double(output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw BenchError("cannot read the WAL position: \(output.prefix(200))")
        }
        return Int64(bytes)
    }

    /// Bytes on the wire per case, headers included, counted by a proxy both sides go through.
    static func wire(_ bench: Workbench, ours: URL, theirs: URL) async throws -> ScenarioResult {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let cases = bench.scale.wireCases
        let proxy = try LinkProxy(upstreamPort: gateway.port, profile: LinkProxy.Profile())
        defer { proxy.stop() }
        let (store, enrollment) = try await bench.enroll(bench.copy(ours, as: "wire-ours"), with: gateway)
        let summary = try await SyncEngine(store: store, enrollment: enrollment.via(proxy.url), timeout: 600).run()
        guard summary.pushed == cases else { throw BenchError("wire: \(summary.pushed) of \(cases) applied") }
        let bytes = Double(proxy.bytesUp + proxy.bytesDown) / Double(cases)

        let baselineProxy = try LinkProxy(upstreamPort: gateway.port, profile: LinkProxy.Profile())
        defer { baselineProxy.stop() }
        let (other, otherEnrollment) = try await bench.enroll(bench.copy(theirs, as: "wire-theirs"), with: gateway)
        _ = try await OnePerCase.send(
            try other.pendingEvents(limit: cases), to: baselineProxy.url, token: otherEnrollment.token)
        let baselineBytes = Double(baselineProxy.bytesUp + baselineProxy.bytesDown) / Double(cases)
        let ratio = baselineBytes / bytes
        return ScenarioResult(
            name: "wire",
            figures: [
                "bytes_per_case": bytes, "requests": Double(proxy.requests),
                "up_bytes_per_case": Double(proxy.bytesUp) / Double(cases),
                "down_bytes_per_case": Double(proxy.bytesDown) / Double(cases),
            ],
            baseline: ["bytes_per_case": baselineBytes, "requests": Double(baselineProxy.requests)], ratio: ratio,
            target: "≤ 200 bytes/case; ≥ 8 × fewer bytes", pass: bytes <= 200 && ratio >= 8,
            note: "\(cases)-case sync, both directions, headers and TCP payload counted at a proxy")
    }

    /// A sync through a 64 kbit/s link with 300 ms round trips, against the ideal time on that link.
    static func slowLink(_ bench: Workbench, ours: URL) async throws -> ScenarioResult {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let cases = bench.scale.slowLinkCases
        let link = LinkProxy.Profile(latencyMilliseconds: 150, bytesPerSecond: 8_000)
        let proxy = try LinkProxy(upstreamPort: gateway.port, profile: link)
        defer { proxy.stop() }
        let (store, enrollment) = try await bench.enroll(bench.copy(ours, as: "slow-ours"), with: gateway)
        let start = DispatchTime.now()
        let summary = try await SyncEngine(store: store, enrollment: enrollment.via(proxy.url), timeout: 1200).run()
        let seconds = Stats.seconds(since: start)
        guard summary.pushed == cases else { throw BenchError("slow link: \(summary.pushed) of \(cases) applied") }
        let roundTrip = 2 * Double(link.latencyMilliseconds) / 1000
        // Every byte at the line's rate, plus one round trip per request. (The proxy accepts connections at
        // once, so TCP's handshake costs nothing here and is left out of the ideal too.)
        let ideal =
            Double(proxy.bytesUp + proxy.bytesDown) / Double(link.bytesPerSecond) + Double(proxy.requests) * roundTrip
        let ratio = seconds / ideal
        return ScenarioResult(
            name: "slow link", figures: ["seconds": seconds, "bytes": Double(proxy.bytesUp + proxy.bytesDown)],
            baseline: ["ideal_seconds": ideal, "round_trips": Double(proxy.requests)], ratio: ratio,
            target: "≤ 1.25 × ideal", pass: ratio <= 1.25, note: "\(cases) cases at 64 kbit/s, 300 ms round trip")
    }
}

/// The OpenRosa-style baseline: each event in its own uncompressed JSON request, one after the other.
enum OnePerCase {
    /// Plain HTTP both ways: no gzip asked for or unpacked.
    static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.decompression = .disabled
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// Returns how many events the gateway applied.
    static func send(_ events: [WireEvent], to url: String, token: String) async throws -> Int {
        var applied = 0
        for event in events {
            var request = HTTPClientRequest(url: url + SyncAPI.push.path)
            request.method = .POST
            request.headers.add(name: "Authorization", value: "Bearer \(token)")
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: WireProtocol.versionHeader, value: String(WireProtocol.version))
            request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(PushRequest(events: [event]))))
            let response = try await client.execute(request, timeout: .seconds(30))
            let body = try await response.body.collect(upTo: 1 << 20)
            guard response.status == .ok else { throw BenchError("one-per-case push got HTTP \(response.status.code)") }
            let answer = try JSONDecoder().decode(PushResponse.self, from: Data(body.readableBytesView))
            applied += answer.results.filter { $0.outcome == .applied }.count
        }
        return applied
    }
}
