import FieldCaseCommandLine
import FieldCaseCore
import FieldCaseSync
import Foundation

/// The one line `sync` keeps rewriting on a terminal's standard error: items, bytes, rate and time left
/// while sending, and the wait before the next try while the central system cannot be reached.
final class ProgressLine: @unchecked Sendable {
    private let language: Language
    private let started = Date()
    private let lock = NSLock()
    private var phaseStarted: Date?

    init(language: Language) {
        self.language = language
    }

    func show(_ progress: SyncProgress) {
        let text = lock.withLock { self.text(progress, now: Date()) }
        // \r and "erase to end of line": a shorter line leaves nothing of the longer one before it.
        StandardStreams.error("\r" + text.text(in: language) + "\u{1B}[K")
    }

    private func text(_ progress: SyncProgress, now: Date) -> DeskText {
        switch progress {
        case .sending(let done, let total, let bytes):
            let elapsed = max(0.001, now.timeIntervalSince(phaseStarted ?? started))
            let rate = elapsed < 1 ? 0 : Double(done) / elapsed
            let left = rate > 0 && done < total ? Int((Double(total - done) / rate).rounded(.up)) : nil
            return .sending(
                done: done, total: total, kilobytes: bytes / 1024, perSecond: rate > 0 ? Int(rate) : nil,
                secondsLeft: left)
        case .receiving(let done, let bytes):
            if phaseStarted == nil { phaseStarted = now }
            let elapsed = max(0.001, now.timeIntervalSince(phaseStarted ?? started))
            // A rate is only shown once there is a second to measure it over.
            return .receiving(
                done: done, kilobytes: bytes / 1024, perSecond: elapsed < 1 ? nil : Int(Double(done) / elapsed))
        case .sendingPages(let done, let bytes):
            return .sendingPages(done: done, kilobytes: bytes / 1024)
        case .waiting(let retry, let seconds):
            return .waiting(retry: retry, seconds: Int(seconds.rounded(.up)))
        }
    }
}
