import FieldCaseDomain
import FieldCaseWire
import Foundation

/// What enrolling a device reads from the gateway's own records, in the transaction that writes it.
public struct EnrollmentSnapshot: Sendable {
    public struct Predecessor: Sendable {
        public let streamID: String
        public let lastSeq: Int64
        package init(streamID: String, lastSeq: Int64) {
            self.streamID = streamID
            self.lastSeq = lastSeq
        }
    }

    /// The token's commune and fixed terminal, when the token is known, unused and unexpired.
    public let token: (commune: String, terminal: Int?)?
    /// A live (not revoked) device already holds the terminal in the token's commune.
    public let terminalTaken: Bool
    /// The earlier device of the same commune and terminal that got furthest in its seq series (a chain of
    /// replacements is one series, so that is the newest; enrollment times can tie or come from skewed clocks).
    public let predecessor: Predecessor?
    /// The unit code an operator registered for the commune.
    public let communeUnitCode: String?
    /// Dossier codes the central system holds for this commune.
    public let codes: [String]
    /// The device this (used) token created, still live, never seen since and enrolled less than
    /// `reissueWindow` ago, for the same terminal: its enrollment answer was lost, and the same token gets it
    /// again with a new device token (the lost one is void).
    public let reissue: Device?

    public init(
        token: (commune: String, terminal: Int?)?, terminalTaken: Bool, predecessor: Predecessor?,
        communeUnitCode: String?, codes: [String], reissue: Device? = nil
    ) {
        self.reissue = reissue
        self.token = token
        self.terminalTaken = terminalTaken
        self.predecessor = predecessor
        self.communeUnitCode = communeUnitCode
        self.codes = codes
    }
}

/// How long after an enrollment the same token may fetch a lost answer again: long enough for the
/// installer's retry, short enough that a token noted down somewhere cannot take the desk over later.
public let reissueWindow = 15 * 60

/// The device an enrollment creates.
public struct EnrollmentPlan: Sendable {
    public let device: Device
    /// The device exists already (a lost enrollment answer): only its token changes.
    public let reissued: Bool
    public let tokenHash: String
    public let token: String
    public let dossierNumbers: [DossierNumber]
}

/// One page of changes as a backend reads it.
public struct ChangeRows: Sendable {
    /// Up to `limit + 1` rows after the cursor, oldest first.
    public let rows: [WireChange]
    /// The newest change of the device's commune among those that had committed when the rows were read (the
    /// province-wide counter stays unsaid).
    public let newest: Int64
    public let ackedSeq: Int64

    public init(rows: [WireChange], newest: Int64, ackedSeq: Int64) {
        self.rows = rows
        self.newest = newest
        self.ackedSeq = ackedSeq
    }
}

