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
        // The live test client sends every request down one connection, and each request's fixed 20 s
        // timeout counts its time in that queue: the devices overlap, but at most `inFlight` at a time, so
        // a request never waits behind more than a few others however slow the machine is.
        let inFlight = 8
        try await fixture.app.test(.live) { client in
            try await withThrowingTaskGroup(of: (Int, [Int64]).self) { group in
                for (index, device) in devices.enumerated() {
                    if index >= inFlight, let (done, seen) = try await group.next() {
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
                                let response = try await client.execute(
                                    uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(device.token),
                                    body: try GatewayFixture.body(PushRequest(events: Array(events[batch..<batch + 5])))
                                )
                                #expect(response.status == .ok)
                            }
                            let pulled = try await client.execute(
                                uri: "/v1/sync/pull?after=\(cursor)&limit=3", method: .get,
                                headers: GatewayFixture.auth(device.token))
                            let page = try GatewayFixture.decode(PullResponse.self, pulled.body)
                            seen += page.changes.compactMap(\.seq)
                            cursor = page.nextCursor
                        }
                        while true {
                            let pulled = try await client.execute(
                                uri: "/v1/sync/pull?after=\(cursor)&limit=7", method: .get,
                                headers: GatewayFixture.auth(device.token))
                            let page = try GatewayFixture.decode(PullResponse.self, pulled.body)
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
