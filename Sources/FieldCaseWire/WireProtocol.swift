import Crypto
import Foundation

/// The sync protocol between a desk (`fieldcase`) and the central gateway (`fieldcase-central`).
///
/// Only Codable values live here — no database, no networking — so both sides share one
/// definition of every message. `sync/PROTOCOL.md` explains them for a reader.
public enum WireProtocol {
    /// Sent as `Fieldcase-Protocol` on every request; the gateway refuses versions it does not speak
    /// (`ProtocolVersionMiddleware`: 400 `unsupported_protocol`, which the desk explains with exit 76).
    public static let version = 1
    public static let versionHeader = "Fieldcase-Protocol"
}

/// `POST /v1/enroll`: a one-time token turns into a device identity.
public struct EnrollRequest: Codable, Sendable {
    public var token: String
    public var terminal: Int
    public var unitCode: String
    /// The commune the desk is set up for; the gateway refuses, before it uses the token, a token
    /// issued for another commune.
    public var communeCode: String?
    /// Sent by desks before protocol notes of 2026-11; the gateway ignores it: a new identity continues
    /// from its predecessor's last seq as the gateway's own records give it, never from what a desk says.
    public var acknowledgedSeq: Int64?

    public init(
        token: String, terminal: Int, unitCode: String, communeCode: String? = nil, acknowledgedSeq: Int64? = nil
    ) {
        self.token = token
        self.terminal = terminal
        self.unitCode = unitCode
        self.communeCode = communeCode
        self.acknowledgedSeq = acknowledgedSeq
    }

    enum CodingKeys: String, CodingKey {
        case token, terminal
        case unitCode = "unit_code"
        case communeCode = "commune_code"
        case acknowledgedSeq = "acknowledged_seq"
    }
}

/// The last dossier number a terminal issued on one day, as the central system holds it, so that a
/// replacement laptop never mints a code already used.
public struct DossierNumber: Codable, Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public var date: String
    public var last: Int

    public init(date: String, last: Int) {
        self.date = date
        self.last = last
    }
}

public struct EnrollResponse: Codable, Sendable {
    public var deviceID: String
    public var deviceToken: String
    public var communeCode: String
    public var terminal: Int
    /// The seq the new identity continues from: its revoked predecessor's last (0 for a new terminal).
    public var lastSeq: Int64
    /// The last dossier number of this terminal per day, as the central system holds them.
    public var dossierNumbers: [DossierNumber]
    public var epoch: String
    /// The central system's X25519 public key (base64 of 32 bytes) that the desk seals its outbox to.
    public var sealingKey: String?

    public init(
        deviceID: String, deviceToken: String, communeCode: String, terminal: Int, lastSeq: Int64,
        dossierNumbers: [DossierNumber], epoch: String, sealingKey: String? = nil
    ) {
        self.sealingKey = sealingKey
        self.deviceID = deviceID
        self.deviceToken = deviceToken
        self.communeCode = communeCode
        self.terminal = terminal
        self.lastSeq = lastSeq
        self.dossierNumbers = dossierNumbers
        self.epoch = epoch
    }

    enum CodingKeys: String, CodingKey {
        case deviceID = "device_id"
        case deviceToken = "device_token"
        case communeCode = "commune_code"
        case terminal
        case lastSeq = "last_seq"
        case dossierNumbers = "dossier_numbers"
        case epoch
        case sealingKey = "sealing_key"
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
    /// null when `sealed` carries it (and then left out on the wire).
    public var payload: JSONValue
    /// The payload sealed to the central system's key (`OutboxSeal`), as the desk stores it.
    public var sealed: String?

    public init(
        seq: Int64, eventID: String, caseID: String, caseCode: String, kind: String, occurredAt: String,
        officer: String, payload: JSONValue, sealed: String? = nil
    ) {
        self.sealed = sealed
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
        case sealed
    }

    /// The case id of a dossier created by the event `eventID`: a UUID made of SHA-256 of the event id. Case ids
    /// are shown to a commune's desks (reconcile, pulled updates); event ids are not, and cannot be worked back
    /// from this, so no desk can claim another's creating event by its id.
    public static func caseID(createdBy eventID: String) -> String {
        let hex = Hex.string(SHA256.hash(data: Data("fieldcase case id:\(eventID)".utf8)).prefix(16))
        let parts = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { range in
            String(hex.dropFirst(range.lowerBound).prefix(range.count))
        }
        return parts.joined(separator: "-")
    }