/// A storage backend: it only runs SQL. Sequencing, judgement and cursors live once, in the extension
/// below, over these calls; each call that writes is one transaction of its own database.
public protocol CentralStorage: CentralRepository {
    /// The id of the gateway's history; `fieldcase-central new-epoch` changes it after a restore.
    func epoch() async throws -> String
    /// Reads the snapshot for `events` under the device row's lock (PostgreSQL then locks the batch's case
    /// rows in code order: one lock order everywhere), judges it with `plan`, lets `admit` refuse it given
    /// the device's usage so far (nothing written), writes the judged events, their results and conflicts,
    /// the device's last seq and its usage; returns the change number of each result.
    func runPush(
        _ events: [WireEvent], device: Device, now: LocalTime, plan: @Sendable (PushSnapshot) -> PushPlan,
        admit: @Sendable (DeviceUsage, PushPlan) throws -> Void
    ) async throws -> (PushPlan, [Int64])
    /// Reads the enrollment snapshot for `tokenHash`, lets `decide` judge it, then marks the token used and
    /// creates the device: nothing is written when `decide` throws.
    func runEnrollment(
        tokenHash: String, terminal: Int, now: LocalTime,
        decide: @Sendable (EnrollmentSnapshot) throws -> EnrollmentPlan
    ) async throws -> EnrollmentPlan
    /// Locks the dossier, lets `decide` move it, writes the move and a `status_update` change.
    func runStatusUpdate(
        code: String, reason: String?, actor: String, now: LocalTime,
        decide: @Sendable (CentralCaseState?) throws -> CentralCaseState
    ) async throws -> CentralCase
    /// Under the lock of the gateway's own row, reads the calendar its due dates were last counted on (nil
    /// before any was recorded) and the open dossiers, lets `recount` give the dossiers whose clock moves,
    /// writes each with a `status_update` change (`reason`, `actor`), and records `calendar`: one transaction.
    /// Returns how many dossiers moved.
    func runCalendarChange(
        to calendar: Data, reason: String, actor: String, now: LocalTime,
        recount: @Sendable (Data?, [OpenDossier]) throws -> [CentralCaseState]
    ) async throws -> Int
    func changeRows(for device: Device, after cursor: Int64, resultsAfter: Int64, limit: Int) async throws -> ChangeRows
    /// Creates the operator and their communes; `CentralError.operatorExists` when the name is taken.
    func insertOperator(
        _ name: String, role: OperatorRole, communes: [String], tokenHash: String, by actor: String, now: LocalTime
    ) async throws
    /// Replaces a live operator's token hash; false when there is no such live operator.
    func replaceOperatorToken(_ name: String, tokenHash: String, now: LocalTime) async throws -> Bool
    func liveOperator(tokenHash: String) async throws -> Operator?
    func insertEnrollmentToken(tokenHash: String, commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime)
        async throws
    /// Reads the commune's snapshot for `unitCode`, lets `decide` judge it (true: write), then registers the
    /// unit code; nothing is written when `decide` throws or says no.
    func runCommuneRegistration(
        _ commune: String, unitCode: String, by operatorName: String, now: LocalTime,
        decide: @Sendable (CommuneSnapshot) throws -> Bool
    ) async throws
    /// Events among `eventIDs` held for devices of the device's commune, oldest first but the asking identity's
    /// own seq series last (the desk takes the last answer per event: another device's copy of an event id
    /// never decides what this desk's own delivery came to); the commune's dossiers among `codes`.
    func reconcileRows(for device: Device, eventIDs: [String], codes: [String]) async throws
        -> (held: [ReconcileResponse.Held], cases: [ReconcileResponse.HeldCase], lastSeq: Int64)
    /// One of the gateway's own private keys (32 raw bytes), if it was made.
    func storedKey(_ key: GatewayKey) async throws -> Data?
    /// Stores `candidate` unless a key is there already (another gateway process won); returns the stored one.
    func insertKey(_ key: GatewayKey, _ candidate: Data, now: LocalTime) async throws -> Data
    /// A device by id, revoked or not, with the bundle keys it registered.
    func bundleDevice(id: String) async throws -> BundleDevice?
    /// Stores the device's bundle keys unless it has some; true when the stored keys are these.
    func storeBundleKeys(deviceID: String, signing: Data, agreement: Data) async throws -> Bool
    /// Stores an imported catalog file unless its version is there already; true when stored.
    func insertCatalog(_ record: ImportedCatalog, json: Data) async throws -> Bool
    /// Appends a line to the record of imported bundles.
    func insertBundleImport(_ record: BundleImportRecord) async throws
    /// The live device continuing `streamID`'s seq series (a replacement laptop), if one was enrolled.
    func liveDevice(inStream streamID: String) async throws -> Device?
    /// Makes a carrier for `device`'s bundle: a revoked device row with a series of its own, the same commune,
    /// terminal and unit code, that pushes accept but no token opens.
    func insertCarrier(of device: Device, now: LocalTime) async throws -> Device
    /// Which devices of the commune hold events under `eventIDs` (in any seq series), with their series (a
    /// carrier's is the series of the device whose bundle it carries).
    func eventHolders(communeCode: String, eventIDs: [String]) async throws -> [EventHolder]
    /// The device's last audit entry held: its id and hash.
    func auditTail(deviceID: String) async throws -> (id: Int64, hash: String)?
    func auditHashes(deviceID: String, from: Int64, through: Int64) async throws -> [Int64: String]
    /// Stores new audit entries and counts `bytes` in the device's usage, in one transaction, once `admit`
    /// took the device's usage as it stands there (it throws to refuse).
    func insertAudit(
        _ entries: [WireAuditEntry], deviceID: String, now: LocalTime, bytes: Int,
        admit: @Sendable (DeviceUsage) throws -> Void
    ) async throws
    /// Records a break, unless it is the same as the device's last one (a desk sends the same trail each sync).
    func insertAuditBreak(deviceID: String, detail: String, now: LocalTime) async throws
    func auditTrail(deviceID: String) async throws -> [WireAuditEntry]
    func auditBreaks(deviceID: String) async throws -> [DeskAuditBreak]
    /// The rows `caseHistories` builds the communes' dossier histories from (`SharedStatements.historyRows`).
    func historyRows(communes: [String]) async throws -> [HistoryRow]
    /// Applied `case.attached` events of the dossier `caseCode`, or whose payload names `sha256`
    /// (`SharedStatements.pageRows`), oldest first.
    func pageRows(caseCode: String?, sha256: String?) async throws -> [PageRow]
    /// The dossiers of `communes` changed after `cursor`, at most `limit`, by their newest change
    /// (`SharedStatements.changedDossiers`), never past a change still to commit.
    func changedDossiers(communes: [String], after cursor: Int64, limit: Int) async throws -> [ChangedDossier]
    /// The dossiers `codes` as they stand, and the rows of their processing (`SharedStatements.processRows`).
    func exportRows(codes: [String]) async throws -> (cases: [CentralCase], rows: [ProcessRow])
    /// A `page_kept` change (`reason` the page's address) for each dossier in `dossiers` that has none for the
    /// page yet, in one transaction (see `recordPageKept`).
    func insertPageKept(_ dossiers: [PageRow], sha256: String, now: LocalTime) async throws
}

