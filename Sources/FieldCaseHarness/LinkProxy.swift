import Foundation
import Glibc

/// A TCP proxy on loopback that behaves like a rural link between a desk and the gateway: one-way
/// latency, a bandwidth cap in each direction, connections cut after N bytes, answers lost after the
/// server committed — and it counts every byte that crosses it, headers included.
///
/// Each direction has a reader that stamps bytes as they arrive and a writer that delivers them at
/// `max(arrival + latency, end of the previous delivery) + size ÷ bandwidth`: the model of a pipe with
/// a delay and a bottleneck, so a large body pays the latency once, not once per read.
public final class LinkProxy: @unchecked Sendable {
    public struct Profile: Sendable {
        /// One way; a round trip costs twice this.
        public var latencyMilliseconds = 0
        /// Bytes per second in each direction; 0 means no cap.
        public var bytesPerSecond = 0
        public var cutRequestAfter: Int?
        public var cutResponseAfter: Int?
        /// The server's answer never arrives: the connection is cut as its first byte comes back.
        public var dropResponse = false

        public init(
            latencyMilliseconds: Int = 0, bytesPerSecond: Int = 0, cutRequestAfter: Int? = nil,
            cutResponseAfter: Int? = nil,
            dropResponse: Bool = false
        ) {
            self.latencyMilliseconds = latencyMilliseconds
            self.bytesPerSecond = bytesPerSecond
            self.cutRequestAfter = cutRequestAfter
            self.cutResponseAfter = cutResponseAfter
            self.dropResponse = dropResponse
        }

        var isFault: Bool { cutRequestAfter != nil || cutResponseAfter != nil || dropResponse }
    }

    private let listener: Int32
    public let port: Int
    public let upstreamPort: Int
    private let lock = NSLock()
    private var generator: SplitMix64
    /// Chooses the profile of each new connection.
    private let plan: @Sendable (inout SplitMix64) -> Profile
    private var counters = (connections: 0, faults: 0, up: 0, down: 0, requests: 0)
    private var stopped = false

    public init(upstreamPort: Int, seed: UInt64 = 1, plan: @escaping @Sendable (inout SplitMix64) -> Profile) throws {
        self.upstreamPort = upstreamPort
        generator = SplitMix64(seed: seed)
        self.plan = plan
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 1024) == 0 else { throw POSIXError(.EADDRINUSE) }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: actual.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    /// The same profile for every connection.
    public convenience init(upstreamPort: Int, profile: Profile) throws {
        try self.init(upstreamPort: upstreamPort) { _ in profile }
    }

    public var url: String { "http://127.0.0.1:\(port)" }
    public var connections: Int { lock.withLock { counters.connections } }
    public var faultsInjected: Int { lock.withLock { counters.faults } }
    /// Bytes delivered to the server and back to the client so far.
    public var bytesUp: Int { lock.withLock { counters.up } }
    public var bytesDown: Int { lock.withLock { counters.down } }
    /// HTTP/1.1 requests that went up, counted by their request lines.
    public var requests: Int { lock.withLock { counters.requests } }

