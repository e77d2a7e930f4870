import FieldCaseDomain
import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// The push and pull protocol against a real gateway (router-level) on a real SQLite file.
@Suite(.tags(.postgres))
struct PushPullTests {
    @Test("Replayed and reordered batches never apply an event twice", arguments: Backend.allCases)
    func replayAndReorder(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let events = (1...5).map { GatewayFixture.created(seq: Int64($0)) }
        try await fixture.app.test(.router) { client in
            let first = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: Array(events.prefix(3)))))
            let answer = try GatewayFixture.decode(PushResponse.self, first.body)
            #expect(answer.ackedThrough == 3)
            #expect(answer.results.map(\.outcome) == [.applied, .applied, .applied])
            // The same batch again, then everything shuffled: old ones are duplicates, new ones applied once.
            let again = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: Array(events.prefix(3)))))
            #expect(
                try GatewayFixture.decode(PushResponse.self, again.body).results.map(\.outcome) == [
                    .duplicate, .duplicate, .duplicate,
                ])
            let shuffled = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events.reversed())))
            let final = try GatewayFixture.decode(PushResponse.self, shuffled.body)
            #expect(final.ackedThrough == 5)
            #expect(final.results.filter { $0.outcome == .applied }.map(\.seq) == [4, 5])
        }
        #expect(try await fixture.repository.cases(communes: ["02266"], status: nil).count == 5)
    }

    @Test("A gap stops the batch and names the expected seq", arguments: Backend.allCases)
    func gap(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        try await fixture.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(
                    PushRequest(events: [GatewayFixture.created(seq: 1), GatewayFixture.created(seq: 3)])))
            let answer = try GatewayFixture.decode(PushResponse.self, response.body)
            #expect(answer.ackedThrough == 1)
            #expect(answer.expectedSeq == 2)
            #expect(answer.results.map(\.seq) == [1])
        }
    }

    @Test(
        "A rejected event is stored with its reason and does not block the ones behind it", arguments: Backend.allCases)
    func rejectionDoesNotBlock(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let events = [
            GatewayFixture.created(seq: 1),
            GatewayFixture.statusChange(seq: 2, code: "02266-250610-1001", from: "received", to: "returned"),
            GatewayFixture.created(seq: 3, number: 1),
            GatewayFixture.statusChange(seq: 4, code: "02266-250610-1001", from: "received", to: "processing"),
        ]
        try await fixture.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
            let answer = try GatewayFixture.decode(PushResponse.self, response.body)
            #expect(answer.ackedThrough == 4)
            #expect(answer.results.map(\.outcome) == [.applied, .rejected, .rejected, .applied])
            #expect(answer.results[1].reason?.contains("allowed next") == true)
            #expect(answer.results[2].reason?.contains("already") == true)
            let pulled = try await client.execute(
                uri: "/v1/sync/pull?after=0", method: .get, headers: GatewayFixture.auth(token))
            let page = try GatewayFixture.decode(PullResponse.self, pulled.body)
            #expect(page.changes.compactMap(\.outcome) == [.applied, .rejected, .rejected, .applied])
            #expect(page.ackedSeq == 4)
        }
    }

    @Test("A provincial update conflicts with a stale desk change, and flows down on pull", arguments: Backend.allCases)
    func conflict(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        _ = try await fixture.repository.push(
            [GatewayFixture.created(seq: 1)],
            from: try #require(await fixture.repository.device(forToken: token, now: .now())), now: .now())
        _ = try await fixture.repository.setStatus(
            code: "02266-250610-1001", to: .processing, reason: nil, actor: "Sở Tư pháp", now: .now())
        _ = try await fixture.repository.setStatus(
            code: "02266-250610-1001", to: .supplementRequested, reason: "thiếu giấy", actor: "Sở Tư pháp", now: .now())
        try await fixture.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(
                    PushRequest(events: [
                        GatewayFixture.statusChange(
                            seq: 2, code: "02266-250610-1001", from: "received", to: "processing")
                    ])))
            let answer = try GatewayFixture.decode(PushResponse.self, response.body)
            #expect(answer.results.first?.outcome == .conflict)
            let pulled = try await client.execute(
                uri: "/v1/sync/pull?after=0&limit=2", method: .get, headers: GatewayFixture.auth(token))
            let first = try GatewayFixture.decode(PullResponse.self, pulled.body)
            #expect(first.changes.count == 2)
            #expect(first.hasMore)
            let rest = try await client.execute(
                uri: "/v1/sync/pull?after=\(first.nextCursor)", method: .get, headers: GatewayFixture.auth(token))
            let second = try GatewayFixture.decode(PullResponse.self, rest.body)
            #expect(!second.hasMore)
            let all = first.changes + second.changes
            #expect(all.map(\.change) == all.map(\.change).sorted())
            #expect(all.filter { $0.kind == .statusUpdate }.map(\.status) == ["processing", "supplement_requested"])
            #expect(all.last?.outcome == .conflict)
        }
        let stored = try await fixture.repository.cases(communes: ["02266"], status: nil)
        #expect(stored.first?.status == .supplementRequested)
        #expect(stored.first?.conflict?.contains("supplement_requested") == true)
    }
}