/// The gateway's own keys, each made once and kept in its table of the database.
public enum GatewayKey: String, Sendable {
    /// X25519: desks seal their outbox payloads and bundles to it.
    case sealing = "sealing_key"
    /// Ed25519: signs the replies carried back to desks.
    case replySigning = "reply_key"
}

/// A device as bundle import judges it: revoked or not, with its registered keys.
public struct BundleDevice: Sendable {
    public let device: Device
    public let revokedAt: LocalTime?
    public let signingKey: Data?
    public let agreementKey: Data?
    /// Revoked because its laptop was lost or stolen, not replaced.
    public var lost = false

    package init(device: Device, revokedAt: LocalTime?, signingKey: Data?, agreementKey: Data?, lost: Bool = false) {
        self.device = device
        self.revokedAt = revokedAt
        self.signingKey = signingKey
        self.agreementKey = agreementKey
        self.lost = lost
    }
}

/// A device holding an event, by the event's id: where a bundle's event was taken already.
public struct EventHolder: Sendable, Hashable {
    public let eventID: String
    public let deviceID: String
    public let streamID: String
    public let terminal: Int

    package init(eventID: String, deviceID: String, streamID: String, terminal: Int) {
        self.eventID = eventID
        self.deviceID = deviceID
        self.streamID = streamID
        self.terminal = terminal
    }
}

/// One imported bundle as the gateway records it.
public struct BundleImportRecord: Sendable {
    public let sha256: String
    public let deviceID: String
    public let firstSeq: Int64?
    public let lastSeq: Int64?
    public let items: Int
    public let counts: BundleCounts
    public let importedBy: String
    public let importedAt: LocalTime
}

extension CentralStorage {
    /// The most JSON a pull page carries (about 40 KB once gzip-compressed).
    public static var pullPageBytes: Int { 256 * 1024 }
}

extension WireChange {
    /// About how many bytes of JSON the change takes: its texts and the keys around them.
    var estimatedBytes: Int {
        120 + caseCode.utf8.count + (status?.utf8.count ?? 0) + (reason?.utf8.count ?? 0) + (actor?.utf8.count ?? 0)
    }
}

