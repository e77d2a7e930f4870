import FieldCaseCore
import FieldCaseWire
import Foundation

/// Pushes the outbox in order and pulls until up to date, retrying with backoff and jitter until
/// the deadline: retries are driven by time, never by the next local write.
public struct SyncEngine: Sendable {
    let store: FieldCaseStore
    let api: CentralAPI
    let deadline: Date
    let progress: @Sendable (SyncProgress) -> Void
    /// The language of the officer's screens: why an attempt failed is kept in it, for `queue` and `case show`.
    let language: Language
    /// When a sync records what it did (synced, failed, applied): the wall clock, or a test's.
    let clock: @Sendable () -> LocalTime
    /// A push starts under this many bytes of JSON before gzip (about 40 KB after it, five seconds at
    /// 64 kbit/s), so it finishes on a 2G link well within a request timeout; a link that answers quickly
    /// gets batches twice as big each time, up to `maxBatchBytes`: sealed payloads barely compress, and the
    /// gateway takes at most 2 MB as sent.
    static let batchBytes = 256 * 1024
    static let maxBatchBytes = 1536 * 1024
    /// Events per push: a batch goes in whole or waits for the quota, which is never under 1,000 a day.
    static let batchEvents = 1000
    /// Changes asked for per pull page; the gateway also bounds a page by bytes.
    static let pageSize = PullQuery.maxLimit