    public func stop() {
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
            let profile: Profile = lock.withLock {
                counters.connections += 1
                let chosen = plan(&generator)
                if chosen.isFault { counters.faults += 1 }
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
            var one: Int32 = 1
            for fd in [client, upstream] {
                setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            let pair = SocketPair(client: client, upstream: upstream)
            var requestLines = RequestLineCounter()
            Direction(
                from: client, to: upstream, profile: profile, limit: profile.cutRequestAfter, drop: false, pair: pair
            ) {
                [self] chunk in
                let requests = requestLines.count(in: chunk)
                lock.withLock {
                    counters.up += chunk.count
                    counters.requests += requests
                }
            }.start()
            Direction(
                from: upstream, to: client, profile: profile, limit: profile.cutResponseAfter,
                drop: profile.dropResponse,
                pair: pair
            ) { [self] chunk in lock.withLock { counters.down += chunk.count } }.start()
        }
    }

    /// Closes both sockets once, when both directions are done.
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

    /// One direction of a connection: a reader thread stamps chunks, a writer thread delivers them on time.
    final class Direction: @unchecked Sendable {
        let source: Int32
        let destination: Int32
        let profile: Profile
        let limit: Int?
        let drop: Bool
        let pair: SocketPair
        /// Called from the writer thread only, with each chunk as it is delivered.
        let delivered: (ArraySlice<UInt8>) -> Void
        private let condition = NSCondition()
        /// Chunks with their arrival time; an empty chunk marks the end of the stream.
        private var queue: [(bytes: [UInt8], arrival: TimeInterval)] = []

        init(
            from source: Int32, to destination: Int32, profile: Profile, limit: Int?, drop: Bool, pair: SocketPair,
            delivered: @escaping (ArraySlice<UInt8>) -> Void
        ) {
            self.source = source
            self.destination = destination
            self.profile = profile
            self.limit = limit
            self.drop = drop
            self.pair = pair
            self.delivered = delivered
        }

        func start() {
            Thread.detachNewThread { [self] in readLoop() }
            Thread.detachNewThread { [self] in
                writeLoop()
                pair.finished()
            }
        }

        private func readLoop() {
            var buffer = [UInt8](repeating: 0, count: 16 * 1024)
            while true {
                let count = read(source, &buffer, buffer.count)
                let chunk = count > 0 ? Array(buffer[0..<count]) : []
                condition.withLock {
                    queue.append((chunk, Date().timeIntervalSinceReferenceDate))
                    condition.signal()
                }
                if count <= 0 { return }
            }
        }

        private func next() -> (bytes: [UInt8], arrival: TimeInterval) {
            condition.withLock {
                while queue.isEmpty { condition.wait() }
                return queue.removeFirst()
            }
        }

        private func writeLoop() {
            var forwarded = 0
            var lineFree = 0.0
            while true {
                var (chunk, arrival) = next()
                guard !chunk.isEmpty else {
                    shutdown(destination, Int32(SHUT_WR))
                    return
                }
                if drop {
                    // The server answered, so it committed: the answer is lost on the way back.
                    pair.cut()
                    return
                }
                var cutAfterThis = false
                if let limit, forwarded + chunk.count > limit {
                    chunk = Array(chunk.prefix(max(0, limit - forwarded)))
                    cutAfterThis = true
                }
                let transmission = profile.bytesPerSecond > 0 ? Double(chunk.count) / Double(profile.bytesPerSecond) : 0
                let due = max(arrival + Double(profile.latencyMilliseconds) / 1000, lineFree) + transmission
                lineFree = due
                let wait = due - Date().timeIntervalSinceReferenceDate
                if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
                let sent = Self.send(chunk, to: destination)
                // The part before a cut reached the other side too: it is counted.
                if sent { delivered(chunk[...]) }
                guard sent, !cutAfterThis else {
                    pair.cut()
                    return
                }
                forwarded += chunk.count
            }
        }

        /// send with MSG_NOSIGNAL, not write: a peer killed mid-transfer must give EPIPE here, not a
        /// SIGPIPE that takes the whole process down.
        static func send(_ chunk: [UInt8], to destination: Int32) -> Bool {
            var offset = 0
            while offset < chunk.count {
                let written = chunk[offset...].withUnsafeBytes {
                    Glibc.send(destination, $0.baseAddress, chunk.count - offset, Int32(MSG_NOSIGNAL))
                }
                if written <= 0 { return false }
                offset += written
            }
            return true
        }
    }

    /// Finds `HTTP/1.1` request lines in a byte stream read in chunks, a line possibly split between two.
    struct RequestLineCounter {
        static let marker = Array(" HTTP/1.1\r\n".utf8)
        private var tail: [UInt8] = []

        mutating func count(in chunk: ArraySlice<UInt8>) -> Int {
            let bytes = tail + chunk
            var found = 0
            var index = 0
            while index + Self.marker.count <= bytes.count {
                if bytes[index..<(index + Self.marker.count)].elementsEqual(Self.marker) {
                    found += 1
                    index += Self.marker.count
                } else {
                    index += 1
                }
            }
            tail = Array(bytes.suffix(Self.marker.count - 1))
            return found
        }
    }
}
