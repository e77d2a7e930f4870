import FieldCaseGateway
import FieldCaseDomain
import FieldCaseHarness
import FieldCaseWire
import FieldCaseGatewayTesting
import Foundation
import Testing

/// What the gateway tells a desk must be the truth about the central record: each test pins one hole the
/// gateway refactor (shared engine, push planner, central rules) closed, on both storage backends.
@Suite(.tags(.slow, .postgres))
struct SyncTruthTests {
    static let commune = "02266"
    static let officer = "Sở Tư pháp"

    @Test(
        "Hole 1: a replayed conflict is answered duplicate with its original outcome and reason",
        arguments: Backend.allCases)
    func replayedConflict(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let code = Self.code(1)
        let batch = [
            StorageFixture.created(seq: 1),
            StorageFixture.statusChange(seq: 2, code: code, from: "received", to: "refused", reason: "thiếu giấy"),
        ]
        _ = try await repository.push([batch[0]], from: device, now: .now())
        _ = try await repository.setStatus(code: code, to: .processing, reason: nil, actor: Self.officer, now: .now())
        let first = try await repository.push([batch[1]], from: device, now: .now())
        let conflict = try #require(first.results.first)
        #expect(conflict.outcome == .conflict)
        #expect(conflict.reason != nil)

        // The answer was lost; the desk sends the whole batch again.
        let again = try await repository.push(batch, from: device, now: .now())
        #expect(again.results.map(\.outcome) == [.duplicate, .duplicate])
        #expect(again.ackedThrough == 2)
        let created = try #require(again.results.first)
        #expect(created.original == .applied)
        let replay = try #require(again.results.last)
        #expect(replay.seq == 2)
        #expect(replay.original == .conflict)
        #expect(replay.effectiveOutcome == .conflict)
        #expect(replay.reason == conflict.reason)
        #expect(replay.status == "processing")
        #expect(replay.change != nil)
        #expect(replay.change == conflict.change)
        // Nothing was applied twice: the central record is still the province's.
        #expect(try await repository.cases(communes: [Self.commune], status: nil).first?.status == .processing)
    }

    @Test(
        "Hole 2: a seq the gateway holds under another event id is diverged, and nothing behind it is applied",
        arguments: Backend.allCases)
    func divergence(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let events = (1...3).map { StorageFixture.created(seq: Int64($0)) }
        let first = try await repository.push(events, from: device, now: .now())
        #expect(first.ackedThrough == 3)

        // A desk restored from an older copy numbers a different dossier as seq 3.
        let other = StorageFixture.created(seq: 3, number: 9)
        let next = StorageFixture.created(seq: 4)
        let answer = try await repository.push([other, next], from: device, now: .now())
        #expect(answer.results.map(\.seq) == [3])
        #expect(answer.results.first?.outcome == .diverged)
        #expect(answer.results.first?.reason != nil)
        #expect(answer.ackedThrough == 3)

        let codes = Set(try await repository.cases(communes: [Self.commune], status: nil).map(\.code))
        #expect(codes == Set((1...3).map(Self.code)))
        #expect(!codes.contains(other.caseCode))
        #expect(!codes.contains(next.caseCode))
        #expect(try await repository.devices().first?.last_seq == 3)
    }

    @Test("Hole 4: a status event for another case under the same code is rejected", arguments: Backend.allCases)
    func statusForAnotherCase(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let code = Self.code(1)
        _ = try await repository.push([StorageFixture.created(seq: 1)], from: device, now: .now())

        // Same code, another dossier: the desk issued the code twice.
        var foreign = StorageFixture.statusChange(seq: 2, code: code, from: "received", to: "processing")
        foreign.caseID = "another-case-under-\(code)"
        let answer = try await repository.push([foreign], from: device, now: .now())
        let result = try #require(answer.results.first)
        #expect(result.outcome == .rejected)
        #expect(result.reason?.isEmpty == false)
        // The dossier under that code is not this event's: its status is not reported as this event's result.
        #expect(result.status == nil)
        #expect(answer.ackedThrough == 2)
        #expect(try await repository.cases(communes: [Self.commune], status: nil).first?.status == .received)
    }

