import Hummingbird
import HummingbirdCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOSSL
import NIOTLS

/// Connections one address may hold open at once. A client that opens connections and never sends (or never
/// finishes a TLS handshake) would otherwise hold the gateway's file descriptors until none is left for the
/// desks; a TLS proxy in front (`trustedProxies`) carries every client and is not counted.
final class ConnectionCounter: Sendable {
    let limit: Int
    let exempt: Set<String>
    private let open = NIOLockedValueBox<[String: Int]>([:])

    init(limit: Int, exempt: Set<String>) {
        self.limit = limit
        self.exempt = exempt
    }

    /// Takes a place for `address`; false when it holds `limit` already.
    func take(_ address: String) -> Bool {
        if exempt.contains(address) { return true }
        return open.withLockedValue { open in
            guard open[address, default: 0] < limit else { return false }
            open[address, default: 0] += 1
            return true
        }
    }

    func give(_ address: String) {
        if exempt.contains(address) { return }
        open.withLockedValue { open in
            open[address, default: 1] -= 1
            if open[address] == 0 { open[address] = nil }
        }
    }
}

/// First in every connection's pipeline: refuses an address over its cap, and gives the place back when the
/// connection ends.
final class AddressCapHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let counter: ConnectionCounter
    private var address: String?

    init(counter: ConnectionCounter) { self.counter = counter }

    func handlerAdded(context: ChannelHandlerContext) {
        guard let ip = context.channel.remoteAddress?.ipAddress else { return }
        if counter.take(ip) {
            address = ip
        } else {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        if let address { counter.give(address) }
        address = nil
    }
}

/// Right after the TLS handler: closes a connection whose handshake has not completed `timeout` after it
/// opened (HTTP's own idle timeout starts only once the handshake chose a protocol).
final class HandshakeDeadlineHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = NIOAny
    private let timeout: TimeAmount
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: timeout) { channel.close(promise: nil) }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case .handshakeCompleted = event as? TLSUserEvent {
            deadline?.cancel()
            deadline = nil
        }
        context.fireUserInboundEventTriggered(event)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
    }
}

/// A server child channel with the guards above in front of Hummingbird's own set-up.
struct GuardedChildChannel<Inner: ServerChildChannel>: ServerChildChannel {
    let inner: Inner
    let counter: ConnectionCounter
    /// For TLS: how long the handshake may take.
    let handshakeTimeout: TimeAmount?

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Inner.Value> {
        do {
            try channel.pipeline.syncOperations.addHandler(AddressCapHandler(counter: counter), position: .first)
        } catch {
            return channel.eventLoop.makeFailedFuture(error)
        }
        let value = inner.setup(channel: channel, logger: logger)
        guard let handshakeTimeout else { return value }
        // The inner set-up added the TLS handler synchronously; the deadline goes right behind it, where the
        // handshake's completion is announced.
        do {
            let tls = try channel.pipeline.syncOperations.handler(type: NIOSSLServerHandler.self)
            try channel.pipeline.syncOperations.addHandler(
                HandshakeDeadlineHandler(timeout: handshakeTimeout), position: .after(tls))
        } catch {
            channel.close(promise: nil)
            return channel.eventLoop.makeFailedFuture(error)
        }
        return value
    }

    func handle(value: Inner.Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}
