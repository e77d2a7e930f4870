import Foundation

/// The limits the gateway holds clients to: settings of `serve` with defaults a province can live with,
/// reported on `/metrics` so an operator sees what is in force.
public struct GatewayLimits: Sendable {
    /// Events a device may store per day: a busy commune desk records a few hundred.
    public var eventsPerDevicePerDay = 20_000
    /// Payload bytes a device may store in all: years of a commune's dossiers.
    public var bytesPerDevice = 512 * 1024 * 1024
    /// Failed authentications per minute from one address or token prefix before it is locked out.
    public var authFailuresPerMinute = 30
    /// The window those failures are counted in, and how long the first lockout lasts (it doubles after).
    public var authFailureWindow: TimeInterval = 60
    public var authFirstLockout: TimeInterval = 30
    /// How long a request body may take to arrive.
    public var bodyTimeout: Duration = .seconds(30)
    /// A TLS proxy connects for every client and names it in `X-Real-IP`: failures are counted under that
    /// address, when the connection comes from one of `trustedProxies`. Anywhere else the header is a
    /// client's word and is ignored.
    public var behindProxy = false
    public var trustedProxies: Set<String> = ["127.0.0.1", "::1"]
    /// Pushes one process works on at once; past it, 503 with Retry-After. A few times the database pool's
    /// connections: enough to keep them busy, few enough that bodies waiting for one stay small.
    public var concurrentPushes = 64
    /// Connections one address may hold open at once (a TLS proxy in `trustedProxies` is not counted): a
    /// commune's desks need a few each; a client opening hundreds and sending nothing cannot exhaust the
    /// process's file descriptors.
    public var connectionsPerAddress = 64

    public init() {}

    /// Why a device's push of `events` events carrying `bytes` payload bytes must wait, or nil. The message is
    /// shown on the desk, so it says what happens next.
    func quotaRefusal(_ usage: DeviceUsage, events: Int, bytes: Int) -> String? {
        if usage.eventsToday + Int64(events) > Int64(eventsPerDevicePerDay) {
            return "this device has sent \(usage.eventsToday) of its \(eventsPerDevicePerDay) events for today; "
                + "the rest waits on the desk until tomorrow, or until the provincial IT raises the quota"
        }
        if usage.bytesStored + Int64(bytes) > Int64(bytesPerDevice) {
            return "this device has stored \(usage.bytesStored / 1_048_576) MiB of its \(bytesPerDevice / 1_048_576) "
                + "MiB on the gateway; the events wait on the desk until the provincial IT raises the quota"
        }
        return nil
    }
}
