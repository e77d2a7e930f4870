import Foundation

/// Failed authentication, counted per source address and per token prefix. Past `allowed` failures within
/// `window` a key is locked out, for a time that doubles with each lockout up to an hour, and every request
/// under it gets 429 with Retry-After, whether its token is right or not. Guessing a 256-bit token is hopeless
/// anyway; this keeps a flood of guesses from costing the database a lookup each.
actor AuthThrottle {
    struct Entry {
        var failures: [Date] = []
        var lockedUntil: Date?
        var lockouts = 0
    }

    let allowed: Int
    let window: TimeInterval
    let firstLockout: TimeInterval
    static let longestLockout: TimeInterval = 3600
    /// More keys than this are pruned of the ones neither locked nor recently failing.
    static let maxKeys = 50_000
    private var entries: [String: Entry] = [:]
    let metrics: GatewayMetrics?

    init(allowed: Int = 30, window: TimeInterval = 60, firstLockout: TimeInterval = 30, metrics: GatewayMetrics? = nil)
    {
        self.allowed = allowed
        self.window = window
        self.firstLockout = firstLockout
        self.metrics = metrics
    }

    /// Throws 429 with Retry-After when any of `keys` is locked out.
    func check(_ keys: [String], now: Date = Date()) throws {
        if let wait = retryAfter(keys, now: now) {
            metrics?.refused("auth_lockout")
            throw APIError.throttled(wait)
        }
    }

    /// Seconds to wait when any of `keys` is locked out, else nil.
    func retryAfter(_ keys: [String], now: Date = Date()) -> Int? {
        let waits = keys.compactMap { entries[$0]?.lockedUntil }.filter { $0 > now }.map { $0.timeIntervalSince(now) }
        return waits.max().map { Int($0.rounded(.up)) }
    }

    func failed(_ keys: [String], now: Date = Date()) {
        for key in keys {
            var entry = entries[key] ?? Entry()
            entry.failures = entry.failures.filter { now.timeIntervalSince($0) < window } + [now]
            if entry.failures.count > allowed {
                let lockout = min(Self.longestLockout, firstLockout * pow(2, Double(entry.lockouts)))
                entry.lockedUntil = now.addingTimeInterval(lockout)
                entry.lockouts += 1
                entry.failures = []
            }
            entries[key] = entry
        }
        if entries.count > Self.maxKeys {
            entries = entries.filter { _, entry in
                (entry.lockedUntil.map { $0 > now } ?? false)
                    || entry.failures.contains { now.timeIntervalSince($0) < window }
            }
        }
    }

    /// The keys a presented token is counted under: its source and the token's first characters.
    static func keys(source: String, token: String?) -> [String] {
        [source] + (token.map { ["token " + String($0.prefix(8))] } ?? [])
    }
}
