import AsyncHTTPClient
import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Many devices at once against a live gateway on a real port.
@Suite(.tags(.slow, .postgres))
struct ConcurrencyTests {
    @Test(
        "100 devices pushing concurrently: every event applied exactly once, pull cursors never skip a change",
        arguments: Backend.allCases)
    func hundredDevices(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        var tokens: [String] = []
        for index in 0..<100 {
            let commune = String(format: "%05d", 10_000 + index / 9)
            tokens.append(try await fixture.enroll(commune: commune, terminal: index % 9 + 1))
        }
        let devices = tokens.enumerated().map { index, token in
            (token: token, commune: String(format: "%05d", 10_000 + index / 9), terminal: index % 9 + 1)
        }
        // A real HTTP client with its own connection pool against the live port: the devices' requests truly
        // overlap on many connections. Its deadline only guards against a hang: the test client's fixed 20 s
        // per request would fail a correct gateway on a loaded machine.
        try await fixture.app.test(.live) { client in
            let http = DeviceClient(port: try #require(client.port))
            defer { http.shutdown() }
            try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                for (index, device) in devices.enumerated() {
                    // As many devices at once as the client has connections: none waits long for one.
                    if index >= DeviceClient.connections, let (done, seen) = try await group.next() {
                        #expect(seen == Array(1...20), "device \(done) saw \(seen)")
                    }
                    group.addTask {
                        let events = (1...20).map {
                            GatewayFixture.created(seq: Int64($0), commune: device.commune, terminal: device.terminal)
                        }
                        var seen: [Int64] = []
                        var cursor: Int64 = 0
                        // Each batch is sent twice (a lost answer retried) and pulled in between.
                        for batch in stride(from: 0, to: 20, by: 5) {
                            for _ in 0..<2 {
                                let status = try await http.push(Array(events[batch..<batch + 5]), token: device.token)
                                #expect(status == 200)
                            }
                            let page = try await http.pull(after: cursor, limit: 3, token: device.token)
                            seen += page.changes.compactMap(\.seq)
                            cursor = page.nextCursor
                        }
                        while true {
                            let page = try await http.pull(after: cursor, limit: 7, token: device.token)
                            seen += page.changes.compactMap(\.seq)
                            cursor = page.nextCursor
                            if !page.hasMore { break }
                        }
                        return (index, seen)
                    }
                }
                for try await (index, seen) in group {
                    #expect(seen == Array(1...20), "device \(index) saw \(seen)")
                }
            }
        }
        let cases = try await fixture.repository.cases(communes: nil, status: nil)
        #expect(cases.count == 2000)
        #expect(Set(cases.map(\.code)).count == 2000)
        let summaries = try await fixture.repository.devices()
        #expect(summaries.allSatisfy { $0.last_seq == 20 })
    }
}

/// A device's side of the wire over AsyncHTTPClient: push and pull with the device's token.
struct DeviceClient {
    static let connections = 16
    /// Connecting, reading and waiting for a connection from the pool are only guarded against a hang.
    let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: HTTPClient.Configuration(
            timeout: .init(connect: .minutes(10), read: .minutes(10)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connections)))
    let base: String
    init(port: Int) { base = "http://127.0.0.1:\(port)" }

    // Each request's timeout is long enough for any machine: it only stops a hung request.
    func push(_ events: [WireEvent], token: String) async throws -> UInt {
        var request = HTTPClientRequest(url: base + "/v1/sync/push")
        request.method = .POST
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(try GatewayFixture.body(PushRequest(events: events)))
        let response = try await client.execute(request, timeout: .minutes(10))
        _ = try await response.body.collect(upTo: 1 << 20)
        return response.status.code
    }

    func pull(after cursor: Int64, limit: Int, token: String) async throws -> PullResponse {
        var request = HTTPClientRequest(url: base + "/v1/sync/pull?after=\(cursor)&limit=\(limit)")
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        let response = try await client.execute(request, timeout: .minutes(10))
        return try GatewayFixture.decode(PullResponse.self, try await response.body.collect(upTo: 1 << 20))
    }

    func shutdown() { try? client.syncShutdown() }
}
