import Foundation
import Hummingbird

/// Failed authentication, counted per source address and per token prefix. Past `allowed` failures within
/// `window` a key is locked out, for a time that doubles with each lockout up to an hour, and every wrong
/// token under it gets 429 with Retry-After. A right token still gets in: many communes reach the gateway
/// through one provincial NAT address, and one desk with an old token must not lock the others out.
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

    /// The answer to a failed authentication under `keys`: 429 while any of them is locked out (the attempt
    /// is not counted again), else `refusal`, once the failure is counted (which may start a lockout).
    func refuse(_ keys: [String], with refusal: any HTTPResponseError, now: Date = Date()) -> any HTTPResponseError {
        if let wait = retryAfter(keys, now: now) {
            metrics?.refused("auth_lockout")
            return APIError.throttled(wait)
        }
        failed(keys, now: now)
        return refusal
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

    /// The keys a presented token is counted under: its source and the token's first characters (the kind
    /// prefix and 8 random ones, so guessing another's prefix to lock it out is a 48-bit guess).
    static func keys(source: String, token: String?) -> [String] {
        [source] + (token.map { ["token " + String($0.prefix(12))] } ?? [])
    }
}