    /// `case_id` is left out when it is the one `caseID(createdBy:)` gives for the event, and `payload` when
    /// `sealed` carries it; as a desk mints it for the event that creates a
    /// dossier: one random UUID less, about 20 bytes a dossier on a 2G link.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        seq = try container.decode(Int64.self, forKey: .seq)
        eventID = try container.decode(String.self, forKey: .eventID)
        caseID = try container.decodeIfPresent(String.self, forKey: .caseID) ?? Self.caseID(createdBy: eventID)
        caseCode = try container.decode(String.self, forKey: .caseCode)
        kind = try container.decode(String.self, forKey: .kind)
        occurredAt = try container.decode(String.self, forKey: .occurredAt)
        officer = try container.decode(String.self, forKey: .officer)
        sealed = try container.decodeIfPresent(String.self, forKey: .sealed)
        payload = try sealed == nil ? container.decode(JSONValue.self, forKey: .payload) : .null
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(seq, forKey: .seq)
        try container.encode(eventID, forKey: .eventID)
        if caseID != Self.caseID(createdBy: eventID) { try container.encode(caseID, forKey: .caseID) }
        try container.encode(caseCode, forKey: .caseCode)
        try container.encode(kind, forKey: .kind)
        try container.encode(occurredAt, forKey: .occurredAt)
        try container.encode(officer, forKey: .officer)
        if let sealed {
            try container.encode(sealed, forKey: .sealed)
        } else {
            try container.encode(payload, forKey: .payload)
        }
    }
}

/// `POST /v1/sync/push`: events in sequence order, possibly starting before what the gateway already has.
public struct PushRequest: Codable, Sendable {
    public var events: [WireEvent]
    /// The id of the last of the desk's events the gateway answered, on a sync's first batch: a gateway that no
    /// longer holds it applies nothing and says so (`PushResponse.answeredHeld`), before the batch's events could
    /// take the seqs its lost history had.
    public var answered: String?

    public init(events: [WireEvent], answered: String? = nil) {
        self.events = events
        self.answered = answered
    }
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
    /// The gateway already holds another event under this seq: the desk's numbering went back (a home
    /// restored from an older copy, or cloned to a second laptop). Nothing of the batch from here on
    /// was applied; the device must enroll again as a new identity.
    case diverged
}

public struct PushResult: Codable, Sendable, Hashable {
    public var seq: Int64
    public var outcome: PushOutcome
    public var reason: String?
    /// For a `duplicate`: what the first delivery's outcome was (`applied`, `rejected` or `conflict`),
    /// so an answer lost after commit never turns a rejection or a conflict into "synced".
    public var original: PushOutcome?
    /// The change number of the event's result on the central system.
    public var change: Int64?
    /// The dossier's central status right after the event (nil when the dossier is not on the central system).
    public var status: String?
    /// The dossier's central clock right after the event, with `status`.
    public var clock: WireClock?

    public init(
        seq: Int64, outcome: PushOutcome, reason: String?, original: PushOutcome? = nil, change: Int64? = nil,
        status: String? = nil, clock: WireClock? = nil
    ) {
        self.seq = seq
        self.outcome = outcome
        self.reason = reason
        self.original = original
        self.change = change
        self.status = status
        self.clock = clock
    }

    /// What the event came to: the original outcome of a duplicate, else the outcome itself.
    public var effectiveOutcome: PushOutcome { outcome == .duplicate ? original ?? .applied : outcome }
}

public struct PushResponse: Codable, Sendable {
    /// Every event up to this sequence number is on the central system.
    public var ackedThrough: Int64
    /// Set when the batch skipped ahead: resend from here.
    public var expectedSeq: Int64?
    public var results: [PushResult]
    /// The gateway's history: a new value means the central database was restored from a backup.
    public var epoch: String?
    /// False when the gateway no longer holds the event the request named as answered (nothing was applied).
    public var answeredHeld: Bool?

    public init(
        ackedThrough: Int64, expectedSeq: Int64?, results: [PushResult], epoch: String? = nil,
        answeredHeld: Bool? = nil
    ) {
        self.ackedThrough = ackedThrough
        self.expectedSeq = expectedSeq
        self.results = results
        self.epoch = epoch
        self.answeredHeld = answeredHeld
    }

    enum CodingKeys: String, CodingKey {
        case ackedThrough = "acked_through"
        case expectedSeq = "expected_seq"
        case results, epoch
        case answeredHeld = "answered_held"
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
    /// The dossier's central clock as of this change, with `status` (nil for changes recorded before the
    /// gateway kept it).
    public var clock: WireClock?
    /// The case id the central system holds under `caseCode`: a desk applies the status only to its dossier of
    /// that id, never to another dossier that happens to carry the same code.
    public var caseID: String?

