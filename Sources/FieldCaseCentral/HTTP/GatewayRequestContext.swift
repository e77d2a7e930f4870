import Hummingbird
import NIOCore

/// The gateway's request context: where a request came from, so failed authentication is counted per source.
public struct GatewayRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The key failed authentication from this source is counted under.
    var sourceKey: String { "address " + (remoteAddress?.ipAddress ?? "unknown") }
}