extension CentralStorage {
    public func push(_ events: [WireEvent], from device: Device, now: LocalTime, quota: GatewayLimits?)
        async throws -> PushResponse
    {
        let planner = PushPlanner(rules: rules)
        let events = try await opened(events)
        let (plan, changes) = try await runPush(events, device: device, now: now) { snapshot in
            planner.plan(events, device: device, snapshot: snapshot, now: now)
        } admit: { usage, plan in
            // Only what the batch stores anew counts: a replay of stored events is answered whatever the quota.
            if let quota, let refusal = quota.quotaRefusal(usage, events: plan.judged.count, bytes: plan.storedBytes) {
                throw CentralError.quotaExceeded(refusal)
            }
        }
        return plan.response(changes: changes, epoch: try await epoch())
    }

    public func enroll(_ request: EnrollRequest, now: LocalTime) async throws -> EnrollResponse {
        let token = Tokens.make(.device)
        let plan = try await runEnrollment(tokenHash: Tokens.hash(request.token), terminal: request.terminal, now: now)
        {
            try EnrollmentJudge.decide(request, snapshot: $0, deviceToken: token)
        }
        return EnrollResponse(
            deviceID: plan.device.id, deviceToken: plan.token, communeCode: plan.device.communeCode,
            terminal: plan.device.terminal, lastSeq: plan.device.lastSeq, dossierNumbers: plan.dossierNumbers,
            epoch: try await epoch(), sealingKey: try await sealingPublicKey())
    }

    public func holds(answered eventID: String, for device: Device) async throws -> Bool {
        try await !reconcileRows(for: device, eventIDs: [eventID], codes: []).held.isEmpty
    }

    public func pull(_ query: PullQuery, for device: Device) async throws -> PullResponse {
        let (cursor, limit) = (query.after, query.limit)
        let page = try await changeRows(for: device, after: cursor, resultsAfter: query.resultsAfter, limit: limit)
        // A page is bounded by bytes as well as by count: long reasons never make one a 2G link cannot finish.
        var bytes = 0
        let changes = Array(
            page.rows.prefix(limit).prefix { change in
                bytes += change.estimatedBytes
                return bytes <= Self.pullPageBytes || change == page.rows.first
            })
        let hasMore = page.rows.count > changes.count
        // The cursor moves past everything committed, skipped results included, so an idle device pulls nothing.
        let next = hasMore ? (changes.last?.change ?? cursor) : max(cursor, page.newest, changes.last?.change ?? 0)
        var held: Bool?
        if let answered = query.answered { held = try await holds(answered: answered, for: device) }
        return PullResponse(
            changes: changes, nextCursor: next, hasMore: hasMore, ackedSeq: page.ackedSeq, epoch: try await epoch(),
            newest: page.newest, answeredHeld: held)
    }

    public func setStatus(
        code: String, to status: CaseStatus, reason: String?, actor: String, now: LocalTime,
        permitted: @escaping @Sendable (String) -> Bool
    ) async throws -> CentralCase {
        let calendar = rules.catalog.calendar
        return try await runStatusUpdate(code: code, reason: reason, actor: actor, now: now) { current in
            guard let current else { throw CentralError.unknownCase(code) }
            guard permitted(current.communeCode) else {
                throw AccessDenied(message: "dossier of commune \(current.communeCode)", unknownCase: code)
            }
            do throws(DomainError) {
                try current.status.checkTransition(to: status, reason: reason)
            } catch {
                throw CentralError.invalidTransition(error.description)
            }
            return current.moved(to: status, at: now, calendar: calendar)
        }
    }

    public func registerCommune(_ commune: String, unitCode: String, by operatorName: String, now: LocalTime)
        async throws -> String
    {
        try await runCommuneRegistration(commune, unitCode: unitCode, by: operatorName, now: now) { snapshot in
            try CommuneRules.check(snapshot, commune: commune, unitCode: unitCode)
            return true
        }
        return unitCode
    }

