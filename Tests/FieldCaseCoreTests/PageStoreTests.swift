import Crypto
import FieldCaseWire
import Foundation
import Testing

@testable import FieldCaseCore

/// Scanned pages in the desk's store: sealed for the central system as attached, sent once the dossier's event is
/// through, sealed once more when the gateway cannot open them and then kept refused, asked about again after the
/// gateway is restored.
struct PageStoreTests {
    static let page =
        Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data((0..<4_000).map { UInt8($0 % 251) })

    /// A desk enrolled with a central key, with one dossier and its page attached; the central's private key.
    static func enrolled() throws -> (StoreFixture, CaseRecord, Curve25519.KeyAgreement.PrivateKey) {
        let fixture = try StoreFixture()
        let central = Curve25519.KeyAgreement.PrivateKey()
        try fixture.store.saveEnrollment(
            centralURL: "https://central.example",
            answer: EnrollResponse(
                deviceID: "d", deviceToken: "fcd_secret", communeCode: "02266", terminal: 1, lastSeq: 0,
                dossierNumbers: [], epoch: "e1", sealingKey: central.publicKey.rawRepresentation.base64EncodedString()),
            terminal: 1, by: fixture.officer, now: StoreFixture.now)
        let record = try fixture.add()
        _ = try fixture.store.attachPage(
            page, to: record.code, stage: .intake, component: nil, by: fixture.officer, now: StoreFixture.now)
        return (fixture, record, central)
    }

    @Test("A page goes out sealed to the central key, only after its dossier's events are through")
    func sealedAndAfterItsDossier() throws {
        let (fixture, _, central) = try Self.enrolled()
        #expect(try fixture.store.pagesToSend().isEmpty, "its event has not been applied yet")
        let events = try fixture.store.pendingEvents(limit: 10)
        try fixture.store.recordPushResults(
            events.map { PushResult(seq: $0.seq, outcome: .applied, reason: nil) }, now: StoreFixture.now)
        let waiting = try fixture.store.pagesToSend()
        #expect(waiting.map(\.sha256) == [PageSeal.address(of: Self.page)])
        let upload = try #require(try fixture.store.pageUpload(waiting[0].sha256))
        #expect(upload.sealed.count == PageSeal.sealedSize(of: Self.page.count))
        #expect(try PageSeal.open(upload.sealed, sha256: upload.sha256, with: central) == Self.page)
        #expect(upload.sealed.range(of: Self.page.suffix(64)) == nil, "no clear bytes of the scan")
    }

    @Test("A copy the gateway cannot open is sealed once more, and a second refusal is kept, never sent again")
    func refusedOnceThenKept() throws {
        let (fixture, record, _) = try Self.enrolled()
        let events = try fixture.store.pendingEvents(limit: 10)
        try fixture.store.recordPushResults(
            events.map { PushResult(seq: $0.seq, outcome: .applied, reason: nil) }, now: StoreFixture.now)
        let sha = PageSeal.address(of: Self.page)
        try fixture.store.recordPageRefused(sha, reason: "does not open")
        #expect(try fixture.store.pagesToSend().isEmpty, "waits for its new seal")
        try fixture.store.sealOutstanding()
        #expect(try fixture.store.pagesToSend().map(\.sha256) == [sha], "sealed again at the sign-in")
        try fixture.store.recordPageRefused(sha, reason: "does not open")
        try fixture.store.sealOutstanding()
        #expect(try fixture.store.pagesToSend().isEmpty, "a second refusal is kept")
        #expect(try fixture.store.attachedPages(of: record.code).first?.refused == "does not open")
        #expect(try fixture.store.pageBacklog(on: StoreFixture.now.date).refused == 1)
    }

    @Test("Held whole on the gateway, the sealed copy goes; a restored gateway is asked about it again")
    func storedThenAskedAgain() throws {
        let (fixture, _, _) = try Self.enrolled()
        let sha = PageSeal.address(of: Self.page)
        try fixture.store.recordPageReceipt(
            PageReceipt(sha256: sha, received: PageSeal.sealedSize(of: Self.page.count), complete: true), for: sha)
        #expect(try fixture.store.pageBacklog(on: StoreFixture.now.date).pages == 0)
        #expect(throws: (any Error).self) {
            try fixture.store.recordPageReceipt(
                PageReceipt(sha256: String(repeating: "0", count: 64), received: 1, complete: true), for: sha)
        }
        try fixture.store.writer.write { db in try FieldCaseStore.beginNewHistory(db, epoch: "e2") }
        #expect(try fixture.store.pageBacklog(on: StoreFixture.now.date).pages == 1)
        try fixture.store.sealOutstanding()
        #expect(try fixture.store.pageUpload(sha) != nil, "sealed again for the restored gateway to be asked")
    }

    @Test("Several files go in one transaction: a refused one leaves none attached")
    func allOrNone() throws {
        let (fixture, record, _) = try Self.enrolled()
        let before = try fixture.store.attachedPages(of: record.code)
        #expect(throws: DomainError.self) {
            try fixture.store.attachPages(
                [Self.page + Data([1]), Data("not a scan".utf8)], to: record.code, stage: .intake, component: nil,
                by: fixture.officer, now: StoreFixture.now)
        }
        #expect(try fixture.store.attachedPages(of: record.code) == before)
    }
}
