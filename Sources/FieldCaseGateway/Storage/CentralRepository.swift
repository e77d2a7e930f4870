import FieldCaseDomain
import FieldCaseWire
import Foundation

/// Everything the gateway stores, behind one protocol with a real implementation per database.
public protocol CentralRepository: Sendable {
    /// The catalog, calendar and clock allowance the gateway judges and reports with.
    var rules: GatewayRules { get }
    /// Registers the unit code a commune's desks issue dossier codes under (an operator's word, never a
    /// device's); a commune that has devices keeps the unit code it has. Returns the registered unit code.
    func registerCommune(_ commune: String, unitCode: String, by operatorName: String, now: LocalTime) async throws
        -> String
    /// A one-time enrollment token for a commune (and optionally a fixed terminal); returns the token. A commune
    /// not registered yet is registered with its own code as unit code.
    func createEnrollmentToken(commune: String, terminal: Int?, expiresAt: LocalTime, now: LocalTime) async throws
        -> String
    func enroll(_ request: EnrollRequest, now: LocalTime) async throws -> EnrollResponse
    /// The device holding `token`, if the token is known and not revoked; the request is counted for it.
    func device(forToken token: String, now: LocalTime) async throws -> Device?
    /// Applies events in sequence order in one transaction that also moves the device's last seq and counts
    /// what it stored; with `quota`, a batch that would store more than the device may is refused
    /// (`CentralError.quotaExceeded`) before anything is written, under the device's lock.
    func push(_ events: [WireEvent], from device: Device, now: LocalTime, quota: GatewayLimits?) async throws
        -> PushResponse
    /// Changes after the query's cursor; results of the device's own events only for seqs after its
    /// `resultsAfter`, which the device already learned from push answers; whether the gateway still holds the
    /// event the query names as answered.
    func pull(_ query: PullQuery, for device: Device) async throws -> PullResponse
    /// Whether the gateway holds `eventID` for any device of the device's commune (a twin's copy counts, as in
    /// reconciliation): the check behind `answered` on a push or a pull.
    func holds(answered eventID: String, for device: Device) async throws -> Bool
    func devices() async throws -> [DeviceSummary]
    /// `lost`: the laptop was lost or stolen, not replaced; its bundles are never taken for a successor.
    func revoke(deviceID: String, lost: Bool, now: LocalTime) async throws -> Bool
    /// Dossiers of `communes` (all when nil), newest first.
    func cases(communes: [String]?, status: CaseStatus?) async throws -> [CentralCase]
    /// Every dossier of these communes with its status over time and the citizen's rating, for the indicators.
    /// Each dossier's due time at intake is counted again on `catalog`, as the gateway counted it, never taken
    /// from what the desk wrote.
    /// Only pages `pagesHeld` says the gateway holds count as digitised (a desk's description alone does not).
    func caseHistories(communes: [String], calendar catalog: Catalog, pagesHeld: (@Sendable (String) -> Bool)?)
        async throws -> [CaseHistory]
    /// The dossiers of `communes` changed after the cursor `since`, at most `limit`, in the national shape, for
    /// the province's system (see `CentralStorage.provincialBatch`); `pagesHeld` tells a page the gateway holds.
    func provincialBatch(
        communes: [String], since: Int64, limit: Int, catalog: Catalog, pagesHeld: @Sendable (String) -> Bool
    ) async throws -> ProvincialBatch
    /// What names this gateway's pages folder (see `CentralStorage.pagesIdentity`).
    func pagesIdentity() async throws -> String
    /// Marks the dossiers describing a page as changed once the page is kept whole.
    func recordPageKept(_ sha256: String, now: LocalTime) async throws
    /// Keeps a page a desk sent whole if it opens and checks (see `CentralStorage.keepPage`).
    func keepPage(_ sealed: Data, sha256: String, device: Device, vault: PageVault, now: LocalTime) async throws
        -> Bool
    /// The scanned pages described for a dossier (see `CentralStorage.pages(ofCase:)`).
    func pages(ofCase code: String) async throws -> [DeclaredPage]
    /// The page as a dossier of `communes` (any when nil) described it, if one did.
    func declaredPage(_ sha256: String, communes: [String]?) async throws -> DeclaredPage?
    /// A page a desk sealed, opened and checked against its address; nil when it does not open or differs.
    func openPage(_ sealed: Data, sha256: String) async throws -> Data?
    /// A processing update from the province; it flows down to the commune's devices on their next pull.
    /// `permitted` is asked about the dossier's commune inside the transaction; a no throws `AccessDenied`.
    func setStatus(
        code: String, to status: CaseStatus, reason: String?, actor: String, now: LocalTime,
        permitted: @escaping @Sendable (String) -> Bool
    ) async throws -> CentralCase
    /// Which of the device's events the gateway holds, and which dossier codes are in use.
    func reconcile(_ request: ReconcileRequest, for device: Device) async throws -> ReconcileResponse
    /// Desks' events the gateway refused, newest first: of `communes` (all when nil), received since `since`.
    func rejections(communes: [String]?, since: LocalTime?, limit: Int) async throws -> [CentralRejection]
    /// Conflicts nobody has resolved yet, oldest first.
    func openConflicts() async throws -> [CentralConflict]
    /// Closes a conflict with who resolved it and how; false when it is unknown or already resolved.
    func resolveConflict(id: Int64, by actor: String, note: String, now: LocalTime) async throws -> Bool
    /// Counts open dossiers' due dates again when the gateway's calendar changed (see
    /// `CentralStorage.adoptCalendar`); returns how many moved.
    func adoptCalendar(now: LocalTime, countedBefore: WorkCalendar) async throws -> Int
    /// Imports a province's catalog file (see `CentralStorage.importCatalog`).
    func importCatalog(_ json: Data, by actor: String, now: LocalTime) async throws -> CatalogImportOutcome
    /// The catalogs imported, newest first.
    func importedCatalogs() async throws -> [ImportedCatalog]
    /// An imported catalog's file as it was given.
    func importedCatalog(version: String) async throws -> Data?
    /// Starts a new history after the database was restored from a backup; returns the new epoch.
    func newEpoch() async throws -> String
    /// Creates an operator and returns their token, shown once (only its hash is kept).
    func addOperator(_ name: String, role: OperatorRole, communes: [String], by actor: String, now: LocalTime)
        async throws -> String
    /// A new token for a live operator, the old one void at once; nil when there is no such live operator.
    func rotateOperatorToken(_ name: String, now: LocalTime) async throws -> String?
    /// Disables a live operator (their token stops working; the name and log stay); false when unknown.
    func disableOperator(_ name: String, by actor: String, now: LocalTime) async throws -> Bool
    /// The live operator holding `token`.
    func operatorFor(token: String) async throws -> Operator?
    func operators() async throws -> [Operator]
    /// Appends a line to the access log (which refuses updates and deletes).
    func recordAccess(_ record: AccessRecord) async throws
    /// Access-log lines, newest last, of one operator or all, since a time, at most `limit` (the newest ones).
    func accessLog(operatorName: String?, since: LocalTime?, limit: Int) async throws -> [AccessEntry]
    /// What a device has used: events stored today and bytes stored in all.
    func usage(deviceID: String, day: LocalDate) async throws -> DeviceUsage
    /// The public key desks seal their outbox to, base64.
    func sealingPublicKey() async throws -> String
    /// Takes a desk's chained audit entries (see `CentralStorage.receiveAudit`).
    func receiveAudit(_ pushed: AuditPushRequest, from device: Device, now: LocalTime, quota: GatewayLimits?)
        async throws -> AuditPushResponse
    /// A desk's trail as received, with the breaks found in it.
    func deskAudit(deviceID: String) async throws -> DeskAudit
    /// Registers a device's bundle keys (once per identity); answers with the key that signs replies.
    func registerBundleKeys(signing: Data, agreement: Data, for device: Device) async throws -> BundleKeysResponse
    /// Verifies and applies a desk's bundle, keeps its pages in `vault`, and writes its reply (see
    /// `CentralStorage.importBundle`).
    func importBundle(_ data: Data, by operatorName: String, now: LocalTime, vault: PageVault?) async throws
        -> BundleImport
    /// Takes a revoked device's bundle for the laptop that replaced it (see `CentralStorage.importForSuccessor`).
    func importForSuccessor(_ data: Data, by operatorName: String, now: LocalTime, vault: PageVault?) async throws
        -> SuccessorImport
}

