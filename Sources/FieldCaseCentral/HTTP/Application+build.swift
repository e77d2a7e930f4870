import FieldCaseDomain
import FieldCaseGateway
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
    tls: TLSConfiguration? = nil, pages: PageVault? = nil,
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(
            repository: repository, metrics: metrics, catalogJSON: catalogJSON, limits: limits, pages: pages),
        server: try server(tls: tls, limits: limits),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fieldcase-central"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}

/// HTTP/1.1, or HTTPS with HTTP/2 by ALPN. A connection idle (or sending its head, or its TLS handshake)
/// longer than the body timeout is closed, and one address holds at most `connectionsPerAddress`, so slow or
/// silent clients cannot hold the process's connections.
func server(tls: TLSConfiguration?, limits: GatewayLimits) throws -> HTTPServerBuilder {
    let idleTimeout = limits.bodyTimeout
    let seconds = TimeAmount.seconds(idleTimeout.components.seconds)
    let http1 = HTTP1Channel.Configuration(idleTimeout: seconds)
    let counter = ConnectionCounter(
        limit: limits.connectionsPerAddress, exempt: limits.behindProxy ? limits.trustedProxies : [])
    guard let tls else {
        return HTTPServerBuilder { responder in
            GuardedChildChannel(
                inner: HTTP1Channel(responder: responder, configuration: http1), counter: counter,
                handshakeTimeout: nil)
        }
    }
    let configuration = HTTP2UpgradeChannel.Configuration(
        idleTimeout: idleTimeout, gracefulCloseTimeout: idleTimeout, streamConfiguration: http1)
    return HTTPServerBuilder { responder in
        GuardedChildChannel(
            inner: try HTTP2UpgradeChannel(tlsConfiguration: tls, configuration: configuration, responder: responder),
            counter: counter, handshakeTimeout: seconds)
    }
}

/// The routes of the API under `/v1` (see sync/PROTOCOL.md).
public func buildRouter(
    repository: any CentralRepository, metrics: GatewayMetrics = GatewayMetrics(), catalogJSON: Data? = nil,
    limits: GatewayLimits = GatewayLimits(), pages: PageVault? = nil
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
    router.group("v1").on(SyncAPI.health) { _, _ in
        try SyncAPI.health.answer(HealthResponse(status: "ok", protocol: String(WireProtocol.version)))
    }
    let throttle = AuthThrottle(
        allowed: limits.authFailuresPerMinute, window: limits.authFailureWindow,
        firstLockout: limits.authFirstLockout, metrics: metrics)
    let sync = SyncController(
        repository: repository, metrics: metrics, limits: limits, throttle: throttle,
        admission: PushAdmission(limit: limits.concurrentPushes))
    sync.addRoutes(to: router.group("v1"))
    PageController(repository: repository, vault: pages, sync: sync).addRoutes(to: router.group("v1"))
    try CatalogController(json: catalogJSON ?? Catalog.embeddedJSON()).addRoutes(to: router.group("v1")) {
        request, context in
        _ = try await sync.authenticate(request, context)
    }
    let admin = AdminController(
        repository: repository, bodyTimeout: limits.bodyTimeout, throttle: throttle, pages: pages)
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
