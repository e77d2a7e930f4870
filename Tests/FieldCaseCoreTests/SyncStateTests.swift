import FieldCaseWire
import Foundation
import GRDB
import Testing

@testable import FieldCaseCore

/// How the desk's store takes the central system's answers: wire numbers, duplicates, central statuses.
struct SyncStateTests {
    @Test("Hole 3: a retried newest item goes out under a new wire number, never the one it was rejected under")
    func retryOfNewestItemGetsANewNumber() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let first = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: first.seq, outcome: .rejected, reason: "the desk's clock")], now: StoreFixture.now)
        let item = try #require(try fixture.store.queueSummary().items.first { $0.caseCode == record.code })
        _ = try fixture.store.retry(item: item.seq, by: fixture.officer, now: StoreFixture.now)
        let again = try #require(try fixture.store.pendingEvents(limit: 10).first)
        #expect(again.eventID == first.eventID)
        #expect(again.seq == first.seq + 1, "MAX(wire_seq)+1 gave the retried newest item its old number back")
    }

    @Test("Hole 1: a duplicate answer counts as its original outcome, with the gateway's reason")
    func duplicateKeepsOriginalOutcome() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let event = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [
                PushResult(
                    seq: event.seq, outcome: .duplicate, reason: "the central record is processing", original: .conflict
                )
            ],
            now: StoreFixture.now)
        let summary = try fixture.store.queueSummary()
        #expect(summary.counts[.conflict] == 1)
        #expect(summary.counts[.synced] == nil)
        #expect(summary.items.first { $0.caseCode == record.code }?.lastError == "the central record is processing")
    }

    @Test("Hole 5: a provincial update older than the central status the desk holds never overwrites it")
    func staleProvincialUpdateIsKeptButNotApplied() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let created = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: created.seq, outcome: .applied, reason: nil, change: 3, status: "received")],
            now: StoreFixture.now)
        _ = try fixture.store.changeStatus(
            code: record.code, to: .processing, reason: nil, by: fixture.officer, now: StoreFixture.now)
        let moved = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: moved.seq, outcome: .applied, reason: nil, change: 12, status: "processing")],
            now: StoreFixture.now)
        // A pull then brings an update the province made before the desk's move (change 8 < 12).
        try fixture.store.applyPulledPage(
            [
                WireChange(
                    change: 8, kind: .statusUpdate, caseCode: record.code, seq: nil, outcome: nil, status: "withdrawn",
                    reason: "late", actor: "Sở Tư pháp", occurredAt: "2025-06-10T08:00:00+07:00")
            ], nextCursor: 12, now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .processing)
        #expect(try fixture.store.centralUpdates(ofCase: record.code).map(\.change) == [8], "kept in the history")
        // A newer one does apply.
        try fixture.store.applyPulledPage(
            [
                WireChange(
                    change: 15, kind: .statusUpdate, caseCode: record.code, seq: nil, outcome: nil, status: "resolved",
                    reason: nil, actor: "Sở Tư pháp", occurredAt: "2025-06-10T10:00:00+07:00")
            ], nextCursor: 15, now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .resolved)
    }

    @Test("A provincial update of another dossier under the same code never moves the desk's dossier")
    func updateOfAnotherCaseUnderTheCode() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let created = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: created.seq, outcome: .applied, reason: nil, change: 1, status: "received")],
            now: StoreFixture.now)
        func update(_ change: Int64, caseID: String) -> WireChange {
            WireChange(
                change: change, kind: .statusUpdate, caseCode: record.code, seq: nil, outcome: nil, status: "resolved",
                reason: nil, actor: "Sở Tư pháp", occurredAt: "2025-06-10T10:00:00+07:00", caseID: caseID)
        }
        try fixture.store.applyPulledPage([update(4, caseID: "forged-case")], nextCursor: 4, now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .received)
        #expect(try fixture.store.centralUpdates(ofCase: record.code).isEmpty)
        try fixture.store.applyPulledPage([update(5, caseID: record.id)], nextCursor: 5, now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .resolved)
    }

    @Test("A desk change still waiting to leave keeps the desk's status until its answer brings the central one")
    func pendingLocalChangeWinsUntilAnswered() throws {
        let fixture = try StoreFixture()
        let record = try fixture.add()
        let created = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: created.seq, outcome: .applied, reason: nil, change: 1, status: "received")],
            now: StoreFixture.now)
        _ = try fixture.store.changeStatus(
            code: record.code, to: .processing, reason: nil, by: fixture.officer, now: StoreFixture.now)
        try fixture.store.applyPulledPage(
            [
                WireChange(
                    change: 5, kind: .statusUpdate, caseCode: record.code, seq: nil, outcome: nil, status: "withdrawn",
                    reason: nil, actor: "Sở Tư pháp", occurredAt: "2025-06-10T08:30:00+07:00")
            ], nextCursor: 5, now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .processing)
        // The move meets the newer central record: conflict, and the central status is the dossier's.
        let moved = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [
                PushResult(
                    seq: moved.seq, outcome: .conflict, reason: "the central record is withdrawn", change: 9,
                    status: "withdrawn")
            ],
            now: StoreFixture.now)
        #expect(try fixture.store.caseRecord(code: record.code)?.status == .withdrawn)
        #expect(try fixture.store.queueSummary().counts[.conflict] == 1, "the conflict stays in the queue")
    }

    @Test("Hole 2: a diverged answer leaves the item pending and stops the desk until it enrolls again")
    func divergenceStopsTheDesk() throws {
        let fixture = try StoreFixture()
        try fixture.store.saveEnrollment(
            centralURL: "http://127.0.0.1:1",
            answer: EnrollResponse(
                deviceID: "d", deviceToken: "t", communeCode: "02266", terminal: 2, lastSeq: 0, dossierNumbers: [],
                epoch: "e1"), terminal: 2, by: fixture.officer, now: StoreFixture.now)
        _ = try fixture.add()
        let event = try #require(try fixture.store.pendingEvents(limit: 10).first)
        try fixture.store.recordPushResults(
            [PushResult(seq: event.seq, outcome: .diverged, reason: "another event under seq 1")], now: StoreFixture.now
        )
        #expect(try fixture.store.pendingCount() == 1)
        #expect(try fixture.store.enrollment()?.diverged == "another event under seq 1")
    }

    @Test("Hole 6: enrolling takes the identity's seq series and the terminal's dossier numbers from the gateway")
    func enrollmentContinuesNumbers() throws {
        let fixture = try StoreFixture()
        try fixture.store.saveEnrollment(
            centralURL: "http://127.0.0.1:1",
            answer: EnrollResponse(
                deviceID: "d", deviceToken: "t", communeCode: "02266", terminal: 2, lastSeq: 41,
                dossierNumbers: [DossierNumber(date: "2025-06-10", last: 7)], epoch: "e1"), terminal: 2,
            by: fixture.officer,
            now: StoreFixture.now)
        let record = try fixture.add()
        #expect(record.code == "02266-250610-2008", "a replacement laptop never mints a code already used")
        #expect(try fixture.store.pendingEvents(limit: 10).first?.seq == 42)
    }
}
