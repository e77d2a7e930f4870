import FieldCaseDomain
import FieldCaseWire
import Foundation

/// A device as the gateway's own records describe it.
public struct Device: Sendable, Hashable {
    public let id: String
    public let communeCode: String
    public let terminal: Int
    public let unitCode: String
    public let lastSeq: Int64
    public let revoked: Bool
    /// The identity's seq series: a device that replaces a revoked one continues its predecessor's series,
    /// so a replayed event finds the answer it was given under the old token.
    public let streamID: String

    public init(
        id: String, communeCode: String, terminal: Int, unitCode: String, lastSeq: Int64, revoked: Bool,
        streamID: String? = nil
    ) {
        self.id = id
        self.communeCode = communeCode
        self.terminal = terminal
        self.unitCode = unitCode
        self.lastSeq = lastSeq
        self.revoked = revoked
        self.streamID = streamID ?? id
    }
}

/// The central record of a dossier, as far as judging events needs it.
public struct CentralCaseState: Sendable, Hashable {
    public let code: String
    public let caseID: String
    public let communeCode: String
    /// The device that created the dossier.
    public let deviceID: String
    public let status: CaseStatus
    public let clock: CaseClock

    public init(
        code: String, caseID: String, communeCode: String, deviceID: String, status: CaseStatus, clock: CaseClock
    ) {
        self.code = code
        self.caseID = caseID
        self.communeCode = communeCode
        self.deviceID = deviceID
        self.status = status
        self.clock = clock
    }

    /// A case as both stores keep it (status and times as text); a value that does not parse is a damaged
    /// row, never a default.
    package init(
        code: String, caseID: String, communeCode: String, deviceID: String, status: String, dueAt: String,
        pausedSince: String?, finishedAt: String?
    ) throws(CorruptRow) {
        func time(_ text: String, _ column: String) throws(CorruptRow) -> LocalTime {
            try LocalTime.stored(text, table: "cases", column: column, key: code)
        }
        self.init(
            code: code, caseID: caseID, communeCode: communeCode, deviceID: deviceID,
            status: try .stored(status, table: "cases", column: "status", key: code),
            clock: CaseClock(
                dueAt: try time(dueAt, "due_at"),
                pausedSince: try pausedSince.map { text throws(CorruptRow) in try time(text, "paused_since") },
                finishedAt: try finishedAt.map { text throws(CorruptRow) in try time(text, "finished_at") }))
    }

    /// The same dossier with its clock counted again.
    func with(clock: CaseClock) -> CentralCaseState {
        CentralCaseState(
            code: code, caseID: caseID, communeCode: communeCode, deviceID: deviceID, status: status, clock: clock)
    }

    func moved(to next: CaseStatus, at time: LocalTime, calendar: WorkCalendar) -> CentralCaseState {
        CentralCaseState(
            code: code, caseID: caseID, communeCode: communeCode, deviceID: deviceID, status: next,
            clock: clock.moved(to: next, at: time, calendar: calendar))
    }
}

/// What the gateway judges with: the catalog whose calendar and procedures give due dates, and how far
/// ahead of the gateway's clock a desk's clock may run before its times are refused.
public struct GatewayRules: Sendable {
    public let catalog: Catalog
    public let clockAllowance: Int

    public init(catalog: Catalog, clockAllowanceSeconds: Int = 48 * 3600) {
        self.catalog = catalog
        self.clockAllowance = clockAllowanceSeconds
    }

    /// The bundled catalog and a 48-hour allowance. Reading the catalog can fail (a binary copied without
    /// its resources): that is an error the operator reads, not a crash.
    public static func standard() throws -> GatewayRules {
        GatewayRules(catalog: try Catalog.embedded())
    }
}

/// What applying one pushed event does to the central record.
public enum ApplyDecision: Sendable, Hashable {
    case create(CentralCaseState, procedureCode: String, receivedAt: LocalTime, document: String)
    /// `reason` is the desk's, for the status update the commune's other desks get.
    case move(CentralCaseState, reason: String?)
    /// A scanned page described for the dossier: the event is kept, the dossier itself does not change. The page's
    /// bytes are taken afterwards only for a page an applied event describes.
    case attach(CentralCaseState)
    case reject(String)
    /// The desk moved the dossier from a status the central record no longer has.
    case conflict(String, central: CaseStatus)
    /// The device's series already holds this event under another seq (or its carrier does): answered as a
    /// duplicate with that answer, applied nowhere again.
    case heldAlready(StoredEvent)

    public var outcome: PushOutcome {
        switch self {
        case .create, .move, .attach: .applied
        case .reject: .rejected
        case .heldAlready(let held): held.outcome
        case .conflict: .conflict
        }
    }