    @Test(
        "Hole 6: a new identity continues its revoked predecessor's seq series and learns the terminal's dossier numbers",
        arguments: Backend.allCases)
    func newIdentityContinues(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        /// Every identity of this test enrolls in the same second, as an operator replacing laptops in
        /// quick succession (or a test) does: "newest predecessor" must not depend on the clock's resolution.
        let now = LocalTime.now()
        let first = try await Self.enrollResponse(repository, acknowledgedSeq: nil, now: now)
        var device = try #require(try await repository.device(forToken: first.deviceToken, now: now))
        let events = (1...5).map { StorageFixture.created(seq: Int64($0)) }
        #expect(try await repository.push(events, from: device, now: .now()).ackedThrough == 5)
        #expect(try await repository.revoke(deviceID: device.id, now: .now()))

        // The replacement laptop claims it acknowledged nothing: the gateway's own records decide.
        let second = try await Self.enrollResponse(repository, acknowledgedSeq: 0, now: now)
        #expect(second.lastSeq == 5)
        #expect(second.dossierNumbers.contains(DossierNumber(date: "2025-06-10", last: 5)))
        device = try #require(try await repository.device(forToken: second.deviceToken, now: .now()))
        #expect(device.lastSeq == 5)

        // The old identity's event, replayed under the new token, is found in the same series.
        let sixth = StorageFixture.created(seq: 6)
        let answer = try await repository.push([events[0], sixth], from: device, now: .now())
        #expect(answer.results.map(\.outcome) == [.duplicate, .applied])
        #expect(answer.results.first?.original == .applied)
        #expect(answer.ackedThrough == 6)
        #expect(try await repository.cases(communes: [Self.commune], status: nil).count == 6)

        // A third identity whose desk claims more than the gateway holds still starts from the gateway's seq,
        // and its replay of the second identity's last event is a duplicate, not a new judgement.
        #expect(try await repository.revoke(deviceID: device.id, now: .now()))
        let third = try await Self.enrollResponse(repository, acknowledgedSeq: 99, now: now)
        #expect(third.lastSeq == 6)
        #expect(third.dossierNumbers.contains(DossierNumber(date: "2025-06-10", last: 6)))
        device = try #require(try await repository.device(forToken: third.deviceToken, now: .now()))
        let replay = try await repository.push([sixth], from: device, now: .now())
        #expect(replay.results.map(\.outcome) == [.duplicate])
        #expect(replay.results.first?.original == .applied)

        // More replacements in the same second: each continues the one just revoked, never an older one.
        var last: Int64 = 6
        for _ in 0..<4 {
            #expect(try await repository.revoke(deviceID: device.id, now: .now()))
            let next = try await Self.enrollResponse(repository, acknowledgedSeq: nil, now: now)
            #expect(next.lastSeq == last, "a new identity started from \(next.lastSeq), not \(last)")
            device = try #require(try await repository.device(forToken: next.deviceToken, now: .now()))
            last += 1
            let pushed = try await repository.push([StorageFixture.created(seq: last)], from: device, now: .now())
            #expect(pushed.results.map(\.outcome) == [.applied], "seq \(last): \(pushed.results)")
        }
        let live = try await repository.devices().filter { !$0.revoked }
        #expect(live.map(\.last_seq) == [last])
    }

