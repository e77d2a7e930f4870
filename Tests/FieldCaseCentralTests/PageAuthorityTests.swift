import Crypto
import FieldCaseCentral
import FieldCaseDomain
import FieldCaseGateway
import FieldCaseGatewayTesting
import FieldCaseHarness
import FieldCaseWire
import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// The gateway takes a page only on its own records: for a dossier of the desk's commune that an applied event
/// describes, at that size, at the byte where the upload stands, and keeps it only once it opens and is the page
/// described. Each test runs on both storage backends.
@Suite(.tags(.postgres))
struct PageAuthorityTests {
    static let page = Data("%PDF-1.7\n".utf8) + Data((0..<6_000).map { UInt8(($0 * 7) % 256) })
    static let sha = PageSeal.address(of: page)

    static func attached(seq: Int64, code: String, page: Data = page) -> WireEvent {
        WireEvent(
            seq: seq, eventID: UUID().uuidString, caseID: "case-\(code)", caseCode: code, kind: "case.attached",
            occurredAt: "2025-06-10T09:30:00+07:00", officer: "Lan",
            payload: .object([
                "sha256": .string(PageSeal.address(of: page)), "size": .number(Double(page.count)),
                "media_type": .string("application/pdf"), "stage": .string("intake"), "component": .null,
            ]))
    }

    @Test(
        "Pages of another commune, at another size, out of order or sealed to another key are refused; one page kept",
        arguments: Backend.allCases)
    func authority(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let ownerToken = try await fixture.enroll()
        let owner = try #require(try await repository.device(forToken: ownerToken, now: .now()))
        let created = GatewayFixture.created(seq: 1)
        let answer = try await repository.push(
            [created, Self.attached(seq: 2, code: created.caseCode)], from: owner, now: .now())
        #expect(answer.results.map(\.outcome) == [.applied, .applied])
        let intruderToken = try await fixture.enroll(commune: "00004")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pages-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let vault = try PageVault(directory: folder.path)
        let central = try #require(Data(base64Encoded: try await repository.sealingPublicKey()))
        let sealed = try PageSeal.seal(Self.page, sha256: Self.sha, with: try OutboxKey(for: central))
        let forged = try PageSeal.seal(
            Self.page, sha256: Self.sha,
            with: try OutboxKey(for: Curve25519.KeyAgreement.PrivateKey().publicKey.rawRepresentation))
        let size = sealed.count
        try await fixture.application(pages: vault).test(.router) { client in
            func status(_ token: String, size: Int = size) async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/sync/page?sha256=\(Self.sha)&size=\(size)", method: .get,
                    headers: GatewayFixture.auth(token))
            }
            func chunk(_ token: String, _ bytes: Data, offset: Int) async throws -> TestResponse {
                try await client.execute(
                    uri: "/v1/sync/page?sha256=\(Self.sha)&offset=\(offset)&size=\(size)", method: .post,
                    headers: GatewayFixture.auth(token), body: ByteBuffer(bytes: bytes))
            }
            // Another commune's desk learns nothing: the same answer as for a page nobody described.
            let probe = try await status(intruderToken)
            #expect(probe.status == .notFound && String(buffer: probe.body).contains("unknown_page"))
            #expect(try await status(ownerToken, size: size + 1).status == .notFound, "at another size")
            let stray = try await chunk(intruderToken, sealed, offset: 0)
            #expect(stray.status == .notFound)
            // Out of order: refused with where the upload stands.
            let ahead = try await chunk(ownerToken, sealed.suffix(from: 10), offset: 10)
            #expect(ahead.status == .conflict && String(buffer: ahead.body).contains("page_offset"))
            // Sealed to another gateway's key: dropped whole, to be sent again from its first byte.
            let wrongKey = try await chunk(ownerToken, forged, offset: 0)
            #expect(wrongKey.status == .unprocessableContent, "\(String(buffer: wrongKey.body))")
            let dropped = try GatewayFixture.decode(PageReceipt.self, try await status(ownerToken).body)
            #expect(dropped.received == 0 && !dropped.complete)
            // In two chunks, the second from where the first stopped: kept, byte for byte.
            let first = try await chunk(ownerToken, sealed.prefix(4_000), offset: 0)
            #expect(try GatewayFixture.decode(PageReceipt.self, first.body).received == 4_000)
            let second = try await chunk(ownerToken, sealed.suffix(from: 4_000), offset: 4_000)
            #expect(try GatewayFixture.decode(PageReceipt.self, second.body).complete)
            #expect(vault.page(Self.sha) == Self.page)
            // Asked together, a page this desk may not send is left out of the answer.
            let asked = PageStatusRequest(pages: [PageStatusRequest.Page(sha256: Self.sha, size: size)])
            let theirs = try await client.execute(
                uri: "/v1/sync/pages", method: .post, headers: GatewayFixture.auth(intruderToken),
                body: try GatewayFixture.body(asked))
            #expect(try GatewayFixture.decode(PageStatusResponse.self, theirs.body).receipts.isEmpty)
            let ours = try await client.execute(
                uri: "/v1/sync/pages", method: .post, headers: GatewayFixture.auth(ownerToken),
                body: try GatewayFixture.body(asked))
            #expect(try GatewayFixture.decode(PageStatusResponse.self, ours.body).receipts.first?.complete == true)
        }
        #expect(try await repository.pages(ofCase: created.caseCode).map(\.page.sha256) == [Self.sha])
        let held = try await repository.caseHistories(
            communes: ["02266"], calendar: try Catalog.embedded(), pagesHeld: vault.holds)
        #expect(held.first?.firstPage[.intake] != nil, "held, so digitised")
        let described = try await repository.caseHistories(
            communes: ["02266"], calendar: try Catalog.embedded(), pagesHeld: { _ in false })
        #expect(described.first?.firstPage[.intake] == nil, "a description alone is not a digitised paper")
    }

    @Test(
        "A dossier's pages and events and a page's dossiers are looked up through indexes, not by reading every event",
        arguments: Backend.allCases)
    func lookupsUseIndexes(backend: Backend) async throws {
        let fixture = try await GatewayFixture(backend)
        defer { fixture.remove() }
        let postgres = backend == .postgres
        let find = postgres ? "strpos" : "instr"
        let dossier = "'02266-250610-1001'"
        for (statement, index, other) in [
            (
                SharedStatements.pageRows(byPage: false, placeholder: dossier, find: find), "events_by_case",
                "events_by_page"
            ),
            (
                SharedStatements.pageRows(byPage: true, placeholder: "'\(Self.sha)'", find: find), "events_by_page",
                "events_by_case"
            ),
            // The provincial export's reads of a dossier's events (`export provincial`).
            (SharedStatements.processRows(codes: "(\(dossier))"), "events_by_case", "events_by_page"),
        ] {
            // PostgreSQL plans an empty table by guesses: it would read it whole, or walk the other page index.
            // Without either (in a transaction that the disconnection rolls back) it shows whether it can use
            // this one, and with a condition on its key.
            let plan = try fixture.query(
                postgres
                    ? "BEGIN; DROP INDEX \(other); SET LOCAL enable_seqscan = off; EXPLAIN \(statement)"
                    : "EXPLAIN QUERY PLAN \(statement)"
            ).joined(separator: "\n")
            #expect(plan.contains(index) && (postgres ? plan.contains("Index Cond") : true), "\(plan)")
        }
    }
}
