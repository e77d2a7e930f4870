import Crypto
@testable import FieldCaseCentral
@testable import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseWire
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// A device registers its bundle keys once, over its authenticated link; keys that would let anyone forge its
/// bundles or read its replies are refused.
@Suite(.tags(.postgres))
struct BundleKeysTests {
    static func request(_ signing: Data, _ agreement: Data) throws -> ByteBuffer {
        try GatewayFixture.body(
            BundleKeysRequest(signingKey: signing.base64EncodedString(), agreementKey: agreement.base64EncodedString()))
    }

    @Test(
        "Registered once; the same keys again are fine, others are refused; weak keys never",
        arguments: Backend.allCases)
    func registeredOnce(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let token = try await fixture.enroll()
        let signing = Curve25519.Signing.PrivateKey().publicKey.rawRepresentation
        let agreement = Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation
        let identity = Data([1] + [UInt8](repeating: 0, count: 31))
        try await fixture.app.test(.router) { client in
            let path = "/v1/sync/bundle-keys"
            let headers = GatewayFixture.auth(token)
            for (weakSigning, weakAgreement) in [
                (identity, agreement), (signing, Data(repeating: 0, count: 32)),
                (Data(BundleKeyCheck.smallOrder[3].dropLast() + [0x80 | BundleKeyCheck.smallOrder[3][31]]), agreement),
            ] {
                let weak = try await client.execute(
                    uri: path, method: .post, headers: headers, body: try Self.request(weakSigning, weakAgreement))
                #expect(weak.status == .badRequest)
                #expect(String(buffer: weak.body).contains("bundle_keys_weak"))
            }
            let first = try await client.execute(
                uri: path, method: .post, headers: headers, body: try Self.request(signing, agreement))
            #expect(first.status == .ok)
            let replyKey = try GatewayFixture.decode(BundleKeysResponse.self, first.body).replyKey
            #expect(Data(base64Encoded: replyKey)?.count == 32)
            let again = try await client.execute(
                uri: path, method: .post, headers: headers, body: try Self.request(signing, agreement))
            #expect(again.status == .ok)
            let other = try await client.execute(
                uri: path, method: .post, headers: headers,
                body: try Self.request(Curve25519.Signing.PrivateKey().publicKey.rawRepresentation, agreement))
            #expect(other.status == .conflict)
            let anonymous = try await client.execute(
                uri: path, method: .post, body: try Self.request(signing, agreement))
            #expect(anonymous.status == .unauthorized)
        }
    }
}