    public var reason: String? {
        switch self {
        case .reject(let reason), .conflict(let reason, _): reason
        case .heldAlready(let held): held.reason
        default: nil
        }
    }

    /// The largest refused payload kept for the record: a dossier is a few kilobytes.
    static let maxRejectedPayloadBytes = 16 * 1024

    /// The event's payload as the events table keeps it. A created dossier's document is that same text,
    /// so it is encoded once, not twice.
    func storedPayload(of event: WireEvent) throws -> String {
        if case .create(_, _, _, let document) = self { return document }
        // Held already under another seq: the payload is stored there.
        if case .heldAlready = self { return "{}" }
        let text = String(decoding: try JSONEncoder.sorted.encode(event.payload), as: UTF8.self)
        // A refused payload is kept for the record only when it has the desks' shape and size: a device cannot
        // park data on the central system.
        if case .reject = self,
            PayloadRules.unknownKey(in: event) != nil || text.utf8.count > Self.maxRejectedPayloadBytes
        {
            return "{}"
        }
        return text
    }
}

/// The gateway's judgement of one event, with the shared domain rules: the same code the desk checks with.
public enum CentralRules {
    /// Decides what `event` from `device` does, given the central record under its code (if any) and the
    /// code under which the central system already holds its case id (if any).
    public static func decide(
        _ event: WireEvent, device: Device, existing: CentralCaseState?, codeOfCaseID: String?, now: LocalTime,
        rules: GatewayRules
    ) -> ApplyDecision {
        guard let occurred = LocalTime(iso8601: event.occurredAt) else {
            return .reject("occurred_at '\(event.occurredAt.prefix(40))' is not an ISO 8601 time")
        }
        if let wrong = implausibleTime(occurred, now: now, rules: rules) { return .reject(wrong) }
        switch event.kind {
        case CaseEventKind.created:
            return decideCreated(
                event, device: device, existing: existing, codeOfCaseID: codeOfCaseID, now: now, rules: rules)
        case CaseEventKind.statusChanged:
            return decideStatusChange(event, device: device, existing: existing, at: min(occurred, now), rules: rules)
        case CaseEventKind.attached:
            return decideAttached(event, device: device, existing: existing)
        default:
            return .reject("unknown event kind '\(event.kind.prefix(40))'")
        }
    }

    static func decideCreated(
        _ event: WireEvent, device: Device, existing: CentralCaseState?, codeOfCaseID: String?, now: LocalTime,
        rules: GatewayRules
    ) -> ApplyDecision {
        if let key = PayloadRules.unknownKey(in: event) {
            return .reject("unknown field '\(key.prefix(60))' in the dossier; nothing of it was stored")
        }
        guard let payload = decode(CaseCreatedPayload.self, from: event.payload) else {
            return .reject("invalid payload for \(event.kind)")
        }
        do throws(DomainError) {
            try PayloadRules.check(payload, catalog: rules.catalog)
        } catch {
            return .reject(error.description)
        }
        guard payload.code == event.caseCode, let code = DossierCode(parsing: payload.code),
            code.unitCode == device.unitCode, code.terminal == device.terminal
        else { return .reject("dossier code \(event.caseCode) was not issued by this device") }
        if let existing {
            return existing.caseID == event.caseID
                ? .reject("dossier \(event.caseCode) was already created")
                : .reject("dossier code \(event.caseCode) is already used by another case")
        }
        if let codeOfCaseID {
            // Which dossier holds it stays unsaid: it may be another commune's.
            _ = codeOfCaseID
            return .reject("case id \(event.caseID.prefix(40)) already belongs to another dossier")
        }
        if let wrong = implausibleTime(payload.receivedAt, now: now, rules: rules) { return .reject(wrong) }
        guard payload.receivedAt.date == code.date else {
            return .reject(
                "dossier \(event.caseCode) was received on \(payload.receivedAt.date), not on the day its code says; "
                    + "check the desk's clock")
        }
        guard let procedure = rules.catalog.procedure(payload.procedureCode) else {
            return .reject("unknown procedure \(payload.procedureCode.prefix(40))")
        }
        guard
            let due = try? rules.catalog.calendar.dueTime(
                receivedAt: payload.receivedAt, processing: procedure.processing)
        else { return .reject("no due date can be computed for \(payload.receivedAt.iso8601) in the central calendar") }
        let document = (try? String(decoding: JSONEncoder.sorted.encode(event.payload), as: UTF8.self)) ?? "{}"
        return .create(
            CentralCaseState(
                code: payload.code, caseID: event.caseID, communeCode: device.communeCode, deviceID: device.id,
                status: .received,
                clock: CaseClock(dueAt: due, pausedSince: nil, finishedAt: nil)),
            procedureCode: payload.procedureCode, receivedAt: payload.receivedAt, document: document)
    }