extension PushPullTests {
    @Test(
        "Every answer carries the dossier's central clock: applied, conflict, replay, provincial update, reconcile",
        arguments: Backend.allCases)
    func centralClock(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let device = try #require(await fixture.repository.device(forToken: token, now: .now()))
        let code = "02266-250610-1001"
        let created = try await fixture.repository.push([GatewayFixture.created(seq: 1)], from: device, now: .now())
        let central = try #require(try await fixture.repository.cases(communes: ["02266"], status: nil).first)
        #expect(created.results.first?.clock == WireClock(dueAt: central.dueAt, pausedSince: nil, finishedAt: nil))
        let asked = try #require(LocalTime(iso8601: "2025-06-11T10:00:00+07:00"))
        _ = try await fixture.repository.setStatus(code: code, to: .processing, reason: nil, actor: "Sở", now: asked)
        _ = try await fixture.repository.setStatus(
            code: code, to: .supplementRequested, reason: "thiếu giấy", actor: "Sở", now: asked)
        let paused = WireClock(dueAt: central.dueAt, pausedSince: asked.iso8601, finishedAt: nil)
        let stale = GatewayFixture.statusChange(seq: 2, code: code, from: "received", to: "processing")
        let answer = try await fixture.repository.push([stale], from: device, now: .now())
        #expect(answer.results.first?.outcome == .conflict)
        #expect(answer.results.first?.clock == paused, "the pause runs from the province's request")
        let replay = try await fixture.repository.push([stale], from: device, now: .now())
        #expect(replay.results.first?.outcome == .duplicate)
        #expect(replay.results.first?.clock == paused, "a replay gets the clock its first answer had")
        let pulled = try await fixture.repository.pull(PullQuery(after: 0, limit: 100, resultsAfter: 0), for: device)
        #expect(
            pulled.changes.map(\.clock?.pausedSince) == [nil, nil, asked.iso8601, asked.iso8601],
            "created, processing, supplement requested, the conflict: each with the clock after it")
        #expect(pulled.changes.allSatisfy { $0.clock?.dueAt == central.dueAt })
        #expect(pulled.changes.allSatisfy { $0.caseID == central.caseID }, "each names the central case under the code")
        let reconciled = try await fixture.repository.reconcile(
            ReconcileRequest(eventIDs: [stale.eventID], caseCodes: [code]), for: device)
        #expect(reconciled.held.first?.clock == paused)
        #expect(reconciled.cases.first?.clock == paused)
    }

    @Test(
        "A pull page is bounded by bytes as well as by count; the pages after it bring the rest, none lost",
        arguments: Backend.allCases)
    func pageBoundedByBytes(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let sender = try await fixture.enroll()
        let reader = try await fixture.enroll(terminal: 2)
        let device = try #require(try await fixture.repository.device(forToken: sender, now: .now()))
        let count = 800
        _ = try await fixture.repository.push(
            (1...count).map { GatewayFixture.created(seq: Int64($0)) }, from: device, now: .now())
        // The province writes a long reason on every dossier: 800 × 425 characters, more than a page may carry.
        let reason = String(repeating: "Bổ sung giấy tờ. ", count: 25)
        for number in 1...count {
            _ = try await fixture.repository.setStatus(
                code: "02266-250610-1\(String(format: "%03d", number))", to: .processing, reason: reason,
                actor: "Sở Tư pháp", now: .now())
        }
        let other = try #require(try await fixture.repository.device(forToken: reader, now: .now()))
        var cursor: Int64 = 0
        var pulled: [WireChange] = []
        var pages = 0
        while true {
            let page = try await fixture.repository.pull(
                PullQuery(after: cursor, limit: 1000, resultsAfter: 0), for: other)
            let bytes = try JSONEncoder().encode(page).count
            #expect(bytes <= 300 * 1024, "page \(pages) holds \(bytes) bytes")
            pulled += page.changes
            pages += 1
            guard page.hasMore else { break }
            #expect(page.nextCursor > cursor)
            cursor = page.nextCursor
        }
        #expect(pages > 1, "800 long updates do not fit one page")
        #expect(pulled.filter { $0.kind == .statusUpdate }.count == count, "every update arrives once")
        #expect(Set(pulled.map(\.change)).count == pulled.count)
    }
}