/// A device's use of the gateway, for its quotas.
public struct DeviceUsage: Sendable, Equatable {
    public let eventsToday: Int64
    public let bytesStored: Int64

    package init(eventsToday: Int64, bytesStored: Int64) {
        self.eventsToday = eventsToday
        self.bytesStored = bytesStored
    }
}

public struct DeviceSummary: Sendable, Codable {
    public let device_id: String
    public let commune_code: String
    public let terminal: Int
    public let unit_code: String
    public let last_seq: Int64
    public let enrolled_at: String
    public let last_seen_at: String?
    public let revoked: Bool

    package init(
        device_id: String, commune_code: String, terminal: Int, unit_code: String, last_seq: Int64, enrolled_at: String,
        last_seen_at: String?, revoked: Bool
    ) {
        self.device_id = device_id
        self.commune_code = commune_code
        self.terminal = terminal
        self.unit_code = unit_code
        self.last_seq = last_seq
        self.enrolled_at = enrolled_at
        self.last_seen_at = last_seen_at
        self.revoked = revoked
    }
}

/// A dossier as the central system holds it.
public struct CentralCase: Sendable {
    public let code: String
    public let caseID: String
    public let communeCode: String
    public let deviceID: String
    public let procedureCode: String
    public let status: CaseStatus
    /// The `case.created` payload as the desk sent it.
    public let document: JSONValue
    public let receivedAt: String
    public let dueAt: String
    /// The newest open conflict's reason, if the dossier has one.
    public let conflict: String?
    public let pausedSince: String?
    public let finishedAt: String?

