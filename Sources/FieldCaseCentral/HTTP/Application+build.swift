import FieldCaseDomain
import FieldCaseWire
import Hummingbird
import Logging
import NIOCore
import Foundation

/// Builds the gateway application; tests call it directly with port 0.
public func buildApplication(
    repository: any CentralRepository, host: String, port: Int, logger: Logger,
    metrics: GatewayMetrics = GatewayMetrics(), catalogJSON: Data? = nil, bodyTimeout: Duration = .seconds(30),
    onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
) throws -> some ApplicationProtocol {
    Application(
        router: try buildRouter(
            repository: repository, metrics: metrics, catalogJSON: catalogJSON, bodyTimeout: bodyTimeout),
        configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: "fieldcase-central"),
        onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
        logger: logger)
}

/// The routes of the API under `/v1` (see sync/PROTOCOL.md).
public func buildRouter(
    repository: any CentralRepository, metrics: GatewayMetrics = GatewayMetrics(), catalogJSON: Data? = nil,
    bodyTimeout: Duration = .seconds(30)
) throws -> Router<GatewayRequestContext> {
    let router = Router(context: GatewayRequestContext.self)
    router.add(middleware: MetricsMiddleware(metrics: metrics))
    router.add(middleware: ResponseCompressionMiddleware())
    router.get("/v1/health") { _, _ in
        try JSONBody.response(["status": "ok", "protocol": String(WireProtocol.version)])
    }
    let throttle = AuthThrottle()
    let sync = SyncController(repository: repository, metrics: metrics, bodyTimeout: bodyTimeout, throttle: throttle)
    sync.addRoutes(to: router.group("v1"))
    try CatalogController(json: catalogJSON ?? Catalog.embeddedJSON()).addRoutes(to: router.group("v1")) {
        request, context in
        _ = try await sync.authenticate(request, context)
    }
    let admin = AdminController(repository: repository, bodyTimeout: bodyTimeout, throttle: throttle)
    admin.addRoutes(to: router.group("v1/admin"))
    // Metrics tell province-wide activity: only an operator holding the admin token scrapes them.
    router.get("/metrics") { request, context in
        try await admin.authorize(request, context)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.text)))
    }
    return router
}

/// The bearer token of a request, if it has one.
func bearerToken(_ request: Request) -> String? {
    guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else { return nil }
    let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
    return token.isEmpty || token.count > 200 ? nil : token
}
