import FieldCaseDomain
import FieldCaseWire
import Foundation
import Hummingbird
import HummingbirdCore
import HummingbirdHTTP2
import Logging
import NIOCore
import NIOSSL

/// Builds the gateway application; tests call it directly with port 0. With `tls` it serves HTTPS, HTTP/2
/// negotiated by ALPN and HTTP/1.1 otherwise.
public func buildApplication(
    repository: any CentralRepository, host: String, port: Int, logger: Logger,
    metrics: GatewayMetrics = GatewayMetrics(), catalogJSON: Data? = nil, limits: GatewayLimits = GatewayLimits(),
    tls: TLSConfiguration? = nil, onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(repository: repository, metrics: metrics, catalogJSON: catalogJSON, limits: limits),
        server: try server(tls: tls, idleTimeout: limits.bodyTimeout),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fieldcase-central"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}

/// HTTP/1.1, or HTTPS with HTTP/2 by ALPN; a connection idle (or sending its head) longer than `idleTimeout`
/// is closed, so slow clients cannot hold connections open.
func server(tls: TLSConfiguration?, idleTimeout: Duration) throws -> HTTPServerBuilder {
    let seconds = TimeAmount.seconds(idleTimeout.components.seconds)
    let http1 = HTTP1Channel.Configuration(idleTimeout: seconds)
    guard let tls else { return .http1(configuration: http1) }
    return try .http2Upgrade(
        tlsConfiguration: tls,
        configuration: HTTP2UpgradeChannel.Configuration(
            idleTimeout: idleTimeout, gracefulCloseTimeout: idleTimeout, streamConfiguration: http1))
}

/// The routes of the API under `/v1` (see sync/PROTOCOL.md).
public func buildRouter(
    repository: any CentralRepository, metrics: GatewayMetrics = GatewayMetrics(), catalogJSON: Data? = nil,
    limits: GatewayLimits = GatewayLimits()
) throws -> Router<GatewayRequestContext> {
    metrics.limits(limits)
    let router = Router(context: GatewayRequestContext.self)
    let routes = UnmatchedRouteMiddleware.Routes()
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    if limits.behindProxy { router.add(middleware: ProxiedClientMiddleware(trustedProxies: limits.trustedProxies)) }
    router.add(middleware: ResponseCompressionMiddleware())
    router.add(middleware: ProtocolVersionMiddleware())
    // Innermost: it must see the router's own not-found error before anything turns it into a response.
    router.add(middleware: UnmatchedRouteMiddleware(routes: routes))
    router.get("/v1/health") { _, _ in
        try JSONBody.response(["status": "ok", "protocol": String(WireProtocol.version)])
    }
    let throttle = AuthThrottle(allowed: limits.authFailuresPerMinute, metrics: metrics)
    let sync = SyncController(
        repository: repository, metrics: metrics, limits: limits, throttle: throttle,
        admission: PushAdmission(limit: limits.concurrentPushes))
    sync.addRoutes(to: router.group("v1"))
    try CatalogController(json: catalogJSON ?? Catalog.embeddedJSON()).addRoutes(to: router.group("v1")) {
        request, context in
        _ = try await sync.authenticate(request, context)
    }
    let admin = AdminController(repository: repository, bodyTimeout: limits.bodyTimeout, throttle: throttle)
    admin.addRoutes(to: router.group("v1/admin"))
    router.get("/metrics") { request, context in try await admin.metrics(request, context, metrics: metrics) }
    router.get("/openapi.yaml") { _, _ in
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: PackageResources.openapi_yaml)))
    }
    routes.set(router.routes)
    return router
}

/// The bearer token of a request, if it has one.
func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
    let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    return token.isEmpty || token.count > 200 ? nil : token
}
