import CompressNIO
import FieldCaseCentral
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

/// Answers travel gzipped to clients that ask for it, and plain to the others.
@Suite(.tags(.postgres))
struct CompressionTests {
    @Test(
        "A pull page is gzipped for Accept-Encoding: gzip and unpacks to the plain answer", arguments: Backend.allCases)
    func pullPage(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let events = (1...40).map { GatewayFixture.created(seq: Int64($0), number: $0) }
        try await fixture.app.test(.router) { client in
            let pushed = try await client.execute(
                uri: "/v1/sync/push", method: .post, headers: GatewayFixture.auth(token),
                body: try GatewayFixture.body(PushRequest(events: events)))
            #expect(pushed.headers[.contentEncoding] == nil, "a client that did not ask gets plain JSON")
            let plain = try await client.execute(
                uri: "/v1/sync/pull?after=0", method: .get, headers: GatewayFixture.auth(token))
            #expect(plain.headers[.contentEncoding] == nil)
            var headers = GatewayFixture.auth(token)
            headers[.acceptEncoding] = "br;q=1.0, gzip;q=0.8"
            let zipped = try await client.execute(uri: "/v1/sync/pull?after=0", method: .get, headers: headers)
            #expect(zipped.headers[.contentEncoding] == "gzip")
            #expect(zipped.headers[.vary] == "Accept-Encoding")
            #expect(zipped.body.readableBytes * 3 < plain.body.readableBytes, "at least three times smaller")
            var body = zipped.body
            let unpacked = try body.decompress(with: .gzip(), maxSize: 1 << 20)
            #expect(unpacked == plain.body)
            headers[.acceptEncoding] = "gzip;q=0"
            let refused = try await client.execute(uri: "/v1/sync/pull?after=0", method: .get, headers: headers)
            #expect(refused.headers[.contentEncoding] == nil, "q=0 means not acceptable")
        }
    }
}