    public init(
        store: FieldCaseStore, enrollment: Enrollment, timeout: TimeInterval, language: Language = .english,
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in },
        clock: @escaping @Sendable () -> LocalTime = { LocalTime.now() }
    ) {
        self.store = store
        self.language = language
        self.clock = clock
        deadline = Date().addingTimeInterval(timeout)
        var api = CentralAPI(baseURL: enrollment.centralURL, token: enrollment.token, trustedCA: enrollment.centralCA)
        api.requestTimeout = .milliseconds(Int64(min(30, max(1, timeout)) * 1000))
        self.api = api
        self.progress = progress
    }

    /// Pushes, pulls and refreshes the catalog within the deadline: a hard one, for the whole run, however
    /// the gateway behaves. A failure carries the counts so far.
    public func run() async throws(SyncFailure) -> SyncSummary {
        let progress = SummaryBox()
        do {
            return try await withDeadline { try await self.synchronize(progress) }
        } catch {
            throw SyncFailure(error: error, summary: progress.value)
        }
    }

    func synchronize(_ box: SummaryBox) async throws -> SyncSummary {
        var summary = SyncSummary()
        defer { box.value = summary }
        guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        if let diverged = enrollment.diverged { throw SyncError.diverged(diverged) }
        if !enrollment.hasSealingKey {
            // Enrolled before outboxes were sealed: the key comes over the same authenticated HTTPS.
            try store.saveSealingKey(
                try await retrying { try await api.call(SyncAPI.sealingKey) }.value
                    .sealingKey)
        }
        if try store.replyKey() == nil { try await registerBundleKeys() }
        if enrollment.reconcileNeeded { try await reconcile(newHistory: false) }
        do {
            try await push(&summary)
            try await pushAudit(&summary)
            try await pull(&summary)
        } catch SyncError.newEpoch {
            // The central database was restored: find out what it lacks, send that again, pull from the start.
            // Its copy may predate this identity's bundle keys: they are registered again (the same keys).
            try await reconcile(newHistory: true)
            try await registerBundleKeys()
            try await push(&summary)
            try await pushAudit(&summary)
            try await pull(&summary)
        }
        try await refreshCatalog(&summary)
        try store.markSynced(now: clock())
        do {
            try await sendPages(&summary)
        } catch SyncError.unreachable {
            // The link went while pages were going: the dossiers are through, the pages wait for the next sync.
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            // The dossiers are through whatever went wrong with a page: said, and the pages wait.
            summary.page_problem = Self.reason(error, in: language)
        }
        let pages = try store.pageBacklog(on: clock().date)
        summary.pages_waiting = pages.pages
        summary.page_bytes_waiting = pages.bytes
        summary.pending = try store.pendingCount()
        summary.held = try store.queueSummary(limit: 0).counts[.held] ?? 0
        summary.waiting_for_sign_in = try store.itemsWaitingForSealing()
        return summary
    }

    /// Registers this identity's bundle keys (made now if it has none) over the authenticated link and keeps the
    /// key the gateway signs its replies with: from then on the desk can sync by USB stick too. A gateway
    /// without bundles (404) leaves it for a later sync.
    public func registerBundleKeys() async throws {
        guard let keys = try store.bundleKeys(creating: true) else { return }
        let request = BundleKeysRequest(
            signingKey: keys.signing.publicKey.rawRepresentation.base64EncodedString(),
            agreementKey: keys.agreement.publicKey.rawRepresentation.base64EncodedString())
        do {
            let answer = try await retrying {
                try await api.call(SyncAPI.bundleKeys, request)
            }
            try store.saveReplyKey(answer.value.replyKey)
        } catch SyncError.refused(let status, _) where status == 404 {
            return
        }
    }

    /// Sends the audit trail after the last entry the central system acknowledged. It answers with what it
    /// holds: the desk resumes from there (a restored gateway asks for entries again), and a break it found
    /// (entries edited or deleted here) is reported, never hidden.
    func pushAudit(_ summary: inout SyncSummary) async throws {
        // The desk's own verdict goes first, even with nothing new to send.
        var problems = try store.verifyAudit().problems
        var resent = false
        while true {
            let entries = try store.unsentAudit(limit: Self.batchEvents)
            guard !entries.isEmpty || !problems.isEmpty else { return }
            let request = AuditPushRequest(entries: entries, localProblems: problems)
            problems = []
            let exchange = try await retrying {
                try await api.call(SyncAPI.audit, request)
            }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let answer = exchange.value
            try store.setAuditSent(through: answer.receivedThrough)
            if let problem = answer.problem {
                summary.audit_problem = problem
                return
            }
            guard let first = entries.first, let last = entries.last else { continue }
            if answer.receivedThrough < first.id {
                // The gateway asks for earlier entries: once (a restored gateway); twice means they are gone here.
                if resent {
                    summary.audit_problem = "entries after \(answer.receivedThrough) are missing on this desk"
                    return
                }
                resent = true
                continue
            }
            summary.audit_sent += Int(answer.receivedThrough - first.id + 1)
            if answer.receivedThrough < last.id { return }
        }
    }

    /// Runs `body`, or throws `unreachable` when the deadline passes first; the late work is cancelled.
    func withDeadline<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) async throws -> T {
        let deadline = deadline
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                try? await Task.sleep(nanoseconds: UInt64(max(0, deadline.timeIntervalSinceNow) * 1_000_000_000))
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else {
                throw SyncError.unreachable(.deadline)
            }
            return value
        }
    }

    /// Stops the run when an answer comes from another gateway history than the one the desk knows.
    func checkEpoch(_ epoch: String?) throws {
        guard let epoch else { return }
        guard let known = try store.enrollment()?.epoch else { return try store.rememberEpoch(epoch) }
        if known != epoch { throw SyncError.newEpoch(epoch) }
    }

    func push(_ summary: inout SyncSummary) async throws {
        let total = try store.pendingCount()
        var done = 0
        var size = BatchSize()
        // Named on the first batch: the gateway checks it still holds the last answer it gave before new events
        // take the next seqs (a copied-back gateway whose lost seqs a twin filled would take them unnoticed).
        var answered = try store.lastAnsweredEvent()
        while true {
            let pending = try store.pendingEvents(limit: Self.batchEvents)
            guard !pending.isEmpty else { return }
            let (batch, body) = try Self.fitting(pending, bytes: size.bytes, answered: answered)
            let exchange: CentralAPI.Exchange<PushResponse>
            do {
                let started = Date()
                exchange = try await api.call(SyncAPI.push, json: body)
                size.adapt(after: Date().timeIntervalSince(started))
            } catch let error as SyncError where size.canShrink && error.asksForSmallerBatch {
                // A grown batch the link or the gateway could not take: smaller at once, no wait.
                size.shrink()
                continue
            } catch SyncError.unreachable {
                // At the start size: the usual waits, then the same batch again.
                do {
                    exchange = try await retrying {
                        try await api.call(SyncAPI.push, json: body)
                    }
                } catch {
                    try? store.recordAttempt(
                        seqs: batch.map(\.seq), error: String(Self.reason(error, in: language).prefix(200)),
                        now: clock())
                    throw error
                }
            } catch {
                try? store.recordAttempt(
                    seqs: batch.map(\.seq), error: String(Self.reason(error, in: language).prefix(200)), now: clock())
                throw error
            }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let response = exchange.value
            try checkEpoch(response.epoch)
            if response.answeredHeld == false { throw SyncError.newEpoch(response.epoch ?? "") }
            answered = nil
            try store.recordPushResults(response.results, now: clock())
            for result in response.results {
                switch result.effectiveOutcome {
                case .applied: summary.pushed += 1
                case .rejected: summary.rejected += 1
                case .conflict: summary.conflicts += 1
                case .duplicate, .diverged: break
                }
                if result.outcome == .duplicate { summary.duplicates += 1 }
                if result.outcome == .diverged { throw SyncError.diverged(result.reason ?? "") }
            }
            done += response.results.count
            progress(.sending(done: done, total: total, bytes: summary.bytes_sent))
            if response.results.isEmpty, let expected = response.expectedSeq, expected <= (try store.answeredThrough())
            {
                // The gateway no longer holds events it answered: its database went back (restored without a
                // new epoch). Find out what it lacks and send that again.
                throw SyncError.newEpoch(response.epoch ?? "")
            }
            if response.results.isEmpty {
                throw SyncError.refused(
                    status: 200,
                    message:
                        "the central system expects seq \(response.expectedSeq ?? 0) but holds through \(response.ackedThrough)"
                )
            }
        }
    }

    /// Asks the central system which of the desk's events it holds, takes their answers, and queues the rest
    /// again under new numbers after the identity's last seq (new dossier codes where codes collide).
    public func reconcile(newHistory: Bool) async throws {
        let events = try store.reconcileEventIDs().chunked(Self.reconcileChunk)
        let codes = try store.reconcileCaseCodes().chunked(Self.reconcileChunk)
        // At least one question, so the answer always says where the seq series stands.
        var questions =
            events.map { ReconcileRequest(eventIDs: Array($0), caseCodes: []) }
            + codes.map { ReconcileRequest(eventIDs: [], caseCodes: Array($0)) }
        if questions.isEmpty { questions = [ReconcileRequest(eventIDs: [], caseCodes: [])] }
        var held: [ReconcileResponse.Held] = []
        var cases: [ReconcileResponse.HeldCase] = []
        var last: ReconcileResponse?
        for question in questions {
            let answer = try await retrying {
                try await api.call(SyncAPI.reconcile, question)
            }.value
            held += answer.held
            cases += answer.cases
            last = answer
        }
        guard let last else { return }
        try store.applyReconciliation(
            held: held, cases: cases, lastSeq: last.lastSeq, epoch: last.epoch, newHistory: newHistory, now: clock())
    }

    static let reconcileChunk = 1000

    func pull(_ summary: inout SyncSummary) async throws {
        guard var cursor = try store.enrollment()?.pullCursor else { throw SyncError.notEnrolled }
        // Asked on the first page only: a few dozen bytes, once per sync.
        var answered = try store.lastAnsweredEvent()
        while true {
            let query = PullQuery(
                after: cursor, limit: Self.pageSize, resultsAfter: try store.answeredThrough(), answered: answered)
            answered = nil
            let exchange = try await retrying { try await api.call(SyncAPI.pull, query) }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let page = exchange.value
            try checkEpoch(page.epoch)
            if page.ackedSeq < (try store.answeredThrough()) || cursor > (page.newest ?? cursor)
                || page.answeredHeld == false
            {
                // The gateway holds fewer of this desk's events than it answered, has lost the last one it
                // answered, or holds fewer changes than the desk has seen: its history went back.
                throw SyncError.newEpoch(page.epoch ?? "")
            }
            try store.applyPulledPage(page.changes, nextCursor: page.nextCursor, now: clock())
            summary.pulled += page.changes.count
            progress(.receiving(done: summary.pulled, bytes: summary.bytes_received))
            guard page.hasMore, page.nextCursor > cursor else { return }
            cursor = page.nextCursor
        }
    }

    /// Takes the central catalog (procedures, calendar, office hours) when its version changed.
    func refreshCatalog(_ summary: inout SyncSummary) async throws {
        let known = try store.catalogTag()
        let exchange = try await retrying { try await api.catalog(known: known) }
        summary.bytes_sent += exchange.bytesSent
        summary.bytes_received += exchange.bytesReceived
        guard let json = exchange.value else { return }
        do {
            try store.replaceCatalog(with: try Catalog(json: json))
        } catch let error as CatalogError {
            // The dossiers went through: a catalog this release refuses (a gateway serving an older file) is
            // reported, and the desk keeps counting on the one it has.
            summary.catalog_problem = error.description
        }
    }

    /// The first events whose JSON fits in `bytes` (at least one), and the push request's body: each event is
    /// encoded once, and the body is `{"answered":…,"events":[…]}` around them (`answered` only when given), as
    /// `PushRequest` encodes.
    static func fitting(_ events: [WireEvent], bytes: Int, answered: String? = nil) throws -> ([WireEvent], Data) {
        let encoder = JSONEncoder()
        var body = Data("{".utf8)
        if let answered { body += Data(#""answered":"#.utf8) + (try encoder.encode(answered)) + Data(",".utf8) }
        body += Data(#""events":["#.utf8)
        var count = 0
        for event in events {
            let encoded = try encoder.encode(event)
            // The event, the comma before it and the closing "]}".
            if count > 0, body.count + encoded.count + 3 > bytes { break }
            if count > 0 { body.append(UInt8(ascii: ",")) }
            body.append(encoded)
            count += 1
        }
        body.append(contentsOf: Array("]}".utf8))
        return (Array(events.prefix(count)), body)
    }

    static func reason(_ error: any Error, in language: Language) -> String {
        (error as? SyncError)?.text(in: language) ?? String(describing: error)
    }

    /// Retries transient failures with exponential backoff and full jitter until the deadline.
    func retrying<T: Sendable>(_ operation: @Sendable () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            do {
                return try await operation()
            } catch SyncError.unreachable(let detail) {
                attempt += 1
                let ceiling = min(30.0, 0.25 * pow(2.0, Double(attempt)))
                // Never sooner than the central system asked, spread so a herd turned away comes back apart.
                let asked = detail.retryAfter.map { min(600, $0 * Double.random(in: 1...1.5)) } ?? 0
                let wait = max(asked, Double.random(in: ceiling / 2...ceiling))
                guard Date().addingTimeInterval(wait) < deadline, !Task.isCancelled else {
                    throw SyncError.unreachable(detail)
                }
                progress(.waiting(retry: attempt, seconds: wait))
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }
}

/// Why a sync stopped, with what it had done by then (printed with `--json` on failure too).
public struct SyncFailure: Error {
    public let error: any Error
    public let summary: SyncSummary
}

/// The counts so far, readable after the deadline cancelled the run that kept them.
final class SummaryBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = SyncSummary()

    var value: SyncSummary {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// How big the next push is, in bytes of JSON: doubled while the link answers a batch within a second,
/// halved when one takes longer than five or does not get through, never under the 2G-safe start.
struct BatchSize {
    var bytes = SyncEngine.batchBytes

    var canShrink: Bool { bytes > SyncEngine.batchBytes }

    mutating func adapt(after seconds: TimeInterval) {
        if seconds < 1 {
            bytes = min(SyncEngine.maxBatchBytes, bytes * 2)
        } else if seconds > 5 {
            shrink()
        }
    }

    mutating func shrink() {
        bytes = max(SyncEngine.batchBytes, bytes / 2)
    }
}

extension SyncError {
    /// A failure a smaller batch may get past: no answer in time, a dropped link, or a body too large.
    var asksForSmallerBatch: Bool {
        switch self {
        case .unreachable(let problem): problem.retryAfter == nil
        case .refused(let status, _): status == 413
        default: false
        }
    }
}
