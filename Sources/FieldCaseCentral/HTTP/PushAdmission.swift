import Foundation
import Hummingbird
import Synchronization

/// How many pushes one gateway process works on at once. Past the limit a push is answered at once with
/// 503 and a Retry-After of a few seconds, spread at random so a herd that was turned away does not come back
/// in step: the morning after an outage is met with waits, never with timeouts, a full connection pool or a
/// process that runs out of memory holding ten thousand bodies. The limit is per process (a province runs
/// several behind its proxy); nothing about correctness depends on it.
final class PushAdmission: Sendable {
    let limit: Int
    private let inFlight = Mutex(0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Runs `body` when there is room, or throws the 503 that asks the desk to come back.
    func admit<Result>(_ body: () async throws -> Result) async throws -> Result {
        let admitted = inFlight.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard admitted else { throw APIError.busy(retryAfter: Int.random(in: 1...5)) }
        defer { inFlight.withLock { $0 -= 1 } }
        return try await body()
    }
}
