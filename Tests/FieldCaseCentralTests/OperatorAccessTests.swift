import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Named operators: what each role may read and change, for which communes, and the access log that keeps
/// every request, allowed or not. Each test runs on both storage backends.
@Suite(.tags(.postgres))
struct OperatorAccessTests {
    /// Two communes with one dossier each: 02266 (code `…-1001`) and 04444 (code `…-1001`).
    static func twoCommunes(_ fixture: GatewayFixture) async throws -> (own: String, other: String) {
        for commune in ["02266", "04444"] {
            let device = try #require(
                try await fixture.repository.device(
                    forToken: try await fixture.enroll(commune: commune), now: .now()))
            let result = try await fixture.repository.push(
                [GatewayFixture.created(seq: 1, commune: commune)], from: device, now: .now())
            #expect(result.results.map(\.outcome) == [.applied])
        }
        return ("02266-250610-1001", "04444-250610-1001")
    }

    static func status(_ fixture: GatewayFixture, _ code: String) async throws -> CaseStatus? {
        try await fixture.repository.cases(communes: nil, status: nil).first { $0.code == code }?.status
    }

    static func setStatus(_ client: some TestClientProtocol, _ token: String, _ code: String, _ body: String)
        async throws -> TestResponse
    {
        try await client.execute(
            uri: "/v1/admin/cases/\(code)/status", method: .post, headers: GatewayFixture.auth(token),
            body: ByteBuffer(string: body))
    }

    static func codes(_ response: TestResponse) throws -> [String] {
        try GatewayFixture.decode([[String: JSONValue]].self, response.body).compactMap {
            if case .string(let code) = $0["code"] { return code }
            return nil
        }
    }

    @Test("A province operator reads and changes its own communes only", arguments: Backend.allCases)
    func provinceScope(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let (own, other) = try await Self.twoCommunes(fixture)
        let province = try await fixture.operatorToken(.province, communes: ["02266"], name: "so.tu.phap")
        try await fixture.app.test(.router) { client in
            let changed = try await Self.setStatus(client, province, own, #"{"status":"processing"}"#)
            #expect(changed.status == .ok)
            let refused = try await Self.setStatus(client, province, other, #"{"status":"processing"}"#)
            #expect(refused.status == .notFound, "another province's dossier is answered like an unknown one")
            let escaped = try await Self.setStatus(
                client, province, own, #"{"status":"supplement_requested","reason":"\u001b]0;owned\u0007"}"#)
            #expect(escaped.status == .badRequest, "a reason reaches officers' terminals: printable only")
            let listed = try await client.execute(
                uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth(province))
            #expect(try Self.codes(listed) == [own], "a list without a commune covers only the operator's")
            let asked = try await client.execute(
                uri: "/v1/admin/cases?commune=04444", method: .get, headers: GatewayFixture.auth(province))
            #expect(asked.status == .forbidden)
            let overdue = try await client.execute(
                uri: "/v1/admin/reports/overdue", method: .get, headers: GatewayFixture.auth(province))
            #expect(String(buffer: overdue.body).contains("02266"))
            #expect(!String(buffer: overdue.body).contains("04444"))
            let withActor = try await Self.setStatus(
                client, province, own, #"{"status":"supplement_requested","actor":"Bộ trưởng"}"#)
            #expect(withActor.status == .badRequest, "the actor is the operator, never free text")
        }
        #expect(try await Self.status(fixture, own) == .processing)
        #expect(try await Self.status(fixture, other) == .received, "the refused update changed nothing")
        // The desk sees who made the update: the operator, by name.
        let device = try #require(
            try await fixture.repository.device(forToken: try await fixture.enroll(terminal: 2), now: .now()))
        let page = try await fixture.repository.pull(PullQuery(after: 0, limit: 100, resultsAfter: 0), for: device)
        #expect(page.changes.filter { $0.kind == .statusUpdate }.map(\.actor) == ["so.tu.phap"])
    }

    @Test("A viewer reads but changes nothing; admin-only routes refuse other roles", arguments: Backend.allCases)
    func roles(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let (own, _) = try await Self.twoCommunes(fixture)
        let viewer = try await fixture.operatorToken(.viewer)
        let scopedViewer = try await fixture.operatorToken(.viewer, communes: ["04444"])
        let province = try await fixture.operatorToken(.province, communes: ["02266"])
        let admin = try await fixture.operatorToken(.admin)
        try await fixture.app.test(.router) { client in
            #expect(try await Self.setStatus(client, viewer, own, #"{"status":"processing"}"#).status == .forbidden)
            let all = try await client.execute(
                uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth(viewer))
            #expect(try Self.codes(all).count == 2)
            let scoped = try await client.execute(
                uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth(scopedViewer))
            #expect(try Self.codes(scoped) == ["04444-250610-1001"])
            for (uri, method) in [
                ("/v1/admin/devices", HTTPRequest.Method.get), ("/v1/admin/operators", .get),
                ("/v1/admin/access-log", .get), ("/v1/admin/enroll-tokens", .post),
                ("/v1/admin/operators/admin/disable", .post),
            ] {
                for token in [viewer, province] {
                    let answer = try await client.execute(
                        uri: uri, method: method, headers: GatewayFixture.auth(token),
                        body: ByteBuffer(string: #"{"commune":"02266"}"#))
                    #expect(answer.status == .forbidden, "\(method) \(uri) is for admins")
                }
            }
            #expect(
                try await client.execute(uri: "/metrics", method: .get, headers: GatewayFixture.auth(viewer)).status
                    == .ok)
            for token in [scopedViewer, province] {
                let scrape = try await client.execute(
                    uri: "/metrics", method: .get, headers: GatewayFixture.auth(token))
                #expect(scrape.status == .forbidden, "metrics show every commune's activity")
            }
            let devices = try await client.execute(
                uri: "/v1/admin/devices", method: .get, headers: GatewayFixture.auth(admin))
            #expect(try GatewayFixture.decode([DeviceSummary].self, devices.body).count == 2)
        }
    }

    @Test("An admin creates, rotates and disables operators; a void token is refused", arguments: Backend.allCases)
    func operatorLifecycle(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let admin = try await fixture.operatorToken(.admin, name: "it.admin")
        struct Issued: Decodable { let token: String }
        try await fixture.app.test(.router) { client in
            let created = try await client.execute(
                uri: "/v1/admin/operators", method: .post, headers: GatewayFixture.auth(admin),
                body: ByteBuffer(string: #"{"name":"tran.thi.b","role":"viewer"}"#))
            #expect(created.status == .created)
            let first = try GatewayFixture.decode(Issued.self, created.body).token
            #expect(first.hasPrefix("fco_"))
            let again = try await client.execute(
                uri: "/v1/admin/operators", method: .post, headers: GatewayFixture.auth(admin),
                body: ByteBuffer(string: #"{"name":"tran.thi.b","role":"admin"}"#))
            #expect(again.status == .conflict, "a name is taken once")
            for bad in [
                #"{"name":"unix:root","role":"admin"}"#, #"{"name":"x","role":"province"}"#,
                #"{"name":"x","role":"admin","communes":["02266"]}"#, #"{"name":"x","role":"king"}"#,
                #"{"name":"-","role":"viewer"}"#, #"{"name":".hidden","role":"viewer"}"#,
            ] {
                let answer = try await client.execute(
                    uri: "/v1/admin/operators", method: .post, headers: GatewayFixture.auth(admin),
                    body: ByteBuffer(string: bad))
                #expect(answer.status == .badRequest, "\(bad)")
            }
            let minted = try await client.execute(
                uri: "/v1/admin/operators/tran.thi.b/token", method: .post, headers: GatewayFixture.auth(admin))
            #expect(minted.status == .forbidden, "an admin cannot mint another operator's token and act as them")
            // The new operator rotates the token the admin handed over: from then on only they know it.
            let rotated = try await client.execute(
                uri: "/v1/admin/operators/tran.thi.b/token", method: .post, headers: GatewayFixture.auth(first))
            #expect(rotated.status == .created)
            let second = try GatewayFixture.decode(Issued.self, rotated.body).token
            let read = { (token: String) in
                try await client.execute(uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth(token))
                    .status
            }
            #expect(try await read(first) == .unauthorized, "the old token is void at once")
            #expect(try await read(second) == .ok)
            let disabled = try await client.execute(
                uri: "/v1/admin/operators/tran.thi.b/disable", method: .post, headers: GatewayFixture.auth(admin))
            #expect(disabled.status == .ok)
            #expect(try await read(second) == .unauthorized)
        }
        let listed = try await fixture.repository.operators()
        #expect(listed.first { $0.name == "tran.thi.b" }?.disabled == true)
        #expect(listed.first { $0.name == "tran.thi.b" }?.created_by == "it.admin")
    }

    @Test(
        "Every operator request is in the access log: who, what, which dossiers, how it ended",
        arguments: Backend.allCases)
    func accessLog(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let (own, other) = try await Self.twoCommunes(fixture)
        let province = try await fixture.operatorToken(.province, communes: ["02266"], name: "so.tu.phap")
        let viewer = try await fixture.operatorToken(.viewer, name: "thanh.tra")
        try await fixture.app.test(.router) { client in
            _ = try await client.execute(uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth(viewer))
            _ = try await Self.setStatus(client, province, own, #"{"status":"processing"}"#)
            _ = try await Self.setStatus(client, province, other, #"{"status":"processing"}"#)
            _ = try await Self.setStatus(client, province, own, #"{"status":"refused"}"#)  // no reason: 409
            _ = try await client.execute(
                uri: "/v1/admin/cases", method: .get, headers: GatewayFixture.auth("fco_not-a-token"))
        }
        let log = try await fixture.repository.accessLog(operatorName: nil, since: nil, limit: 100)
        let lines = log.map { "\($0.operatorName) \($0.action) \($0.outcome.rawValue) \($0.codes.sorted())" }
        #expect(
            lines == [
                "thanh.tra cases.list ok \([own, other].sorted())",
                "so.tu.phap case.status ok [\"\(own)\"]",
                "so.tu.phap case.status denied []",
                "so.tu.phap case.status refused []",
                "- cases.list unauthorized []",
            ])
        #expect(log[2].detail == other, "the dossier asked about is named even when refused")
        let only = try await fixture.repository.accessLog(operatorName: "so.tu.phap", since: nil, limit: 2)
        #expect(only.map(\.outcome) == [.denied, .refused], "a limit keeps the newest lines, oldest first")
        let future = try await fixture.repository.accessLog(
            operatorName: nil, since: LocalTime.now().adding(seconds: 3600), limit: 100)
        #expect(future.isEmpty)
    }

    @Test(
        "A process with no room for another push answers 503 busy with a Retry-After of 1-5 s and stores nothing",
        arguments: Backend.allCases)
    func admission(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        var full = GatewayLimits()
        full.concurrentPushes = 0
        let limits = full
        try await fixture.application(limits: limits).test(.router) { client in
            let answer = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: [GatewayFixture.created(seq: 1)])))
            try Self.expectBusy(answer)
        }
        #expect(try fixture.query("SELECT count(*) FROM events") == ["0"])
    }

    static func expectBusy(_ answer: TestResponse) throws {
        #expect(answer.status == .serviceUnavailable)
        #expect(try GatewayFixture.decode(WireError.self, answer.body).error == "busy")
        #expect((1...5).contains(Int(answer.headers[.retryAfter] ?? "") ?? 0), "Retry-After of 1 to 5 seconds")
    }

    @Test("Device quotas: events per day and bytes stored; a refusal says why", arguments: Backend.allCases)
    func quotas(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        var limits = GatewayLimits()
        limits.eventsPerDevicePerDay = 3
        @Sendable func push(_ client: some TestClientProtocol, _ events: [WireEvent]) async throws -> TestResponse {
            try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
        }
        let first = (1...2).map { GatewayFixture.created(seq: Int64($0)) }
        // The day the pushes below are counted under, taken before them.
        let today = LocalTime.now().date
        try await fixture.application(limits: limits).test(.router) { client in
            #expect(try await push(client, first).status == .ok)
            let over = try await push(client, (3...4).map { GatewayFixture.created(seq: Int64($0)) })
            #expect(over.status == .tooManyRequests)
            let refusal = try GatewayFixture.decode(WireError.self, over.body)
            #expect(refusal.error == "quota_exceeded")
            #expect(refusal.message.contains("2 of its 3 events"))
            #expect(try await push(client, [GatewayFixture.created(seq: 3)]).status == .ok, "what fits goes in")
            let replay = try await push(client, first)
            #expect(replay.status == .ok, "a replay stores nothing new: its lost answers come back whatever the quota")
            #expect(
                try GatewayFixture.decode(PushResponse.self, replay.body).results.map(\.outcome) == [
                    .duplicate, .duplicate,
                ])
        }
        let device = try #require(try await fixture.repository.device(forToken: token, now: .now()))
        let usage = try await fixture.repository.usage(deviceID: device.id, day: today)
        #expect(
            try fixture.query("SELECT sum(requests) FROM device_usage") == ["5"],
            "four pushes and the lookup above: every device request is counted")
        #expect(usage.eventsToday == 3, "refused pushes stored nothing")
        #expect(usage.bytesStored > 0)
        var bytesLimited = GatewayLimits()
        bytesLimited.bytesPerDevice = Int(usage.bytesStored) + 100
        let small = bytesLimited
        try await fixture.application(limits: small).test(.router) { client in
            let over = try await push(client, [GatewayFixture.created(seq: 4)])
            #expect(over.status == .tooManyRequests)
            #expect(try GatewayFixture.decode(WireError.self, over.body).message.contains("MiB"))
            let admin = try await fixture.operatorToken()
            let metrics = String(
                buffer: try await client.execute(uri: "/metrics", method: .get, headers: GatewayFixture.auth(admin))
                    .body)
            #expect(metrics.contains("fieldcase_limit_bytes_per_device \(small.bytesPerDevice)"))
            #expect(metrics.contains("fieldcase_limit_events_per_device_per_day 20000"))
            #expect(metrics.contains(#"fieldcase_refusals_total{reason="quota"} 1"#))
        }
    }

    @Test(
        "A desk's audit trail counts against its byte quota: a trail that would pass it is refused, nothing stored",
        arguments: Backend.allCases)
    func auditQuota(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        /// `count` entries chained from the start, each with a 4,000-character note.
        func trail(_ ids: ClosedRange<Int64>, after previous: String = "") -> [WireAuditEntry] {
            var hash = previous
            return ids.map { id in
                var entry = WireAuditEntry(
                    id: id, at: 1_750_000_000 + id, officer: "Lan", action: "case.viewed", caseCode: nil, subject: nil,
                    before: nil, after: nil, reason: String(repeating: "x", count: 4000), hash: "")
                entry.hash = entry.expectedHash(after: hash)
                hash = entry.hash
                return entry
            }
        }
        var limits = GatewayLimits()
        limits.bytesPerDevice = 100_000
        let first = trail(1...10)
        let second = trail(11...40, after: first.last!.hash)
        // The day the pushes below are counted under, taken before them.
        let today = LocalTime.now().date
        try await fixture.application(limits: limits).test(.router) { client in
            let taken = try await client.execute(
                uri: "/v1/sync/audit", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(AuditPushRequest(entries: first)))
            #expect(taken.status == .ok)
            let over = try await client.execute(
                uri: "/v1/sync/audit", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(AuditPushRequest(entries: second)))
            #expect(over.status == .tooManyRequests)
            #expect(try GatewayFixture.decode(WireError.self, over.body).error == "quota_exceeded")
        }
        let device = try #require(try await fixture.repository.device(forToken: token, now: .now()))
        let usage = try await fixture.repository.usage(deviceID: device.id, day: today)
        #expect((40_000..<100_000).contains(usage.bytesStored), "the ten entries counted: \(usage.bytesStored)")
        #expect(try fixture.query("SELECT count(*) FROM device_audit") == ["10"], "the refused trail stored nothing")

        // What the desk reports about its own trail counts too, in bytes (a character may carry any number of
        // combining marks), and is refused once the quota is reached.
        let marks = String(repeating: "\u{0301}", count: 700)
        try await fixture.application(limits: limits).test(.router) { client in
            let heavy = try await client.execute(
                uri: "/v1/sync/audit", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(AuditPushRequest(entries: [], localProblems: ["A" + marks])))
            #expect(heavy.status == .badRequest, "1,401 bytes in one character")
            var answers: [HTTPResponse.Status] = []
            for round in 0..<20 {
                let problems = (0..<10).map { "problem \(round).\($0) " + String(repeating: "x", count: 900) }
                answers.append(
                    try await client.execute(
                        uri: "/v1/sync/audit", method: .post, headers: GatewayFixture.auth(token),
                        body: try GatewayFixture.body(AuditPushRequest(entries: [], localProblems: problems))
                    ).status)
            }
            #expect(answers.contains(.tooManyRequests), "\(answers)")
        }
        let after = try await fixture.repository.usage(deviceID: device.id, day: LocalTime.now().date)
        #expect(after.bytesStored <= 100_000 && after.bytesStored > usage.bytesStored)
    }

    @Test(
        "A quota holds against concurrent pushes of one device: it is judged under the device's lock",
        arguments: Backend.allCases)
    func quotaUnderConcurrency(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let device = try #require(
            try await fixture.repository.device(forToken: try await fixture.enroll(), now: .now()))
        var limits = GatewayLimits()
        limits.eventsPerDevicePerDay = 12
        let quota = limits
        let repository = fixture.repository
        let batches = [(1...7), (8...14)].map { $0.map { GatewayFixture.created(seq: Int64($0)) } }
        // One moment for both pushes and the count: the day cannot turn between them.
        let now = LocalTime.now()
        await withTaskGroup(of: Void.self) { group in
            for batch in batches {
                group.addTask { _ = try? await repository.push(batch, from: device, now: now, quota: quota) }
            }
        }
        let usage = try await repository.usage(deviceID: device.id, day: now.date)
        #expect(usage.eventsToday <= 12, "\(usage.eventsToday) events stored against a quota of 12")
        #expect(try fixture.query("SELECT count(*) FROM events") == ["\(usage.eventsToday)"])
    }
}
