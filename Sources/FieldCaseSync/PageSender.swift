import FieldCaseCore
import FieldCaseWire
import Foundation
import NIOCore

/// Sends scanned pages after everything else, so a dossier is on the central system (and counted there) before
/// its pages, however slow the link. Each page goes in chunks; after a cut the gateway says how many bytes it
/// kept and the page goes on from there, so no byte crosses the link twice. What the supervisor's budget or the
/// run's deadline leaves is sent by a later sync; none of it fails the sync.
extension SyncEngine {
    /// The first chunk: 8 seconds at 64 kbit/s. A link that takes a chunk within a second gets chunks twice as
    /// big, up to `maxPageChunk`; a slow one halves them.
    static let pageChunk = 64 * 1024
    static let maxPageChunk = 1024 * 1024
    /// Seconds kept back from the deadline: pages stop before the run must end, never in the middle of it.
    static let pageDeadlineMargin: TimeInterval = 2

    func sendPages(_ summary: inout SyncSummary) async throws {
        let backlog = try store.pageBacklog(on: clock().date)
        var allowance = min(backlog.leftToday ?? .max, backlog.perSyncBudget ?? .max)
        var skipped: Set<String> = []
        var chunk = ChunkSize()
        while allowance > 0, secondsLeft > 1, let page = try store.nextPageToSend(after: skipped) {
            let query = PageQuery(sha256: page.sha256, size: page.sealed.count)
            // Where the gateway stands: it may hold the page already (another desk's copy), or more of it than
            // the desk knows (an answer lost in a cut).
            guard var offset = try await pageStatus(query, &summary, skipped: &skipped) else { continue }
            while offset < page.sealed.count, allowance > 0, secondsLeft > 1 {
                let length = min(chunk.bytes, page.sealed.count - offset, allowance)
                let started = Date()
                let receipt: PageReceipt
                do {
                    let exchange = try await api.call(
                        SyncAPI.pageChunk, PageQuery(sha256: page.sha256, offset: offset, size: page.sealed.count),
                        chunk: page.sealed.subdata(in: offset..<offset + length), timeout: chunkTimeout)
                    summary.bytes_sent += exchange.bytesSent
                    summary.bytes_received += exchange.bytesReceived
                    receipt = exchange.value
                    chunk.adapt(after: Date().timeIntervalSince(started))
                } catch SyncError.unreachable(let problem) {
                    // Part of the chunk may have arrived: the gateway says how much, after the usual wait.
                    chunk.shrink()
                    try await pause(after: problem)
                    guard let resumed = try await pageStatus(query, &summary, skipped: &skipped) else { break }
                    try account(resumed - offset, &allowance, &summary)
                    offset = resumed
                    continue
                } catch SyncError.refused(let status, _) where status == 409 {
                    guard let resumed = try await pageStatus(query, &summary, skipped: &skipped) else { break }
                    try account(resumed - offset, &allowance, &summary)
                    offset = resumed
                    continue
                } catch SyncError.refused(let status, let message) where status == 422 {
                    try store.recordPageRefused(page.sha256, reason: message)
                    skipped.insert(page.sha256)
                    break
                } catch SyncError.refused(let status, _) where status == 404 {
                    // A gateway older than pages, or one that does not hold this page's dossier yet.
                    skipped.insert(page.sha256)
                    break
                }
                try store.recordPageReceipt(receipt)
                try account(receipt.received - offset, &allowance, &summary)
                offset = receipt.received
                if receipt.complete {
                    summary.pages_sent += 1
                    break
                }
            }
        }
    }

    /// Asks where a page's upload stands and records it; the byte to go on from, or nil when there is nothing
    /// more to send of it in this run (complete, or a gateway without it).
    private func pageStatus(_ query: PageQuery, _ summary: inout SyncSummary, skipped: inout Set<String>)
        async throws -> Int?
    {
        let receipt: PageReceipt
        do {
            let exchange = try await retrying { try await api.call(SyncAPI.pageStatus, query) }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            receipt = exchange.value
        } catch SyncError.refused(let status, _) where status == 404 {
            skipped.insert(query.sha256)
            return nil
        }
        try store.recordPageReceipt(receipt)
        if receipt.complete {
            summary.pages_sent += 1
            skipped.insert(query.sha256)
            return nil
        }
        return receipt.received
    }

    /// Counts bytes the gateway acknowledged against the run's allowance and the day's budget.
    private func account(_ bytes: Int, _ allowance: inout Int, _ summary: inout SyncSummary) throws {
        guard bytes > 0 else { return }
        allowance -= bytes
        summary.page_bytes_sent += bytes
        try store.chargePageBudget(bytes, on: clock().date)
        progress(.sendingPages(done: summary.pages_sent, bytes: summary.page_bytes_sent))
    }

    /// The wait before asking again after a dropped chunk, as `retrying` would make it.
    private func pause(after problem: LinkProblem) async throws {
        let wait = max(problem.retryAfter ?? 0, Double.random(in: 0.25...1))
        guard secondsLeft > wait + 1 else { throw SyncError.unreachable(problem) }
        try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
    }

    var secondsLeft: TimeInterval { deadline.timeIntervalSinceNow - Self.pageDeadlineMargin }

    /// A chunk's request may take the usual timeout, but never past the pages' part of the deadline.
    var chunkTimeout: TimeAmount {
        .milliseconds(Int64(max(1, min(Double(api.requestTimeout.nanoseconds) / 1e9, secondsLeft)) * 1000))
    }
}

/// How big the next chunk of a page is: doubled while the link takes one within a second, halved when one takes
/// longer than eight or does not get through.
struct ChunkSize {
    var bytes = SyncEngine.pageChunk

    mutating func adapt(after seconds: TimeInterval) {
        if seconds < 1 {
            bytes = min(SyncEngine.maxPageChunk, bytes * 2)
        } else if seconds > 8 {
            shrink()
        }
    }

    mutating func shrink() {
        bytes = max(16 * 1024, bytes / 2)
    }
}