    package init(
        code: String, caseID: String, communeCode: String, deviceID: String, procedureCode: String, status: CaseStatus,
        document: JSONValue, receivedAt: String, dueAt: String, conflict: String?, pausedSince: String?,
        finishedAt: String?
    ) {
        self.code = code
        self.caseID = caseID
        self.communeCode = communeCode
        self.deviceID = deviceID
        self.procedureCode = procedureCode
        self.status = status
        self.document = document
        self.receivedAt = receivedAt
        self.dueAt = dueAt
        self.conflict = conflict
        self.pausedSince = pausedSince
        self.finishedAt = finishedAt
    }
}

extension CentralCase {
    /// Timeliness as the gateway computes it, with its own calendar, the dossier's running pause and finish time;
    /// nil when its due time does not read.
    public func timeliness(now: LocalTime, calendar: WorkCalendar) -> Timeliness? {
        guard let due = LocalTime(iso8601: dueAt) else { return nil }
        let effective = calendar.effectiveDue(due, pausedSince: pausedSince.flatMap(LocalTime.init(iso8601:)), now: now)
        return calendar.timeliness(
            status: status, due: effective, finishedAt: finishedAt.flatMap(LocalTime.init(iso8601:)), now: now)
    }
}

/// A desk's event kept in conflict with the central record, open until someone resolves it.
public struct CentralConflict: Sendable, Codable, Hashable {
    public let id: Int64
    public let case_code: String
    public let device_id: String
    public let seq: Int64
    public let reason: String
    public let opened_at: String

    package init(id: Int64, case_code: String, device_id: String, seq: Int64, reason: String, opened_at: String) {
        self.id = id
        self.case_code = case_code
        self.device_id = device_id
        self.seq = seq
        self.reason = reason
        self.opened_at = opened_at
    }
}

/// A desk's event the gateway refused, as the province reviews it: which desk, which dossier, why, and
/// when it happened on the desk (its clock) and reached the gateway.
public struct CentralRejection: Sendable, Codable, Hashable {
    public let device_id: String
    public let commune_code: String
    public let terminal: Int
    public let seq: Int64
    public let case_code: String
    public let kind: String
    public let reason: String
    public let occurred_at: String
    public let received_at: String

    package init(
        device_id: String, commune_code: String, terminal: Int, seq: Int64, case_code: String, kind: String,
        reason: String, occurred_at: String, received_at: String
    ) {
        self.device_id = device_id
        self.commune_code = commune_code
        self.terminal = terminal
        self.seq = seq
        self.case_code = case_code
        self.kind = kind
        self.reason = reason
        self.occurred_at = occurred_at
        self.received_at = received_at
    }
}

extension CentralRepository {
    /// Revokes a device whose laptop was replaced (its bundle in transit may be taken for the new one).
    public func revoke(deviceID: String, now: LocalTime) async throws -> Bool {
        try await revoke(deviceID: deviceID, lost: false, now: now)
    }

    /// A bundle imported where no pages are kept (its pages stay waiting on the desk).
    public func importBundle(_ data: Data, by operatorName: String, now: LocalTime) async throws -> BundleImport {
        try await importBundle(data, by: operatorName, now: now, vault: nil)
    }

    /// A replaced laptop's bundle taken where no pages are kept.
    public func importForSuccessor(_ data: Data, by operatorName: String, now: LocalTime) async throws
        -> SuccessorImport
    {
        try await importForSuccessor(data, by: operatorName, now: now, vault: nil)
    }

    /// A push with no quota (tests and tools on the gateway host).
    public func push(_ events: [WireEvent], from device: Device, now: LocalTime) async throws -> PushResponse {
        try await push(events, from: device, now: now, quota: nil)
    }

    /// A provincial update with no commune restriction (tests and tools on the gateway host).
    public func setStatus(code: String, to status: CaseStatus, reason: String?, actor: String, now: LocalTime)
        async throws -> CentralCase
    {
        try await setStatus(code: code, to: status, reason: reason, actor: actor, now: now, permitted: { _ in true })
    }
}

extension CentralRepository {
    /// The histories with every page described counted, held or not (a gateway that keeps no pages).
    public func caseHistories(communes: [String], calendar catalog: Catalog) async throws -> [CaseHistory] {
        try await caseHistories(communes: communes, calendar: catalog, pagesHeld: nil)
    }
}