    @Test(
        "Hole 8: concurrent pushes and provincial updates on the same dossiers never fail",
        arguments: Backend.allCases)
    func concurrentPushesAndUpdates(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let count = 40
        let owner = try await Self.device(fixture, try await fixture.enroll(terminal: 1))
        let created = try await repository.push(
            (1...count).map { StorageFixture.created(seq: Int64($0)) }, from: owner, now: .now())
        #expect(created.results.allSatisfy { $0.outcome == .applied })
        var pushers: [Device] = []
        for terminal in 2...4 {
            pushers.append(try await Self.device(fixture, try await fixture.enroll(terminal: terminal)))
        }
        let codes = (1...count).map(Self.code)
        /// Each pusher walks every dossier through processing → supplement → processing, in its own order.
        let steps: [(CaseStatus, CaseStatus)] = [
            (.received, .processing), (.processing, .supplementRequested), (.supplementRequested, .processing),
        ]
        var batches: [[[WireEvent]]] = []
        var generator = SplitMix64(seed: 8)
        for _ in pushers {
            var seq: Int64 = 0
            batches.append(
                steps.map { from, to in
                    codes.shuffled(using: &generator).map { code in
                        seq += 1
                        return StorageFixture.statusChange(seq: seq, code: code, from: from.rawValue, to: to.rawValue)
                    }
                })
        }
        let provincialOrders = (0..<3).map { _ in codes.shuffled(using: &generator) }
        let provincialTargets: [CaseStatus] = [.processing, .paymentRequested, .processing, .supplementRequested]

        let failures = await withTaskGroup(of: [String].self) { group in
            for (device, batches) in zip(pushers, batches) {
                group.addTask {
                    var failures: [String] = []
                    for batch in batches {
                        // Every batch twice: the second is a retry whose answer must be all duplicates.
                        for attempt in 0..<2 {
                            do {
                                let answer = try await repository.push(batch, from: device, now: .now())
                                if attempt == 1, !answer.results.allSatisfy({ $0.outcome == .duplicate }) {
                                    failures.append("retry from terminal \(device.terminal): \(answer.results)")
                                }
                            } catch {
                                failures.append("push from terminal \(device.terminal): \(error)")
                            }
                        }
                    }
                    return failures
                }
            }
            for order in provincialOrders {
                group.addTask {
                    var failures: [String] = []
                    for target in provincialTargets {
                        for code in order {
                            do {
                                _ = try await repository.setStatus(
                                    code: code, to: target, reason: nil, actor: Self.officer, now: .now())
                            } catch CentralError.invalidTransition, CentralError.unknownCase {
                                continue
                            } catch {
                                failures.append("setStatus \(code) → \(target.rawValue): \(error)")
                            }
                        }
                    }
                    return failures
                }
            }
            var all: [String] = []
            for await failures in group { all += failures }
            return all
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")

        // Every device's changes together: all provincial updates and every event's result.
        var changes: [Int64: WireChange] = [:]
        for device in [owner] + pushers {
            for change in try await Self.allChanges(repository, device) { changes[change.change] = change }
        }
        let central = try await repository.cases(communes: [Self.commune], status: nil)
        #expect(central.count == count)
        for record in central {
            let history = changes.values.filter { $0.caseCode == record.code }.sorted { $0.change < $1.change }
            #expect(Self.replay(history) == record.status, "\(record.code): \(history.map(Self.describe))")
        }

        // The events table: every pushed event held once, its stored answer the change that reported it.
        let pushed = batches.flatMap { $0.flatMap { $0 } }.map(\.eventID)
        let held = try await repository.reconcile(ReconcileRequest(eventIDs: pushed, caseCodes: []), for: owner).held
        #expect(held.count == pushed.count)
        for event in held {
            let change = try #require(event.change.flatMap { changes[$0] }, "no change for \(event.eventID)")
            #expect(change.kind == .eventResult)
            #expect(change.outcome == event.outcome)
            #expect(change.status == event.status)
        }
        let seqs = try await repository.devices().filter { $0.terminal > 1 }.map(\.last_seq)
        #expect(seqs == Array(repeating: 3 * Int64(count), count: pushers.count))
    }

    @Test(
        "Hole 10: a case.created reusing a held case id under a new code is rejected and does not block the queue",
        arguments: Backend.allCases)
    func reusedCaseID(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let original = StorageFixture.created(seq: 1)
        var reused = StorageFixture.created(seq: 2)
        reused.caseID = original.caseID
        let answer = try await repository.push(
            [original, reused, StorageFixture.created(seq: 3)], from: device, now: .now())
        #expect(answer.results.map(\.outcome) == [.applied, .rejected, .applied])
        #expect(answer.results[1].reason?.contains(original.caseCode) == true)
        #expect(answer.ackedThrough == 3)
        let codes = Set(try await repository.cases(communes: [Self.commune], status: nil).map(\.code))
        #expect(codes == [Self.code(1), Self.code(3)])

        // Eight desks race for one terminal: one wins, the others hear "terminal taken" and nothing else.
        let now = LocalTime.now()
        var tokens: [String] = []
        for _ in 0..<8 {
            tokens.append(
                try await repository.createEnrollmentToken(
                    commune: Self.commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now))
        }
        let outcomes = await withTaskGroup(of: String.self) { group in
            for token in tokens {
                group.addTask {
                    let request = EnrollRequest(
                        token: token, terminal: 5, unitCode: Self.commune, communeCode: Self.commune)
                    do {
                        _ = try await repository.enroll(request, now: .now())
                        return "enrolled"
                    } catch CentralError.terminalTaken {
                        return "taken"
                    } catch {
                        return "\(error)"
                    }
                }
            }
            var outcomes: [String] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes
        }
        #expect(outcomes.filter { $0 == "enrolled" }.count == 1, "\(outcomes)")
        #expect(outcomes.filter { $0 == "taken" }.count == 7, "\(outcomes)")
        #expect(try await repository.devices().filter { $0.terminal == 5 }.count == 1)
    }

    @Test("Hole 11: a conflict stays open through later updates until resolved", arguments: Backend.allCases)
    func conflictStaysOpen(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let code = Self.code(1)
        _ = try await repository.push([StorageFixture.created(seq: 1)], from: device, now: .now())
        _ = try await repository.setStatus(code: code, to: .processing, reason: nil, actor: Self.officer, now: .now())
        let stale = StorageFixture.statusChange(seq: 2, code: code, from: "received", to: "processing")
        #expect(try await repository.push([stale], from: device, now: .now()).results.first?.outcome == .conflict)

        // A later provincial update and a later desk event that applies do not close the conflict.
        _ = try await repository.setStatus(
            code: code, to: .supplementRequested, reason: nil, actor: Self.officer, now: .now())
        let later = StorageFixture.statusChange(seq: 3, code: code, from: "supplement_requested", to: "processing")
        #expect(try await repository.push([later], from: device, now: .now()).results.first?.outcome == .applied)
        let open = try await repository.openConflicts()
        #expect(open.count == 1)
        let conflict = try #require(open.first)
        #expect(conflict.case_code == code)
        #expect(conflict.seq == 2)
        #expect(conflict.device_id == device.id)
        let record = try #require(try await repository.cases(communes: [Self.commune], status: nil).first)
        #expect(record.status == .processing)
        #expect(record.conflict != nil)
        #expect(record.conflict == conflict.reason)

        let id = conflict.id
        #expect(try await repository.resolveConflict(id: id, by: Self.officer, note: "đã gọi xã", now: .now()))
        #expect(try await repository.openConflicts().isEmpty)
        #expect(try await repository.cases(communes: [Self.commune], status: nil).first?.conflict == nil)
        #expect(try await repository.resolveConflict(id: id, by: Self.officer, note: "again", now: .now()) == false)
    }

    @Test(
        "Hole 13: the gateway refuses desk times beyond the allowance and computes due dates itself",
        arguments: Backend.allCases)
    func deskTimesAndDueDates(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let device = try await Self.device(fixture, try await fixture.enroll())
        let now = LocalTime.now()
        let ahead = now.adding(seconds: 72 * 3600)

        // A desk clock three days ahead: in received_at, then in occurred_at.
        let future = Self.created(seq: 1, number: 1, receivedAt: ahead.iso8601, occurredAt: now.iso8601)
        let futureEvent = Self.created(seq: 2, number: 2, occurredAt: ahead.iso8601)
        // A desk that sends its own (wrong) due date: the gateway computes the statutory one.
        let procedure = try #require(try Catalog.embedded().procedures.first(where: { $0.code == "1.004222" }))
        let received = try #require(LocalTime(iso8601: "2025-06-10T09:00:00+07:00"))
        let bogus = Self.created(
            seq: 3, number: 3, procedure: procedure.code, receivedAt: received.iso8601,
            dueAt: "2030-01-01T17:00:00+07:00")
        let answer = try await repository.push([future, futureEvent, bogus], from: device, now: now)
        #expect(answer.results.map(\.outcome) == [.rejected, .rejected, .applied])
        for refused in answer.results.prefix(2) {
            #expect(refused.reason?.contains("clock") == true, "\(refused.reason ?? "no reason")")
        }

        let calendar = try Catalog.embedded().calendar
        let statutory = try calendar.dueTime(receivedAt: received, processing: procedure.processing)
        let code = bogus.caseCode
        let stored = try #require(try await Self.record(repository, code))
        #expect(LocalTime(iso8601: stored.dueAt) == statutory)
        #expect(stored.dueAt != "2030-01-01T17:00:00+07:00")

        // Into a supplement request on Wednesday 09:00 and back on Thursday 09:00: a working day paused.
        let pauseStart = try #require(LocalTime(iso8601: "2025-06-11T09:00:00+07:00"))
        let pauseEnd = try #require(LocalTime(iso8601: "2025-06-12T09:00:00+07:00"))
        let moves = [
            Self.statusChange(seq: 4, code: code, .received, .processing, at: "2025-06-10T10:00:00+07:00"),
            Self.statusChange(seq: 5, code: code, .processing, .supplementRequested, at: pauseStart.iso8601),
        ]
        #expect(
            try await repository.push(moves, from: device, now: now).results.map(\.outcome) == [.applied, .applied])
        let paused = try #require(try await Self.record(repository, code))
        #expect(paused.status == .supplementRequested)
        #expect(paused.pausedSince.flatMap(LocalTime.init(iso8601:)) == pauseStart)
        #expect(LocalTime(iso8601: paused.dueAt) == statutory)

        let back = Self.statusChange(seq: 6, code: code, .supplementRequested, .processing, at: pauseEnd.iso8601)
        #expect(try await repository.push([back], from: device, now: now).results.first?.outcome == .applied)
        let resumed = try #require(try await Self.record(repository, code))
        let due = try #require(LocalTime(iso8601: resumed.dueAt))
        #expect(due > statutory)
        #expect(due == calendar.effectiveDue(statutory, pausedSince: pauseStart, now: pauseEnd))
        #expect(resumed.pausedSince == nil)
    }
}

