/// The sync protocol between a desk (`fieldcase`) and the central gateway (`fieldcase-central`).
///
/// Only Codable values live here — no database, no networking — so both sides share one
/// definition of every message. `sync/PROTOCOL.md` explains them for a reader.
public enum WireProtocol {
    /// Sent as `Fieldcase-Protocol` on every request; the gateway refuses versions it does not speak.
    public static let version = 1
    public static let versionHeader = "Fieldcase-Protocol"
}

/// `POST /v1/enroll`: a one-time token turns into a device identity.
public struct EnrollRequest: Codable, Sendable {
    public var token: String
    public var terminal: Int
    public var unitCode: String
    /// A device enrolling again (after a revoked token) already had its events up to here answered:
    /// the gateway expects the next one, so the queue goes on instead of stopping at a gap.
    public var acknowledgedSeq: Int64?

    public init(token: String, terminal: Int, unitCode: String, acknowledgedSeq: Int64? = nil) {
        self.token = token
        self.terminal = terminal
        self.unitCode = unitCode
        self.acknowledgedSeq = acknowledgedSeq
    }

    enum CodingKeys: String, CodingKey {
        case token, terminal
        case unitCode = "unit_code"
        case acknowledgedSeq = "acknowledged_seq"
    }
}

public struct EnrollResponse: Codable, Sendable {
    public var deviceID: String
    public var deviceToken: String
    public var communeCode: String
    public var terminal: Int

    public init(deviceID: String, deviceToken: String, communeCode: String, terminal: Int) {
        self.deviceID = deviceID
        self.deviceToken = deviceToken
        self.communeCode = communeCode
        self.terminal = terminal
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case deviceToken = "device_token"
        case communeCode = "commune_code"
        case terminal
    }
}

/// One outbox item as it travels: the device's event with its gap-free sequence number.
public struct WireEvent: Codable, Sendable, Hashable {
    public var seq: Int64
    public var eventID: String
    public var caseID: String
    public var caseCode: String
    public var kind: String
    public var occurredAt: String
    public var officer: String
    public var payload: JSONValue

    public init(
        seq: Int64, eventID: String, caseID: String, caseCode: String, kind: String, occurredAt: String,
        officer: String, payload: JSONValue
    ) {
        self.seq = seq
        self.eventID = eventID
        self.caseID = caseID
        self.caseCode = caseCode
        self.kind = kind
        self.occurredAt = occurredAt
        self.officer = officer
        self.payload = payload
    }

    enum CodingKeys: String, CodingKey {
        case seq
        case eventID = "event_id"
        case caseID = "case_id"
        case caseCode = "case_code"
        case kind
        case occurredAt = "occurred_at"
        case officer
        case payload
    }
}

/// `POST /v1/sync/push`: events in sequence order, possibly starting before what the gateway already has.
public struct PushRequest: Codable, Sendable {
    public var events: [WireEvent]

    public init(events: [WireEvent]) { self.events = events }
}

/// What became of one pushed event.
public enum PushOutcome: String, Codable, Sendable, CaseIterable {
    /// Applied to the central record.
    case applied
    /// Already applied earlier (a replay): no effect.
    case duplicate
    /// Refused for good, with a reason; the queue moves on.
    case rejected
    /// Kept but in conflict with the central record (e.g. the province moved the case on).
    case conflict
}

public struct PushResult: Codable, Sendable, Hashable {
    public var seq: Int64
    public var outcome: PushOutcome
    public var reason: String?

    public init(seq: Int64, outcome: PushOutcome, reason: String?) {
        self.seq = seq
        self.outcome = outcome
        self.reason = reason
    }
}

public struct PushResponse: Codable, Sendable {
    /// Every event up to this sequence number is on the central system.
    public var ackedThrough: Int64
    /// Set when the batch skipped ahead: resend from here.
    public var expectedSeq: Int64?
    public var results: [PushResult]

    public init(ackedThrough: Int64, expectedSeq: Int64?, results: [PushResult]) {
        self.ackedThrough = ackedThrough
        self.expectedSeq = expectedSeq
        self.results = results
    }

    enum CodingKeys: String, CodingKey {
        case ackedThrough = "acked_through"
        case expectedSeq = "expected_seq"
        case results
    }
}

/// One change the device should learn about, numbered in the order the gateway committed it.
public struct WireChange: Codable, Sendable, Hashable {
    public enum Kind: String, Codable, Sendable {
        /// The outcome of one of this device's own events.
        case eventResult = "event_result"
        /// A processing update from the province.
        case statusUpdate = "status_update"
    }

    public var change: Int64
    public var kind: Kind
    public var caseCode: String
    public var seq: Int64?
    public var outcome: PushOutcome?
    public var status: String?
    public var reason: String?
    public var actor: String?
    public var occurredAt: String

    public init(
        change: Int64, kind: Kind, caseCode: String, seq: Int64?, outcome: PushOutcome?, status: String?,
        reason: String?, actor: String?, occurredAt: String
    ) {
        self.change = change
        self.kind = kind
        self.caseCode = caseCode
        self.seq = seq
        self.outcome = outcome
        self.status = status
        self.reason = reason
        self.actor = actor
        self.occurredAt = occurredAt
    }

    enum CodingKeys: String, CodingKey {
        case change, kind
        case caseCode = "case_code"
        case seq, outcome, status, reason, actor
        case occurredAt = "occurred_at"
    }
}

/// `GET /v1/sync/pull?after=CURSOR&limit=N`
public struct PullResponse: Codable, Sendable {
    public var changes: [WireChange]
    public var nextCursor: Int64
    public var hasMore: Bool
    public var ackedSeq: Int64

    public init(changes: [WireChange], nextCursor: Int64, hasMore: Bool, ackedSeq: Int64) {
        self.changes = changes
        self.nextCursor = nextCursor
        self.hasMore = hasMore
        self.ackedSeq = ackedSeq
    }

    enum CodingKeys: String, CodingKey {
        case changes
        case nextCursor = "next_cursor"
        case hasMore = "has_more"
        case ackedSeq = "acked_seq"
    }
}

/// The body of every error response: a stable code for programs, a sentence for people.
public struct WireError: Codable, Sendable, Error {
    public var error: String
    public var message: String

    public init(error: String, message: String) {
        self.error = error
        self.message = message
    }
}