    public func createEnrollmentToken(commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime)
        async throws -> String
    {
        // A commune named here for the first time is registered under its own code as unit code.
        try await runCommuneRegistration(commune, unitCode: commune, by: "enroll-token", now: now) { snapshot in
            guard snapshot.registeredUnitCode == nil else { return false }
            try CommuneRules.check(snapshot, commune: commune, unitCode: commune)
            return true
        }
        let token = Tokens.make(.enrollment)
        try await insertEnrollmentToken(
            tokenHash: Tokens.hash(token), commune: commune, terminal: terminal, expiresAt: expiresAt, now: now)
        return token
    }

    public func addOperator(
        _ name: String, role: OperatorRole, communes: [String], by actor: String, now: LocalTime
    ) async throws -> String {
        let token = Tokens.make(.operator)
        try await insertOperator(
            name, role: role, communes: communes, tokenHash: Tokens.hash(token), by: actor, now: now)
        return token
    }

    public func rotateOperatorToken(_ name: String, now: LocalTime) async throws -> String? {
        let token = Tokens.make(.operator)
        return try await replaceOperatorToken(name, tokenHash: Tokens.hash(token), now: now) ? token : nil
    }

    public func operatorFor(token: String) async throws -> Operator? {
        try await liveOperator(tokenHash: Tokens.hash(token))
    }

    public func reconcile(_ request: ReconcileRequest, for device: Device) async throws -> ReconcileResponse {
        let found = try await reconcileRows(for: device, eventIDs: request.eventIDs, codes: request.caseCodes)
        return ReconcileResponse(held: found.held, cases: found.cases, lastSeq: found.lastSeq, epoch: try await epoch())
    }
}

/// Who may enroll where, from the gateway's own records: the token's commune, a free terminal, the
/// commune's unit code. A refusal throws before anything is written.
enum EnrollmentJudge {
    static func decide(_ request: EnrollRequest, snapshot: EnrollmentSnapshot, deviceToken: String) throws
        -> EnrollmentPlan
    {
        guard let token = snapshot.token else { throw CentralError.invalidEnrollmentToken }
        if let desk = request.communeCode, desk != token.commune {
            throw CentralError.communeMismatch(token: token.commune, desk: desk)
        }
        if let device = snapshot.reissue, device.unitCode == request.unitCode {
            return EnrollmentPlan(
                device: device, reissued: true, tokenHash: Tokens.hash(deviceToken), token: deviceToken,
                dossierNumbers: dossierNumbers(snapshot.codes, unitCode: device.unitCode, terminal: device.terminal))
        }
        guard (1...9).contains(request.terminal), token.terminal == nil || token.terminal == request.terminal,
            !snapshot.terminalTaken
        else { throw CentralError.terminalTaken(commune: token.commune, terminal: request.terminal) }
        // The unit code is the operator's registration of the commune; the desk's only has to agree with it.
        guard let registered = snapshot.communeUnitCode, registered == request.unitCode else {
            throw CentralError.unitCodeMismatch(expected: snapshot.communeUnitCode, got: request.unitCode)
        }

        let id = UUID().uuidString.lowercased()
        let device = Device(
            id: id, communeCode: token.commune, terminal: request.terminal, unitCode: request.unitCode,
            lastSeq: snapshot.predecessor?.lastSeq ?? 0, revoked: false, streamID: snapshot.predecessor?.streamID ?? id)
        return EnrollmentPlan(
            device: device, reissued: false, tokenHash: Tokens.hash(deviceToken), token: deviceToken,
            dossierNumbers: dossierNumbers(snapshot.codes, unitCode: request.unitCode, terminal: request.terminal))
    }

    /// The last number per day among `codes` issued under `unitCode` by `terminal`.
    static func dossierNumbers(_ codes: [String], unitCode: String, terminal: Int) -> [DossierNumber] {
        var last: [LocalDate: Int] = [:]
        for text in codes {
            guard let code = DossierCode(parsing: text), code.unitCode == unitCode, code.terminal == terminal else {
                continue
            }
            last[code.date] = max(last[code.date] ?? 0, code.sequence)
        }
        return last.sorted { $0.key < $1.key }.map { DossierNumber(date: $0.key.description, last: $0.value) }
    }
}