    public init(
        change: Int64, kind: Kind, caseCode: String, seq: Int64?, outcome: PushOutcome?, status: String?,
        reason: String?, actor: String?, occurredAt: String, clock: WireClock? = nil, caseID: String? = nil
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
        self.clock = clock
        self.caseID = caseID
    }

    enum CodingKeys: String, CodingKey {
        case change, kind
        case caseCode = "case_code"
        case seq, outcome, status, reason, actor
        case occurredAt = "occurred_at"
        case clock
        case caseID = "case_id"
    }
}

/// `GET /v1/sync/pull?after=CURSOR&limit=N`
public struct PullResponse: Codable, Sendable {
    public var changes: [WireChange]
    public var nextCursor: Int64
    public var hasMore: Bool
    public var ackedSeq: Int64
    public var epoch: String?
    /// The gateway's newest change number: a desk whose cursor is beyond it holds a history the gateway lost.
    public var newest: Int64?
    /// Whether the gateway holds the event the query named as the desk's last answered one (nil when none was
    /// named, or from a gateway before this field). False: the gateway's history went back past an answer it
    /// gave, which `acked_seq` alone misses when a twin laptop has since filled the same seqs.
    public var answeredHeld: Bool?

    public init(
        changes: [WireChange], nextCursor: Int64, hasMore: Bool, ackedSeq: Int64, epoch: String? = nil,
        newest: Int64? = nil, answeredHeld: Bool? = nil
    ) {
        self.changes = changes
        self.nextCursor = nextCursor
        self.hasMore = hasMore
        self.ackedSeq = ackedSeq
        self.epoch = epoch
        self.newest = newest
        self.answeredHeld = answeredHeld
    }

    enum CodingKeys: String, CodingKey {
        case changes
        case nextCursor = "next_cursor"
        case hasMore = "has_more"
        case ackedSeq = "acked_seq"
        case epoch, newest
        case answeredHeld = "answered_held"
    }
}

/// `POST /v1/sync/reconcile`: which of these events does the central system hold? A desk asks after
/// it enrolled again or saw a new epoch, and sends again whatever the answer leaves out.
public struct ReconcileRequest: Codable, Sendable {
    public var eventIDs: [String]
    /// Codes of the desk's dossiers: the answer gives, for those the central system holds, its case id (another
    /// case under the same code means the desk's dossier needs a new code) and its current status.
    public var caseCodes: [String]

    public init(eventIDs: [String], caseCodes: [String]) {
        self.eventIDs = eventIDs
        self.caseCodes = caseCodes
    }

    enum CodingKeys: String, CodingKey {
        case eventIDs = "event_ids"
        case caseCodes = "case_codes"
    }
}

public struct ReconcileResponse: Codable, Sendable {
    public struct Held: Codable, Sendable, Hashable {
        public var eventID: String
        /// The dossier code the event arrived under (a dossier recoded since keeps its central code).
        public var caseCode: String
        public var outcome: PushOutcome
        public var reason: String?
        public var change: Int64?
        public var status: String?
        /// The dossier's central clock kept with `change`.
        public var clock: WireClock?

        public init(
            eventID: String, caseCode: String, outcome: PushOutcome, reason: String?, change: Int64?, status: String?,
            clock: WireClock? = nil
        ) {
            self.eventID = eventID
            self.caseCode = caseCode
            self.outcome = outcome
            self.reason = reason
            self.change = change
            self.status = status
            self.clock = clock
        }

        enum CodingKeys: String, CodingKey {
            case eventID = "event_id"
            case caseCode = "case_code"
            case outcome, reason, change, status, clock
        }
    }

    /// A dossier the central system holds under one of the asked codes.
    public struct HeldCase: Codable, Sendable, Hashable {
        public var code: String
        public var caseID: String
        public var status: String
        /// The newest change number that concerns the dossier.
        public var change: Int64
        /// The dossier's central clock now.
        public var clock: WireClock?

        public init(code: String, caseID: String, status: String, change: Int64, clock: WireClock? = nil) {
            self.code = code
            self.caseID = caseID
            self.status = status
            self.change = change
            self.clock = clock
        }

        enum CodingKeys: String, CodingKey {
            case code
            case caseID = "case_id"
            case status, change, clock
        }
    }

    public var held: [Held]
    public var cases: [HeldCase]
    /// The seq this device's identity has reached: new numbers continue after it.
    public var lastSeq: Int64
    public var epoch: String

    public init(held: [Held], cases: [HeldCase], lastSeq: Int64, epoch: String) {
        self.held = held
        self.cases = cases
        self.lastSeq = lastSeq
        self.epoch = epoch
    }