// MARK: - Helpers

extension SyncTruthTests {
    /// The dossier code `created(seq:number:)` gives terminal 1 of the test commune on 2025-06-10.
    static func code(_ number: Int) -> String { "\(commune)-250610-1\(String(format: "%03d", number))" }

    static func device(_ fixture: StorageFixture, _ token: String) async throws -> Device {
        try #require(try await fixture.repository.device(forToken: token, now: .now()))
    }

    /// Enrolls terminal 1 of the test commune, with what an older desk says it acknowledged.
    static func enrollResponse(
        _ repository: any CentralRepository, acknowledgedSeq: Int64?, now: LocalTime = .now()
    ) async throws -> EnrollResponse {
        let token = try await repository.createEnrollmentToken(
            commune: commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        return try await repository.enroll(
            EnrollRequest(
                token: token, terminal: 1, unitCode: commune, communeCode: commune, acknowledgedSeq: acknowledgedSeq),
            now: now)
    }

    static func record(_ repository: any CentralRepository, _ code: String) async throws -> CentralCase? {
        try await repository.cases(communes: [commune], status: nil).first { $0.code == code }
    }

    /// A `case.created` of terminal 1 with the times and procedure a test chooses.
    static func created(
        seq: Int64, number: Int, procedure: String = "1.001193", receivedAt: String = "2025-06-10T09:00:00+07:00",
        dueAt: String = "2025-06-10T17:00:00+07:00", occurredAt: String = "2025-06-10T09:00:00+07:00"
    ) -> WireEvent {
        var event = StorageFixture.created(seq: seq, number: number)
        guard case .object(var payload) = event.payload else { return event }
        payload["procedure_code"] = .string(procedure)
        payload["received_at"] = .string(receivedAt)
        payload["due_at"] = .string(dueAt)
        event.payload = .object(payload)
        event.occurredAt = occurredAt
        return event
    }

    static func statusChange(seq: Int64, code: String, _ from: CaseStatus, _ to: CaseStatus, at time: String)
        -> WireEvent
    {
        var event = StorageFixture.statusChange(seq: seq, code: code, from: from.rawValue, to: to.rawValue)
        event.occurredAt = time
        return event
    }

    /// Every change the device may pull, its own results included, page by page.
    static func allChanges(_ repository: any CentralRepository, _ device: Device) async throws -> [WireChange] {
        var changes: [WireChange] = []
        var cursor: Int64 = 0
        while true {
            let page = try await repository.pull(PullQuery(after: cursor, limit: 500, resultsAfter: 0), for: device)
            changes += page.changes
            cursor = page.nextCursor
            if !page.hasMore { return changes }
        }
    }

    /// The status a dossier's changes, in commit order, lead to; nil when a step is not a legal one: an
    /// applied result or a provincial update must be an allowed move, a refused result must report the
    /// status the dossier then had. A desk's move of another terminal's dossier is also announced to the
    /// commune as a status update right after its result: that notice repeats the status, it moves nothing.
    static func replay(_ history: [WireChange]) -> CaseStatus? {
        var current: CaseStatus?
        var previous: WireChange?
        for change in history {
            defer { previous = change }
            let status = change.status.flatMap(CaseStatus.init(rawValue:))
            switch (change.kind, change.outcome) {
            case (.eventResult, .applied?) where current == nil:
                guard status == .received else { return nil }
                current = status
            case (.statusUpdate, _)
            where previous?.kind == .eventResult && previous?.outcome == .applied
                && previous?.change == change.change - 1 && status == current:
                continue
            case (.statusUpdate, _), (.eventResult, .applied?):
                guard let next = status, let now = current, now.allowedNext.contains(next) else { return nil }
                current = next
            case (.eventResult, _):
                guard change.status == nil || status == current else { return nil }
            }
        }
        return current
    }

    static func describe(_ change: WireChange) -> String {
        "\(change.change) \(change.kind.rawValue) \(change.outcome?.rawValue ?? "-") \(change.status ?? "-")"
    }

    @Test(
        "A lost enrollment answer: the same token gets the same device again with a new token, until it is first seen",
        arguments: Backend.allCases)
    func lostEnrollmentAnswer(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let repository = fixture.repository
        let now = LocalTime.now()
        let token = try await repository.createEnrollmentToken(
            commune: Self.commune, terminal: nil, expiresAt: now.adding(seconds: 3600), now: now)
        let request = EnrollRequest(token: token, terminal: 1, unitCode: Self.commune, communeCode: Self.commune)
        let lost = try await repository.enroll(request, now: now)
        let again = try await repository.enroll(request, now: now)
        #expect(again.deviceID == lost.deviceID, "no second device for one desk")
        #expect(again.deviceToken != lost.deviceToken)
        #expect(try await repository.device(forToken: lost.deviceToken, now: now) == nil, "the lost token is void")
        #expect(try await repository.devices().count == 1)
        // Once the device has called in, the token is spent for good.
        _ = try #require(try await repository.device(forToken: again.deviceToken, now: now))
        await #expect(throws: CentralError.invalidEnrollmentToken) {
            _ = try await repository.enroll(request, now: now)
        }
        // Another terminal with the same used token gets nothing.
        let other = EnrollRequest(token: token, terminal: 2, unitCode: Self.commune, communeCode: Self.commune)
        await #expect(throws: CentralError.invalidEnrollmentToken) { _ = try await repository.enroll(other, now: now) }
    }

    @Test("A device revoked while its push is on its way writes nothing", arguments: Backend.allCases)
    func revokedDuringPush(backend: Backend) async throws {
        let fixture = try await StorageFixture(backend)
        defer { fixture.remove() }
        let device = try #require(
            try await fixture.repository.device(forToken: try await fixture.enroll(), now: .now()))
        #expect(try await fixture.repository.revoke(deviceID: device.id, now: .now()))
        await #expect(throws: CentralError.deviceRevoked) {
            _ = try await fixture.repository.push([StorageFixture.created(seq: 1)], from: device, now: .now())
        }
        #expect(try await fixture.repository.cases(communes: nil, status: nil).isEmpty)
    }
}
