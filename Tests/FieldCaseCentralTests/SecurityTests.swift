import CompressNIO
import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseCore
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Who may read and write what, and what bad bodies get.
@Suite(.tags(.postgres))
struct SecurityTests {
    @Test(
        "A device of commune A gets 403 on commune B's data; events for B's dossiers are rejected",
        arguments: Backend.allCases)
    func crossCommune(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let tokenA = try await fixture.enroll(commune: "02266")
        let tokenB = try await fixture.enroll(commune: "00004")
        try await fixture.app.test(.router) { client in
            _ = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(tokenB),
                body: try GatewayFixture.body(PushRequest(events: [GatewayFixture.created(seq: 1, commune: "00004")])))
            let forbidden = try await client.execute(
                uri: "/v1/sync/pull?commune=00004", method: .get, headers: GatewayFixture.auth(tokenA))
            #expect(forbidden.status == .forbidden)
            #expect(try GatewayFixture.decode(WireError.self, forbidden.body).error == "forbidden")
            let write = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(tokenA),
                body: try GatewayFixture.body(
                    PushRequest(events: [
                        GatewayFixture.statusChange(
                            seq: 1, code: "00004-250610-1001", from: "received", to: "processing")
                    ])))
            let answer = try GatewayFixture.decode(PushResponse.self, write.body)
            #expect(answer.results.first?.outcome == .rejected)
            #expect(answer.results.first?.reason?.hasPrefix("unknown dossier") == true)
            let own = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(tokenA))
            let page = try GatewayFixture.decode(PullResponse.self, own.body)
            // Only the result of A's own (rejected) event: nothing of B's flows to A.
            #expect(page.changes.count == 1)
            #expect(page.changes.first?.outcome == .rejected)
        }
        #expect(try await fixture.repository.cases(communes: ["00004"], status: nil).first?.status == .received)
    }

    @Test(
        "A push captured from one desk and replayed with another desk's token creates nothing",
        arguments: Backend.allCases)
    func replayWithAnotherToken(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let first = try await fixture.enroll(commune: "02266", terminal: 1)
        let second = try await fixture.enroll(commune: "02266", terminal: 2)
        // Terminal 1's batch, as an eavesdropper or a copied disk would have it.
        let captured = try GatewayFixture.body(
            PushRequest(events: [
                GatewayFixture.created(seq: 1, terminal: 1), GatewayFixture.created(seq: 2, terminal: 1, number: 2),
            ]))
        try await fixture.app.test(.router) { client in
            let replayed = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(second), body: captured)
            let answer = try GatewayFixture.decode(PushResponse.self, replayed.body)
            #expect(answer.results.map(\.outcome) == [.rejected, .rejected])
            #expect(answer.results.allSatisfy { $0.reason?.contains("not issued by this device") == true })
            #expect(try await fixture.repository.cases(communes: ["02266"], status: nil).isEmpty)
            // The real owner's push still goes through, as new.
            let genuine = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(first), body: captured)
            #expect(
                try GatewayFixture.decode(PushResponse.self, genuine.body).results.map(\.outcome) == [
                    .applied, .applied,
                ])
        }
    }

    @Test("Revoked and unknown tokens get 401; enrollment tokens are single use", arguments: Backend.allCases)
    func tokens(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let device = try #require(try await fixture.repository.devices().first)
        #expect(try await fixture.repository.revoke(deviceID: device.device_id, now: .now()))
        let now = LocalTime.now()
        let enrollToken = try await fixture.repository.createEnrollmentToken(
            commune: "02266", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        try await fixture.app.test(.router) { client in
            for headers in [GatewayFixture.auth(token), GatewayFixture.auth("nonsense"), [:]] {
                let response = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: headers)
                #expect(response.status == .unauthorized)
            }
            let body = try GatewayFixture.body(EnrollRequest(token: enrollToken, terminal: 2, unitCode: "02266"))
            let enrolled = try await client.execute(uri: "/v1/enroll", method: .post, body: body)
            #expect(enrolled.status == .created)
            // Used for another terminal: refused. (The same terminal gets its lost answer again until the device
            // first calls in; see SyncTruthTests.)
            let other = try GatewayFixture.body(EnrollRequest(token: enrollToken, terminal: 4, unitCode: "02266"))
            #expect(try await client.execute(uri: "/v1/enroll", method: .post, body: other).status == .unauthorized)
            let deviceToken = try GatewayFixture.decode(EnrollResponse.self, enrolled.body).deviceToken
            _ = try await client.execute(uri: "/v1/sync/pull", method: .get, headers: GatewayFixture.auth(deviceToken))
            #expect(try await client.execute(uri: "/v1/enroll", method: .post, body: body).status == .unauthorized)
        }
    }

    @Test("A terminal number already enrolled in the commune gets 409", arguments: Backend.allCases)
    func terminalTaken(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        _ = try await fixture.enroll(terminal: 3)
        let now = LocalTime.now()
        let token = try await fixture.repository.createEnrollmentToken(
            commune: "02266", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        try await fixture.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/enroll", method: .post,
                body: try GatewayFixture.body(EnrollRequest(token: token, terminal: 3, unitCode: "02266")))
            #expect(response.status == .conflict)
            #expect(try GatewayFixture.decode(WireError.self, response.body).message.contains("terminal 3"))
        }
    }

    @Test(
        "Malformed, truncated, wrongly typed and deeply nested bodies get 400 with a JSON error",
        arguments: Backend.allCases)
    func malformed(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let bodies = [
            "", "{", "[]", "{\"events\": 5}", "{\"events\": [{\"seq\": \"one\"}]}", "null",
            String(repeating: "[", count: 100_000), "{\"events\": [" + String(repeating: "{}", count: 3) + "]}",
        ]
        try await fixture.app.test(.router) { client in
            for body in bodies {
                let response = try await client.execute(
                    uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                    body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body.prefix(30))")
                #expect((try? GatewayFixture.decode(WireError.self, response.body))?.error == "bad_request")
            }
            var garbage = GatewayFixture.auth(token)
            garbage[.contentEncoding] = "gzip"
            let corrupt = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: garbage, body: ByteBuffer(string: "not gzip at all"))
            #expect(corrupt.status == .badRequest)
            let badQuery = try await client.execute(
                uri: "/v1/sync/pull?after=-4&limit=x", method: .get, headers: GatewayFixture.auth(token))
            #expect(badQuery.status == .badRequest)
        }
    }

    @Test(
        "A gzip body that decompresses to 1 GB gets 413 without the gateway ever holding it",
        arguments: Backend.allCases)
    func gzipBomb(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        // 1 GiB of zeros, compressed in a streaming fashion to about 1 MB.
        let compressor = CompressionAlgorithm.gzip().compressor
        try compressor.startStream()
        var bomb = ByteBufferAllocator().buffer(capacity: 1_200_000)
        var chunk = ByteBuffer(repeating: 0, count: 1 << 20)
        for index in 0..<1024 {
            var input = chunk
            try compressor.streamDeflate(from: &input, to: &bomb, flush: index == 1023 ? .finish : .no)
        }
        chunk.clear()
        #expect(bomb.readableBytes < 2 * 1024 * 1024)
        var headers = GatewayFixture.auth(token)
        headers[.contentEncoding] = "gzip"
        let peakBefore = Self.peakMemory()
        let (sentHeaders, sentBody) = (headers, bomb)
        try await fixture.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: sentHeaders, body: sentBody)
            #expect(response.status == .contentTooLarge)
        }
        // The process's peak resident memory: decompressing the bomb would have added a gigabyte.
        #expect(Self.peakMemory() - peakBefore < 256 * 1024 * 1024)
    }

    /// Peak resident set size of this process, in bytes.
    static func peakMemory() -> Int {
        var usage = rusage()
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        return usage.ru_maxrss * 1024
    }
}

