import Hummingbird

/// Behind a TLS proxy every request comes from the proxy; the proxy names the client in `X-Real-IP`, and
/// failed authentication is counted under that address. Installed only with `serve --behind-proxy`, and the
/// header is believed only on connections from the trusted proxies (`--trusted-proxy`, loopback by default).
struct ProxiedClientMiddleware: RouterMiddleware {
    typealias Context = GatewayRequestContext
    // A literal header name of token characters only: the initializer cannot return nil for it.
    static let header = HTTPFields.Element.Name("X-Real-IP")!
    let trustedProxies: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let peer = context.remoteAddress?.ipAddress, trustedProxies.contains(peer),
            let client = request.headers[Self.header], client.count <= 45,
            client.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" })
        {
            context.proxiedClient = client
        }
        return try await next(request, context)
    }
}