    enum CodingKeys: String, CodingKey {
        case held, cases
        case lastSeq = "last_seq"
        case epoch
    }
}

/// The body of every error response: a stable code for programs, a sentence for people.
public struct WireError: Codable, Sendable, Error {
    public var error: String
    public var message: String
    /// The value the refusal is about, for a desk to say it in its officer's language: the commune's registered
    /// unit code (`unit_code_mismatch`, `unit_code_fixed`), the terminal (`terminal_taken`), the token's
    /// commune (`commune_mismatch`). Absent from other refusals and from older gateways.
    public var detail: String?

    public init(error: String, message: String, detail: String? = nil) {
        self.error = error
        self.message = message
        self.detail = detail
    }
}

/// `GET /v1/sync/sealing-key`: the key a desk enrolled before sealing existed asks for.
public struct SealingKeyResponse: Codable, Sendable {
    public var sealingKey: String

    public init(sealingKey: String) { self.sealingKey = sealingKey }

    enum CodingKeys: String, CodingKey {
        case sealingKey = "sealing_key"
    }
}

/// `POST /v1/sync/audit`: the desk's audit trail, oldest first, from the entry after the last acknowledged.
public struct AuditPushRequest: Codable, Sendable {
    public var entries: [WireAuditEntry]
    /// What the desk's own check of its whole trail found (a dropped trigger, a deleted or edited entry): sent
    /// with every sync, so tampering with entries the central system already holds is on record there too.
    public var localProblems: [String]

    public init(entries: [WireAuditEntry], localProblems: [String] = []) {
        self.entries = entries
        self.localProblems = localProblems
    }

    enum CodingKeys: String, CodingKey {
        case entries
        case localProblems = "local_problems"
    }

    /// An entry's hash is left out where it follows from the entry before it in the same push: the receiver
    /// computes the same 64 hex digits, about 40 bytes a dossier on a 2G link. One that does not follow (an
    /// entry edited on the desk) is sent as it is, so the gateway finds the break at that entry, as before.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        localProblems = try container.decode([String].self, forKey: .localProblems)
        var list = try container.nestedUnkeyedContainer(forKey: .entries)
        entries = []
        while !list.isAtEnd {
            let fields = try list.nestedContainer(keyedBy: WireAuditEntry.CodingKeys.self)
            entries.append(try WireAuditEntry(from: fields, previous: entries.last))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(localProblems, forKey: .localProblems)
        var list = container.nestedUnkeyedContainer(forKey: .entries)
        var previous: WireAuditEntry?
        for entry in entries {
            var fields = list.nestedContainer(keyedBy: WireAuditEntry.CodingKeys.self)
            let follows = previous.map { entry.hash == entry.expectedHash(after: $0.hash) } ?? false
            try entry.encode(to: &fields, withHash: !follows)
            previous = entry
        }
    }
}

/// What the central system holds of a desk's trail after a push.
public struct AuditPushResponse: Codable, Sendable {
    /// The last entry it holds, with its hash: the desk's copy must still chain through it.
    public var receivedThrough: Int64
    /// Set when the entries sent do not chain onto what it holds (edited, deleted or rewritten on the desk).
    public var problem: String?

    public init(receivedThrough: Int64, problem: String?) {
        self.receivedThrough = receivedThrough
        self.problem = problem
    }

    enum CodingKeys: String, CodingKey {
        case receivedThrough = "received_through"
        case problem
    }
}

/// `POST /v1/sync/bundle-keys`: the desk's keys for sync by carried media, registered once per identity over
/// the authenticated link (at enrollment, or on the first sync of a desk enrolled before bundles existed).
public struct BundleKeysRequest: Codable, Sendable {
    /// Ed25519 public key (base64 of 32 bytes) that signs the desk's bundles.
    public var signingKey: String
    /// X25519 public key (base64 of 32 bytes) that the gateway seals its replies to.
    public var agreementKey: String

    public init(signingKey: String, agreementKey: String) {
        self.signingKey = signingKey
        self.agreementKey = agreementKey
    }

    enum CodingKeys: String, CodingKey {
        case signingKey = "signing_key"
        case agreementKey = "agreement_key"
    }
}

public struct BundleKeysResponse: Codable, Sendable {
    /// The gateway's Ed25519 public key (base64 of 32 bytes) that signs its replies.
    public var replyKey: String

    public init(replyKey: String) { self.replyKey = replyKey }

    enum CodingKeys: String, CodingKey {
        case replyKey = "reply_key"
    }
}

extension Array {
    /// Slices of at most `size` elements, in order: how both sides cut events and questions into batches.
    public func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
