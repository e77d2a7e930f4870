import Foundation
import Testing

@testable import FieldCaseHarness

@Suite("The test harness itself: a seeded generator that replays, a link proxy that counts and cuts")
struct LinkProxyTests {
    @Test("The same seed gives the same numbers; another seed other numbers")
    func seededReplay() {
        var first = SplitMix64(seed: 29)
        var again = SplitMix64(seed: 29)
        var other = SplitMix64(seed: 30)
        let a = (0..<8).map { _ in first.next() }
        #expect(a == (0..<8).map { _ in again.next() })
        #expect(a != (0..<8).map { _ in other.next() })
    }

    /// A one-shot TCP server on loopback that answers each connection with `reply` after reading a request.
    final class EchoServer: @unchecked Sendable {
        let socket: Int32
        let port: Int

        init(reply: String) throws {
            let listener = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = 0
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard bound == 0, listen(listener, 8) == 0 else { throw POSIXError(.EADDRINUSE) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
            }
            socket = listener
            port = Int(UInt16(bigEndian: address.sin_port))
            Thread.detachNewThread {
                while true {
                    let client = accept(listener, nil, nil)
                    guard client >= 0 else { return }
                    var buffer = [UInt8](repeating: 0, count: 4096)
                    _ = read(client, &buffer, buffer.count)
                    _ = reply.withCString { write(client, $0, strlen($0)) }
                    close(client)
                }
            }
        }

        func stop() { shutdown(socket, Int32(SHUT_RDWR)) }
    }

    static func exchange(port: Int, request: String) -> String {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { return "" }
        _ = request.withCString { write(socket, $0, strlen($0)) }
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = read(socket, &buffer, buffer.count), count > 0 {
            received.append(contentsOf: buffer[..<count])
        }
        return String(decoding: received, as: UTF8.self)
    }

    @Test("Every byte that crosses is counted in its direction, and each request line once")
    func countsBytes() throws {
        let reply = "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok"
        let server = try EchoServer(reply: reply)
        defer { server.stop() }
        let proxy = try LinkProxy(upstreamPort: server.port, profile: LinkProxy.Profile())
        defer { proxy.stop() }
        let request = "POST /v1/sync/push HTTP/1.1\r\nhost: x\r\ncontent-length: 0\r\n\r\n"
        #expect(Self.exchange(port: proxy.port, request: request) == reply)
        #expect(proxy.bytesUp == request.utf8.count)
        #expect(proxy.bytesDown == reply.utf8.count)
        #expect(proxy.requests == 1)
    }

    @Test("An answer lost after the server committed never reaches the client, though the server saw the request")
    func dropsAnswer() throws {
        let server = try EchoServer(reply: "HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok")
        defer { server.stop() }
        let proxy = try LinkProxy(upstreamPort: server.port, profile: LinkProxy.Profile(dropResponse: true))
        defer { proxy.stop() }
        let request = "GET / HTTP/1.1\r\nhost: x\r\n\r\n"
        #expect(Self.exchange(port: proxy.port, request: request) == "")
        #expect(proxy.bytesUp == request.utf8.count)
    }
}
