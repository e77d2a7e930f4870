import FieldCaseDomain
import FieldCaseWire

/// An event the gateway already holds under a device's seq series, with the answer it was given.
public struct StoredEvent: Sendable, Hashable {
    public let seq: Int64
    public let eventID: String
    public let outcome: PushOutcome
    public let reason: String?
    public let change: Int64?
    public let statusAfter: String?
    /// The dossier's clock kept with the answer's change.
    public let clockAfter: WireClock?

    public init(
        seq: Int64, eventID: String, outcome: PushOutcome, reason: String?, change: Int64?, statusAfter: String?,
        clockAfter: WireClock?
    ) {
        self.seq = seq
        self.eventID = eventID
        self.outcome = outcome
        self.reason = reason
        self.change = change
        self.statusAfter = statusAfter
        self.clockAfter = clockAfter
    }
}

/// What a backend reads, inside the transaction that will write the outcome, before a batch is judged.
public struct PushSnapshot: Sendable {
    /// The device's last applied seq, read under the device row's lock.
    public let lastSeq: Int64
    /// Events of the device's seq series under the batch's seqs that the gateway already holds.
    public let stored: [Int64: StoredEvent]
    /// Central records under the batch's dossier codes.
    public let casesByCode: [String: CentralCaseState]
    /// The code under which each of the batch's case ids is held, where it is.
    public let codesByCaseID: [String: String]
    /// New events of the batch (above `lastSeq`) whose event id the device's series already holds under
    /// another seq or device (a replaced laptop's bundle imported for its successor, which then sent the same
    /// events again after reconciling): by event id, with the answer they were given.
    public let heldInSeries: [String: StoredEvent]

    public init(
        lastSeq: Int64, stored: [Int64: StoredEvent], casesByCode: [String: CentralCaseState],
        codesByCaseID: [String: String], heldInSeries: [String: StoredEvent] = [:]
    ) {
        self.lastSeq = lastSeq
        self.stored = stored
        self.casesByCode = casesByCode
        self.codesByCaseID = codesByCaseID
        self.heldInSeries = heldInSeries
    }
}

/// One event judged: what the backend writes for it.
extension PushPlan {
    /// The payload bytes the judged events store, counted against the device's quota.
    public var storedBytes: Int { judged.reduce(0) { $0 + $1.payload.utf8.count } }
}

public struct JudgedEvent: Sendable {
    public let event: WireEvent
    public let decision: ApplyDecision
    /// The dossier's central status after the event, when the dossier is on the central system.
    public let statusAfter: CaseStatus?
    /// The dossier's central clock after the event, with `statusAfter`.
    public let clockAfter: CaseClock?
    public let payload: String
    /// Set for an applied move: it goes down to the commune's other desks as a status update, so every desk
    /// that holds the dossier (its creator, a colleague's desk, a laptop cloned from it) learns it.
    public let notice: StatusNotice?
}

/// A status update the gateway sends down to the commune's other desks for a desk's applied move.
public struct StatusNotice: Sendable {
    public let actor: String
    public let reason: String?
}

/// A batch judged: the events to write in order, and how to answer each event of the request.
public struct PushPlan: Sendable {
    enum Reply: Sendable {
        case judged(Int)
        case duplicate(StoredEvent)
        case diverged(seq: Int64, reason: String)
    }

    public let judged: [JudgedEvent]
    let replies: [Reply]
    public let lastSeq: Int64
    let expectedSeq: Int64?

    /// The answer, once the backend has written the judged events and numbered their results.
    func response(changes: [Int64], epoch: String) -> PushResponse {
        let results = replies.map { reply -> PushResult in
            switch reply {
            case .judged(let index):
                let judged = judged[index]
                if case .heldAlready(let held) = judged.decision {
                    return PushResult(
                        seq: judged.event.seq, outcome: .duplicate, reason: held.reason, original: held.outcome,
                        change: changes[index], status: judged.statusAfter?.rawValue, clock: judged.clockAfter?.wire)
                }
                return PushResult(
                    seq: judged.event.seq, outcome: judged.decision.outcome, reason: judged.decision.reason,
                    change: changes[index], status: judged.statusAfter?.rawValue, clock: judged.clockAfter?.wire)
            case .duplicate(let stored):
                return PushResult(
                    seq: stored.seq, outcome: .duplicate, reason: stored.reason, original: stored.outcome,
                    change: stored.change, status: stored.statusAfter, clock: stored.clockAfter)
            case .diverged(let seq, let reason):
                return PushResult(seq: seq, outcome: .diverged, reason: reason)
            }
        }
        return PushResponse(ackedThrough: lastSeq, expectedSeq: expectedSeq, results: results, epoch: epoch)
    }
}

/// Sequencing and judgement of one push, the same for every storage backend: pure, over a snapshot.
public struct PushPlanner: Sendable {
    let rules: GatewayRules

    /// Events at or below the device's last seq are replays when the gateway holds the same event id
    /// there, and a divergence otherwise; the next seq is judged; a gap or a divergence ends the batch.
    public func plan(_ events: [WireEvent], device: Device, snapshot: PushSnapshot, now: LocalTime) -> PushPlan {
        var last = snapshot.lastSeq
        var cases = snapshot.casesByCode
        var codesByCaseID = snapshot.codesByCaseID
        var judged: [JudgedEvent] = []
        var replies: [PushPlan.Reply] = []
        var expected: Int64?
        for event in events.sorted(by: { $0.seq < $1.seq }) {
            if event.seq <= last {
                guard let stored = snapshot.stored[event.seq], stored.eventID == event.eventID else {
                    replies.append(.diverged(seq: event.seq, reason: Self.divergence(seq: event.seq)))
                    break
                }
                replies.append(.duplicate(stored))
                continue
            }
            guard event.seq == last + 1 else {
                expected = last + 1
                break
            }
            let decision =
                snapshot.heldInSeries[event.eventID].map(ApplyDecision.heldAlready)
                ?? CentralRules.decide(
                    event, device: device, existing: cases[event.caseCode], codeOfCaseID: codesByCaseID[event.caseID],
                    now: now, rules: rules)
            var after = cases[event.caseCode]
            var notice: StatusNotice?
            switch decision {
            case .create(let state, _, _, _), .move(let state, _):
                cases[state.code] = state
                codesByCaseID[state.caseID] = state.code
                after = state
                if case .move(_, let reason) = decision {
                    notice = StatusNotice(actor: "terminal \(device.terminal): \(event.officer)", reason: reason)
                }
            case .attach:
                break
            case .reject, .conflict, .heldAlready:
                // A rejected dossier's own central record is not this event's: report a status only for its case,
                // and never for another commune's dossier.
                if after?.caseID != event.caseID || after?.communeCode != device.communeCode { after = nil }
            }
            let payload = (try? decision.storedPayload(of: event)) ?? "{}"
            replies.append(.judged(judged.count))
            judged.append(
                JudgedEvent(
                    event: event, decision: decision, statusAfter: after?.status, clockAfter: after?.clock,
                    payload: payload, notice: notice))
            last = event.seq
        }
        return PushPlan(judged: judged, replies: replies, lastSeq: last, expectedSeq: expected)
    }

    static func divergence(seq: Int64) -> String {
        "the central system holds another event under seq \(seq): this desk's numbering went back "
            + "(a home restored from an older copy, or cloned to a second laptop)"
    }
}
