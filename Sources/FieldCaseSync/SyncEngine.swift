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
    /// A batch's JSON stays under this many bytes before gzip (about 40 KB after it, five seconds at
    /// 64 kbit/s), so it finishes on a 2G link well within a request timeout.
    static let batchBytes = 256 * 1024
    static let batchEvents = 1000
    static let pageSize = 500

    public init(
        store: FieldCaseStore, enrollment: Enrollment, timeout: TimeInterval,
        progress: @escaping @Sendable (SyncProgress) -> Void = { _ in }
    ) {
        self.store = store
        api = CentralAPI(baseURL: enrollment.centralURL, token: enrollment.token)
        deadline = Date().addingTimeInterval(timeout)
        self.progress = progress
    }

    public func run() async throws -> SyncSummary {
        var summary = SyncSummary()
        try await push(&summary)
        try await pull(&summary)
        try await refreshCatalog(&summary)
        try store.markSynced(now: .now())
        summary.pending = try store.pendingCount()
        return summary
    }

    func push(_ summary: inout SyncSummary) async throws {
        let total = try store.pendingCount()
        var done = 0
        while true {
            let pending = try store.pendingEvents(limit: Self.batchEvents)
            guard !pending.isEmpty else { return }
            let batch = try Self.fitting(pending)
            let exchange: CentralAPI.Exchange<PushResponse>
            do {
                exchange = try await retrying { try await api.post("/v1/sync/push", PushRequest(events: batch), as: PushResponse.self) }
            } catch {
                try? store.recordAttempt(seqs: batch.map(\.seq), error: String(describing: error).prefix(200).description, now: .now())
                throw error
            }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let response = exchange.value
            try store.recordPushResults(response.results, now: .now())
            for result in response.results {
                switch result.outcome {
                case .applied: summary.pushed += 1
                case .duplicate: summary.duplicates += 1
                case .rejected: summary.rejected += 1
                case .conflict: summary.conflicts += 1
                }
            }
            done += response.results.count
            progress(SyncProgress(phase: "push", done: done, total: total, bytes: summary.bytes_sent))
            if response.results.isEmpty {
                throw SyncError.refused(
                    status: 200, message: "the central system expects seq \(response.expectedSeq ?? 0) but holds through \(response.ackedThrough)")
            }
        }
    }

    func pull(_ summary: inout SyncSummary) async throws {
        guard var cursor = try store.enrollment()?.pullCursor else { throw SyncError.notEnrolled }
        while true {
            let path = "/v1/sync/pull?after=\(cursor)&limit=\(Self.pageSize)&results_after=\(try store.answeredThrough())"
            let exchange = try await retrying { try await api.get(path, as: PullResponse.self) }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let page = exchange.value
            try store.applyPulledPage(page.changes, nextCursor: page.nextCursor, now: .now())
            summary.pulled += page.changes.count
            progress(SyncProgress(phase: "pull", done: summary.pulled, total: summary.pulled, bytes: summary.bytes_received))
            guard page.hasMore, page.nextCursor > cursor else { return }
            cursor = page.nextCursor
        }
    }

    /// Takes the central catalog (procedures, calendar, office hours) when its version changed.
    func refreshCatalog(_ summary: inout SyncSummary) async throws {
        let known = try store.catalog().version
        let exchange = try await retrying { try await api.catalog(knownVersion: known) }
        summary.bytes_sent += exchange.bytesSent
        summary.bytes_received += exchange.bytesReceived
        if let json = exchange.value { try store.replaceCatalog(with: try Catalog(json: json)) }
    }

    /// The longest prefix of `events` whose JSON fits the batch budget (at least one event), measured
    /// event by event in one pass.
    static func fitting(_ events: [WireEvent]) throws -> [WireEvent] {
        let encoder = JSONEncoder()
        var total = 16  // {"events":[ … ]}
        var count = 0
        for event in events {
            total += try encoder.encode(event).count + 1
            if count > 0, total > batchBytes { break }
            count += 1
        }
        return Array(events.prefix(count))
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
                let wait = Double.random(in: ceiling / 2...ceiling)
                guard Date().addingTimeInterval(wait) < deadline else { throw SyncError.unreachable(detail) }
                try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
            }
        }
    }
}
