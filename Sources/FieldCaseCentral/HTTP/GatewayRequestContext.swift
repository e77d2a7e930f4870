import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// The gateway's request context: where a request came from, so failed authentication is counted per source,
/// and who it turned out to be, for the request log line.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?
    /// Set by authentication deep in a handler, read by the outermost middleware when it logs the request:
    /// a shared box, since a context is passed down by value.
    let identity = RequestIdentity()

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// A TLS proxy in front (`serve --behind-proxy`) names the client in `X-Real-IP`; set on the first
    /// middleware, from the request, so failed authentication is counted per real client.
    var proxiedClient: String?

    /// The client's address: the proxy's word for it behind one, else the connection's.
    var clientAddress: String { proxiedClient ?? remoteAddress?.ipAddress ?? "unknown" }

    /// The key failed authentication from this source is counted under.
    var sourceKey: String { "address " + clientAddress }
}

/// Who a request was: `device <id>` or `operator <name>`, once authenticated.
final class RequestIdentity: Sendable {
    private let value = NIOLockedValueBox<String?>(nil)

    func set(_ who: String) { value.withLockedValue { $0 = who } }
    var description: String { value.withLockedValue { $0 } ?? "-" }
}
