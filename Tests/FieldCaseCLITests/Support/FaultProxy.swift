import Foundation
import Glibc

/// A TCP proxy on loopback that injects the faults of a rural link between a desk and the gateway:
/// latency, a bandwidth cap, connections cut after N bytes in either direction, and responses
/// dropped after the server committed (the request goes through, the answer never comes back).
final class FaultProxy: @unchecked Sendable {
    struct Faults: Sendable {
        var latencyMilliseconds = 0
        /// Bytes per second; 0 means no cap.
        var bytesPerSecond = 0
        var cutRequestAfter: Int?
        var cutResponseAfter: Int?
        var dropResponse = false
    }

    private let listener: Int32
    let port: Int
    let upstreamPort: Int
    private let lock = NSLock()
    private var generator: SplitMix64
    /// Chooses the faults of each new connection.
    private let plan: @Sendable (inout SplitMix64) -> Faults
    private(set) var connections = 0
    private(set) var faultsInjected = 0
    private var stopped = false

    init(upstreamPort: Int, seed: UInt64, plan: @escaping @Sendable (inout SplitMix64) -> Faults) throws {
        self.upstreamPort = upstreamPort
        generator = SplitMix64(seed: seed)
        self.plan = plan
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 128) == 0 else { throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    var url: String { "http://127.0.0.1:\(port)" }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    static func loopback(port: Int) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return address
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if lock.withLock({ stopped }) { return }
                continue
            }
            let faults: Faults = lock.withLock {
                connections += 1
                let chosen = plan(&generator)
                if chosen.cutRequestAfter != nil || chosen.cutResponseAfter != nil || chosen.dropResponse {
                    faultsInjected += 1
                }
                return chosen
            }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: upstreamPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(upstream)
                close(client)
                continue
            }
            let pair = SocketPair(client: client, upstream: upstream)
            Thread.detachNewThread {
                Self.pump(from: client, to: upstream, faults: faults, limit: faults.cutRequestAfter, drop: false, pair: pair)
            }
            Thread.detachNewThread {
                Self.pump(from: upstream, to: client, faults: faults, limit: faults.cutResponseAfter, drop: faults.dropResponse, pair: pair)
            }
        }
    }

    /// Closes both sockets once, when either direction ends.
    final class SocketPair: @unchecked Sendable {
        let client: Int32
        let upstream: Int32
        private let lock = NSLock()
        private var open = 2

        init(client: Int32, upstream: Int32) {
            self.client = client
            self.upstream = upstream
        }

        func cut() {
            shutdown(client, Int32(SHUT_RDWR))
            shutdown(upstream, Int32(SHUT_RDWR))
        }

        func finished() {
            let last = lock.withLock { () -> Bool in
                open -= 1
                return open == 0
            }
            if last {
                close(client)
                close(upstream)
            }
        }
    }

    private static func pump(from source: Int32, to destination: Int32, faults: Faults, limit: Int?, drop: Bool, pair: SocketPair) {
        defer { pair.finished() }
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        var forwarded = 0
        while true {
            let count = read(source, &buffer, buffer.count)
            if count <= 0 {
                shutdown(destination, Int32(SHUT_WR))
                return
            }
            if drop {
                // The server answered, so it committed: the answer is lost on the way back.
                pair.cut()
                return
            }
            if faults.latencyMilliseconds > 0 { usleep(UInt32(faults.latencyMilliseconds * 1000)) }
            var chunk = Array(buffer[0..<count])
            if let limit, forwarded + chunk.count > limit {
                chunk = Array(chunk.prefix(max(0, limit - forwarded)))
                _ = chunk.withUnsafeBytes { send(destination, $0.baseAddress, chunk.count, Int32(MSG_NOSIGNAL)) }
                pair.cut()
                return
            }
            if faults.bytesPerSecond > 0 { usleep(UInt32(Double(chunk.count) / Double(faults.bytesPerSecond) * 1_000_000)) }
            // send with MSG_NOSIGNAL, not write: a peer killed mid-transfer must give EPIPE here,
            // not a SIGPIPE that takes the whole test process down.
            var offset = 0
            while offset < chunk.count {
                let written = chunk[offset...].withUnsafeBytes {
                    send(destination, $0.baseAddress, chunk.count - offset, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 {
                    pair.cut()
                    return
                }
                offset += written
            }
            forwarded += chunk.count
        }
    }
}
