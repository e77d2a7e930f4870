import FieldCaseCore
import FieldCaseWire
import Foundation
import NIOCore

/// Sends scanned pages after everything else, so a dossier is on the central system (and counted there) before
/// its pages, however slow the link. One call learns where every upload stands; each page then goes in chunks,
/// and after a cut the gateway says how many bytes it kept and the page goes on from there, so no byte crosses
/// the link twice. What the supervisor's budget or the run's deadline leaves is sent by a later sync; none of it
/// fails the sync.
extension SyncEngine {
    /// The first chunk: 8 seconds at 64 kbit/s, long beside a 300 ms round trip. A link that takes a chunk within
    /// ten seconds gets chunks twice as big, up to `maxPageChunk`; one that takes over twenty halves them.
    static let pageChunk = 64 * 1024
    static let maxPageChunk = 1024 * 1024
    /// Seconds kept back from the deadline: pages stop before the run must end, never in the middle of it.
    static let pageDeadlineMargin: TimeInterval = 2

    func sendPages(_ summary: inout SyncSummary) async throws {
        let backlog = try store.pageBacklog(on: clock().date)
        var allowance = min(backlog.leftToday ?? .max, backlog.perSyncBudget ?? .max)
        guard allowance > 0, secondsLeft > 1 else { return }
        var chunk = ChunkSize()
        for (page, receipt) in try await standing(try store.pagesToSend(), &summary) {
            guard allowance > 0, secondsLeft > 1 else { return }
            try store.recordPageReceipt(receipt, for: page.sha256)
            if receipt.complete {
                summary.pages_sent += 1
                continue
            }
            guard let upload = try store.pageUpload(page.sha256), upload.sealed.count == page.size else { continue }
            try await send(upload, from: receipt.received, chunk: &chunk, allowance: &allowance, &summary)
        }
    }

    /// Where each page's upload stands, asked in calls of up to 500 pages; a page the gateway will not take from
    /// this desk is left for a later sync. A gateway older than pages answers 404: none are sent.
    private func standing(_ pages: [PageStatusRequest.Page], _ summary: inout SyncSummary) async throws
        -> [(PageStatusRequest.Page, PageReceipt)]
    {
        var standing: [(PageStatusRequest.Page, PageReceipt)] = []
        for start in stride(from: 0, to: pages.count, by: PageStatusRequest.maxPages) {
            let asked = Array(pages[start..<min(pages.count, start + PageStatusRequest.maxPages)])
            let exchange: CentralAPI.Exchange<PageStatusResponse>
            do {
                exchange = try await retrying {
                    try await api.call(SyncAPI.pagesStatus, PageStatusRequest(pages: asked), timeout: chunkTimeout)
                }
            } catch SyncError.refused(let status, _) where status == 404 {
                return standing
            }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            let receipts = Dictionary(
                exchange.value.receipts.map { ($0.sha256, $0) }, uniquingKeysWith: { first, _ in first })
            standing += asked.compactMap { page in receipts[page.sha256].map { (page, $0) } }
        }
        return standing
    }

    /// Sends one page from the byte the gateway holds, in chunks, until it is whole, the allowance or the time
    /// runs out, or the gateway refuses it.
    private func send(
        _ page: PageUpload, from start: Int, chunk: inout ChunkSize, allowance: inout Int, _ summary: inout SyncSummary
    ) async throws {
        let size = page.sealed.count
        var offset = start
        while offset < size, allowance > 0, secondsLeft > 1 {
            let length = min(chunk.bytes, size - offset, allowance)
            let started = Date()
            let receipt: PageReceipt
            do {
                let exchange = try await api.call(
                    SyncAPI.pageChunk, PageQuery(sha256: page.sha256, offset: offset, size: size),
                    chunk: page.sealed.subdata(in: offset..<offset + length), timeout: chunkTimeout)
                summary.bytes_sent += exchange.bytesSent
                summary.bytes_received += exchange.bytesReceived
                receipt = exchange.value
                chunk.adapt(after: Date().timeIntervalSince(started))
            } catch SyncError.unreachable(let problem) {
                // Part of the chunk may have arrived: the gateway says how much, after a short wait.
                chunk.shrink()
                try await pause(after: problem)
                guard let resumed = try await pageStatus(page, &summary) else { return }
                try account(resumed - offset, &allowance, &summary)
                offset = resumed
                continue
            } catch SyncError.refused(let status, _) where status == 409 {
                // The gateway holds another count, or is still writing a chunk a cut left behind: it says where.
                try await pause(after: .dropped)
                guard let resumed = try await pageStatus(page, &summary) else { return }
                try account(resumed - offset, &allowance, &summary)
                offset = resumed
                continue
            } catch SyncError.refused(let status, let message) where status == 422 {
                try store.recordPageRefused(page.sha256, reason: message)
                return
            } catch SyncError.refused(let status, _) where status == 404 {
                return
            }
            try store.recordPageReceipt(receipt, for: page.sha256)
            try account(receipt.received - offset, &allowance, &summary)
            offset = receipt.received
            if receipt.complete {
                summary.pages_sent += 1
                return
            }
        }
    }

    /// Asks where one page's upload stands and records it; the byte to go on from, or nil when there is nothing
    /// more to send of it in this run (complete, or a gateway that will not take it).
    private func pageStatus(_ page: PageUpload, _ summary: inout SyncSummary) async throws -> Int? {
        let query = PageQuery(sha256: page.sha256, size: page.sealed.count)
        let receipt: PageReceipt
        do {
            let exchange = try await retrying {
                try await api.call(SyncAPI.pageStatus, query, timeout: chunkTimeout)
            }
            summary.bytes_sent += exchange.bytesSent
            summary.bytes_received += exchange.bytesReceived
            receipt = exchange.value
        } catch SyncError.refused(let status, _) where status == 404 {
            return nil
        }
        try store.recordPageReceipt(receipt, for: page.sha256)
        if receipt.complete {
            summary.pages_sent += 1
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

    /// The wait before asking again after a dropped chunk.
    private func pause(after problem: LinkProblem) async throws {
        let wait = max(problem.retryAfter ?? 0, Double.random(in: 0.1...0.4))
        guard secondsLeft > wait + 1 else { throw SyncError.unreachable(problem) }
        try await Task.sleep(nanoseconds: UInt64(wait * 1_000_000_000))
    }

    var secondsLeft: TimeInterval { deadline.timeIntervalSinceNow - Self.pageDeadlineMargin }

    /// A chunk's request may take the usual timeout, but never past the pages' part of the deadline.
    var chunkTimeout: TimeAmount {
        .milliseconds(Int64(max(1, min(Double(api.requestTimeout.nanoseconds) / 1e9, secondsLeft)) * 1000))
    }
}

/// How big the next chunk of a page is: doubled while the link takes one within ten seconds, halved when one
/// takes longer than twenty or does not get through (what a cut chunk carried is kept all the same).
struct ChunkSize {
    var bytes = SyncEngine.pageChunk

    mutating func adapt(after seconds: TimeInterval) {
        if seconds < 10 {
            bytes = min(SyncEngine.maxPageChunk, bytes * 2)
        } else if seconds > 20 {
            shrink()
        }
    }

    mutating func shrink() {
        bytes = max(16 * 1024, bytes / 2)
    }
}
