import FieldCaseCommandLine
import FieldCaseGateway
import FieldCaseWire
import Hummingbird
import Prometheus
import Synchronization

/// What an operator watches on `/metrics`: requests by route and status, push outcomes, pull pages,
/// and how many devices have called in since the gateway started.
public final class GatewayMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let devices = Mutex<Set<String>>([])
    private let devicesSeen: Gauge

    public init() {
        _ = ProcessFigures.started
        devicesSeen = registry.makeGauge(name: "fieldcase_devices_seen", help: "Devices that called in since start")
        registry.makeGauge(
            name: "fieldcase_build_info",
            labels: [("version", Build.version), ("protocol", String(WireProtocol.version))],
            help: "The gateway's version and sync protocol (always 1)"
        ).set(Int64(1))
    }

    func request(method: String, route: String, status: Int, duration: Duration) {
        registry.makeCounter(
            name: "fieldcase_http_requests_total",
            labels: [("method", method), ("route", route), ("status", String(status))],
            help: "HTTP requests by route and status"
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "fieldcase", metricName: "http_request_duration", unitName: "seconds",
                helpText: "Time to answer a request, by route"),
            labels: [("method", method), ("route", route)], buckets: Self.durationBuckets
        ).record(duration)
    }

    /// From a health check on loopback to a large push over a slow link.
    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
    ]

    func pushed(_ outcome: String, count: Int) {
        guard count > 0 else { return }
        registry.makeCounter(
            name: "fieldcase_push_events_total", labels: [("outcome", outcome)], help: "Pushed events by outcome"
        ).increment(by: Int64(count))
    }

    func pulledPage() {
        registry.makeCounter(name: "fieldcase_pull_pages_total", help: "Pull pages served").increment()
    }

    func saw(device: String) {
        let count = devices.withLock { seen in
            seen.insert(device)
            return seen.count
        }
        devicesSeen.set(Double(count))
    }

    /// Reports the limits in force, so an operator reads them next to what they limit.
    func limits(_ limits: GatewayLimits) {
        let settings: [(String, String, Int64)] = [
            (
                "fieldcase_limit_events_per_device_per_day", "Events a device may store per day",
                Int64(limits.eventsPerDevicePerDay)
            ),
            ("fieldcase_limit_bytes_per_device", "Payload bytes a device may store", Int64(limits.bytesPerDevice)),
            (
                "fieldcase_limit_auth_failures_per_minute", "Failed authentications before a lockout",
                Int64(limits.authFailuresPerMinute)
            ),
            (
                "fieldcase_limit_body_timeout_seconds", "Seconds a request body may take",
                limits.bodyTimeout.components.seconds
            ),
        ]
        for (name, help, value) in settings { registry.makeGauge(name: name, help: help).set(Double(value)) }
    }

    func refused(_ reason: String) {
        registry.makeCounter(
            name: "fieldcase_refusals_total", labels: [("reason", reason)], help: "Requests refused by a limit"
        ).increment()
    }

    /// The registry's text, with the process's own figures read at this moment.
    var text: String {
        ProcessFigures.current().publish(to: registry)
        return registry.emitToString()
    }
}

/// Counts every request by its route pattern (never the concrete path, which would carry dossier codes).
struct MetricsMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    let metrics: GatewayMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        do {
            let response = try await next(request, context)
            record(request, context, status: Int(response.status.code), since: started)
            return response
        } catch let error as any HTTPResponseError {
            record(request, context, status: Int(error.status.code), since: started)
            throw error
        } catch {
            record(request, context, status: 500, since: started)
            throw error
        }
    }

    /// Counts the request and logs one line at info: method, route pattern (never the path, which may hold a
    /// dossier code), status, duration and the device or operator; no personal data.
    func record(_ request: Request, _ context: Context, status: Int, since started: ContinuousClock.Instant) {
        let who = context.identity.description
        let route = context.endpointPath ?? "unmatched"
        let elapsed = ContinuousClock.now - started
        metrics.request(method: request.method.rawValue, route: route, status: status, duration: elapsed)
        let milliseconds = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        context.logger.info(
            "request",
            metadata: [
                "method": "\(request.method.rawValue)", "route": "\(route)", "status": "\(status)",
                "duration_ms": "\(milliseconds)", "who": "\(who)",
            ])
    }
}