    static func decideStatusChange(
        _ event: WireEvent, device: Device, existing: CentralCaseState?, at time: LocalTime, rules: GatewayRules
    ) -> ApplyDecision {
        if let key = PayloadRules.unknownKey(in: event) {
            return .reject("unknown field '\(key.prefix(60))' in the status change; nothing of it was stored")
        }
        guard let payload = decode(StatusChangedPayload.self, from: event.payload) else {
            return .reject("invalid payload for \(event.kind)")
        }
        // The reason goes down to other desks and into a conflict kept for an operator: checked before anything.
        do throws(DomainError) {
            _ = try TextRules.freeText(payload.reason, field: .reason, maxLength: TextRules.maxReasonLength)
            try PayloadRules.check(payload.handover, to: payload.to)
            try PayloadRules.check(payload.satisfaction, to: payload.to)
        } catch {
            return .reject(error.description)
        }
        let dossier: CentralCaseState
        switch ownDossier(event, device: device, existing: existing) {
        case .success(let own): dossier = own
        case .failure(let refusal): return .reject(refusal.reason)
        }
        guard dossier.status == payload.from else {
            return .conflict(
                "the central record is \(dossier.status.rawValue); the desk moved it from "
                    + "\(payload.from.rawValue) to \(payload.to.rawValue)", central: dossier.status)
        }
        do throws(DomainError) {
            try payload.from.checkTransition(to: payload.to, reason: payload.reason)
        } catch {
            return .reject(error.description)
        }
        return .move(dossier.moved(to: payload.to, at: time, calendar: rules.catalog.calendar), reason: payload.reason)
    }

    /// A page described for a dossier of the device's commune: checked by shape (the bytes come later, and the
    /// gateway checks them against this address then).
    static func decideAttached(_ event: WireEvent, device: Device, existing: CentralCaseState?) -> ApplyDecision {
        if let key = PayloadRules.unknownKey(in: event) {
            return .reject("unknown field '\(key.prefix(60))' in the scanned page; nothing of it was stored")
        }
        guard let page = decode(ScannedPage.self, from: event.payload) else {
            return .reject("invalid payload for \(event.kind)")
        }
        do throws(DomainError) {
            try page.checkShape()
        } catch {
            return .reject(error.description)
        }
        switch ownDossier(event, device: device, existing: existing) {
        case .success(let dossier): return .attach(dossier)
        case .failure(let refusal): return .reject(refusal.reason)
        }
    }

    /// Why an event may not act on a dossier.
    struct Refusal: Error {
        let reason: String
    }

    /// The central dossier an event of `device` acts on: one of its commune (another commune's is answered like
    /// one that does not exist, so a device learns nothing of it), and the same case as the desk's (a code issued
    /// twice never reaches the other dossier).
    static func ownDossier(_ event: WireEvent, device: Device, existing: CentralCaseState?) -> Result<
        CentralCaseState, Refusal
    > {
        guard let existing, existing.communeCode == device.communeCode else {
            return .failure(Refusal(reason: "unknown dossier \(event.caseCode.prefix(40))"))
        }
        guard existing.caseID == event.caseID else {
            return .failure(
                Refusal(
                    reason: "dossier \(event.caseCode) on the central system is another case than this desk's; "
                        + "its code was issued twice"))
        }
        return .success(existing)
    }

    /// No dossier of this system was received before this: a desk time earlier than it is a clock gone wrong.
    // A literal in the format `LocalTime(iso8601:)` reads (its tests cover it): it cannot be nil.
    static let earliest = LocalTime(iso8601: "2020-01-01T00:00:00+07:00")!

    /// A reason to refuse a desk's time too far ahead of the gateway's clock, or before any dossier could
    /// have been received; nil when the time is plausible.
    static func implausibleTime(_ time: LocalTime, now: LocalTime, rules: GatewayRules) -> String? {
        if time < earliest {
            return
                "the desk's time \(time.iso8601) is before \(earliest.date); set the desk's clock right and send again"
        }
        let ahead = time.epochSeconds - now.epochSeconds
        guard ahead > Int64(rules.clockAllowance) else { return nil }
        return "the desk's time \(time.iso8601) is \(ahead / 3600) hours ahead of the central clock; "
            + "set the desk's clock right and send again"
    }

    static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) -> T? {
        guard let data = try? JSONEncoder.sorted.encode(value) else { return nil }
        return try? JSONDecoder().decode(type, from: data)
    }
}

extension JSONEncoder {
    package static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