struct TokenShapeTests {
    @Test(
        "Tokens are long, prefixed by kind, and never start with '-' (a command line would take it for an option)",
        arguments: Backend.allCases)
    func shape(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        for _ in 0..<200 {
            let now = LocalTime.now()
            let token = try await fixture.repository.createEnrollmentToken(
                commune: "02266", terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
            #expect(token.hasPrefix("fce_"))
            #expect(token.count >= 40)
        }
        #expect(try await fixture.operatorToken().hasPrefix("fco_"))
        #expect(try await fixture.enroll().hasPrefix("fcd_"))
    }

    @Test("A Fieldcase-Protocol version the gateway does not speak is refused with 400 before anything is written")
    func protocolVersion() async throws {
        let fixture = try await GatewayFixture(.sqlite)
        defer { fixture.remove() }
        let token = try await fixture.enroll(commune: "02266")
        let header = try #require(HTTPFields.Element.Name(WireProtocol.versionHeader))
        try await fixture.app.test(.router) { client in
            for claimed in ["2", "0", "1.1", "abc", "1, 2"] {
                var headers = GatewayFixture.auth(token)
                headers[header] = claimed
                let refused = try await client.execute(
                    uri: "/v1/sync/push", method: .post, headers: headers,
                    body: try GatewayFixture.body(PushRequest(events: [GatewayFixture.created(seq: 1)])))
                #expect(refused.status == .badRequest, "\(claimed)")
                let body = try GatewayFixture.decode(WireError.self, refused.body)
                #expect(body.error == "unsupported_protocol")
                #expect(body.message.contains("protocol \(WireProtocol.version)"))
            }
            #expect(try await fixture.repository.cases(communes: nil, status: nil).isEmpty)
            for spoken in [String(WireProtocol.version), " 01 ", "1, 1", ""] {
                var current = GatewayFixture.auth(token)
                current[header] = spoken
                let accepted = try await client.execute(
                    uri: "/v1/sync/push", method: .post, headers: current,
                    body: try GatewayFixture.body(PushRequest(events: [GatewayFixture.created(seq: 1)])))
                #expect(accepted.status == .ok, "'\(spoken)'")
            }
            // An operator's curl sends no header: taken to speak the current version. Health answers every
            // version: a desk reads there which protocol the gateway speaks.
            #expect(try await client.execute(uri: "/v1/health", method: .get).status == .ok)
            #expect(try await client.execute(uri: "/v1/health", method: .get, headers: [header: "2"]).status == .ok)
        }
        #expect(try await fixture.repository.cases(communes: nil, status: nil).count == 1)
    }

    @Test("A damaged row in the gateway's database is a 500 with a JSON body that quotes nothing of it")
    func damagedRow() async throws {
        let fixture = try await GatewayFixture(.sqlite)
        defer { fixture.remove() }
        let token = try await fixture.enroll(commune: "02266")
        try await fixture.app.test(.router) { client in
            let created = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: [GatewayFixture.created(seq: 1)])))
            #expect(created.status == .ok)
            _ = try GatewayFixture.run(
                "PRAGMA ignore_check_constraints = ON; UPDATE cases SET status = 'bogus'", on: fixture.database,
                readOnly: false)
            let moved = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(
                    PushRequest(events: [
                        GatewayFixture.statusChange(
                            seq: 2, code: "02266-250610-1001", from: "received", to: "processing")
                    ])))
            #expect(moved.status == .internalServerError)
            let body = try GatewayFixture.decode(WireError.self, moved.body)
            #expect(body.error == "damaged_row")
            #expect(!body.message.contains("bogus") && !body.message.contains("02266-250610-1001"))
        }
    }
}
