import FieldCaseCore
import FieldCaseWire
import Foundation
import Testing

@testable import FieldCaseSync

/// How the desk cuts its outbox into pushes: bodies it builds itself must be what `PushRequest` encodes, fit
/// their budget, and grow and shrink with the link without ever going past what the gateway takes.
struct PushBatchingTests {
    static func events(_ count: Int, payloadCharacters: Int = 400) -> [WireEvent] {
        (1...count).map { seq in
            WireEvent(
                seq: Int64(seq), eventID: UUID().uuidString, caseID: UUID().uuidString,
                caseCode: "02266-250610-1\(String(format: "%03d", seq % 1000))", kind: CaseEventKind.created,
                occurredAt: "2025-06-10T09:00:00+07:00", officer: "Nguyễn Thị \"Lan\"",
                payload: .object(["summary": .string(String(repeating: "đ", count: payloadCharacters))]))
        }
    }

    /// The same JSON value (Foundation's encoder orders keys as its dictionaries happen to).
    static func same(_ body: Data, _ request: PushRequest) throws -> Bool {
        let built = try JSONSerialization.jsonObject(with: body) as? NSDictionary
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(request)) as? NSDictionary
        return built != nil && built == encoded
    }

    @Test("The hand-built body is exactly PushRequest's JSON, within its budget, and never empty")
    func body() throws {
        let events = Self.events(50)
        let (all, body) = try SyncEngine.fitting(events, bytes: 10_000_000)
        #expect(all.count == 50)
        #expect(try Self.same(body, PushRequest(events: events)))
        let (some, cut) = try SyncEngine.fitting(events, bytes: 5_000)
        #expect(!some.isEmpty && some.count < 50 && cut.count <= 5_000)
        #expect(try Self.same(cut, PushRequest(events: some)))
        let (one, _) = try SyncEngine.fitting(events, bytes: 10)
        #expect(one.count == 1, "an event bigger than the budget still goes, alone")
        // A sync's first batch names the last answered event, within the same budget.
        let answered = "1C6A2B1E-7F0D-4E8A-9B43-2D5C0E6F8A91"
        let (named, first) = try SyncEngine.fitting(events, bytes: 5_000, answered: answered)
        #expect(first.count <= 5_000)
        #expect(try Self.same(first, PushRequest(events: named, answered: answered)))
    }

    @Test("Batches double while the link answers within a second, halve when slow, stay within the gateway's limit")
    func size() {
        var size = BatchSize()
        #expect(!size.canShrink)
        for _ in 0..<10 { size.adapt(after: 0.2) }
        #expect(size.bytes == SyncEngine.maxBatchBytes)
        #expect(size.bytes * 2 / 3 < 2 * 1024 * 1024, "even uncompressible, under the gateway's 2 MB as sent")
        size.adapt(after: 3)
        #expect(size.bytes == SyncEngine.maxBatchBytes, "between one and five seconds: unchanged")
        size.adapt(after: 8)
        #expect(size.bytes == SyncEngine.maxBatchBytes / 2)
        for _ in 0..<10 { size.shrink() }
        #expect(size.bytes == SyncEngine.batchBytes && !size.canShrink)
    }

    @Test("Timeouts and 413 ask for a smaller batch; a busy gateway's Retry-After asks for patience")
    func failures() {
        #expect(SyncError.unreachable(.noAnswer(seconds: 30)).asksForSmallerBatch)
        #expect(SyncError.refused(status: 413, message: "too large").asksForSmallerBatch)
        #expect(!SyncError.unreachable(.busy(503, retryAfter: 3)).asksForSmallerBatch)
        #expect(!SyncError.tokenRefused.asksForSmallerBatch)
    }
}
