import FieldCaseHarness
import Foundation
import Testing

/// A throwaway certificate authority and a server certificate for 127.0.0.1, made with openssl in the test.
struct TestCertificates {
    let ca: String
    let cert: String
    let key: String

    init(in directory: URL) throws {
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        ca = path("province-ca.pem")
        cert = path("central.pem")
        key = path("central.key")
        let extensions = path("central.ext")
        try "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n"
            .write(toFile: extensions, atomically: true, encoding: .utf8)
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try ChildProcess.check(
            ["/usr/bin/openssl", "req", "-x509"] + curve
                + ["-keyout", path("province-ca.key"), "-out", ca, "-days", "2", "-subj", "/CN=Test Province CA"])
        try ChildProcess.check(
            ["/usr/bin/openssl", "req"] + curve
                + ["-keyout", key, "-out", path("central.csr"), "-subj", "/CN=127.0.0.1"])
        try ChildProcess.check([
            "/usr/bin/openssl", "x509", "-req", "-in", path("central.csr"), "-CA", ca, "-CAkey",
            path("province-ca.key"), "-CAcreateserial", "-out", cert, "-days", "2", "-extfile", extensions,
        ])
    }
}

/// HTTPS end to end: the gateway serves TLS with a certificate of the province's own CA, a desk that was
/// given that CA at enrollment syncs over it without `--insecure`, and a desk that was not is refused with a
/// message that says what to do.
struct GatewayTLSTests {
    @Test("A desk enrolls and syncs over HTTPS with the province's CA; HTTP/2 is offered; plain HTTP is refused")
    func httpsEndToEnd() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        let certificates = try TestCertificates(in: scratch)
        let central = try CentralServer(directory: scratch)
        central.serveArguments = ["--tls-cert", certificates.cert, "--tls-key", certificates.key]
        try central.start()
        defer { central.stop() }
        #expect(central.url.hasPrefix("https://"))

        let untrusted = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
        #expect(untrusted.status == 75, "\(untrusted.stderr)")
        #expect(untrusted.stderr.contains("--ca-file"), "the refusal says how to trust the province's CA")

        let enrolled = try home.run([
            "enroll", "--central", central.url, "--token", try central.enrollToken(), "--ca-file", certificates.ca,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(try home.run(TestHome.validCase).status == 0)
        let synced = try home.run(["sync", "--json"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try central.query("SELECT count(*) FROM cases").first?.first == "1", "the dossier crossed over TLS")
        #expect(try home.run(["sync", "--check"]).status == 0)

        // An outside client negotiates HTTP/2 by ALPN with the same certificate.
        let (status, version) = try ChildProcess.run([
            "/usr/bin/curl", "-s", "--http2", "--cacert", certificates.ca, "-o", "/dev/null", "-w",
            "%{http_version}", central.url + "/v1/health",
        ])
        #expect(status == 0)
        #expect(version == "2")
        let plain = try ChildProcess.run([
            "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5",
            central.url.replacingOccurrences(of: "https://", with: "http://") + "/v1/health",
        ])
        #expect(plain.output != "200", "no plain HTTP on the TLS port")
    }

    @Test("Without TLS the gateway listens on loopback only, unless a TLS proxy is in front")
    func plainHTTPOnlyOnLoopback() throws {
        let (status, output) = try ChildProcess.run([
            CentralServer.binary.path, "serve", "--db", "/nonexistent/central.sqlite", "--host", "0.0.0.0",
        ])
        #expect(status == 64)
        #expect(output.contains("--tls-cert") && output.contains("--behind-proxy"), "\(output)")
        let (mixed, mixedOutput) = try ChildProcess.run([
            CentralServer.binary.path, "serve", "--db", "/nonexistent/central.sqlite", "--tls-cert", "x.pem",
        ])
        #expect(mixed == 64)
        #expect(mixedOutput.contains("--tls-key"), "\(mixedOutput)")
        let (named, namedOutput) = try ChildProcess.run([
            CentralServer.binary.path, "serve", "--db", "/nonexistent/central.sqlite", "--host", "127.example.invalid",
        ])
        #expect(named == 64, "a name that starts with 127. is not loopback: \(namedOutput)")
        // The desk sends its token over plain HTTP only to this machine, by address.
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let desk = try home.run(["enroll", "--central", "http://127.example.invalid:8080", "--token", "fce_x"])
        #expect(desk.status == 64, "\(desk.stderr)")
        #expect(desk.stderr.contains("refusing plain http"))
    }
}

/// Clients that open connections and send nothing cannot exhaust the gateway's file descriptors: a TLS
/// handshake has the body timeout to complete, and one address holds a bounded number of connections.
struct ConnectionGuardTests {
    /// A TCP connection to 127.0.0.1:`port` whose reads give up after a minute (only a broken test waits).
    static func connect(_ port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(connected == 0)
        var wait = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    /// What a read on the connection gives: 0 when the gateway closed it, -1 when it is still open after the
    /// read's timeout (or at once, with `MSG_DONTWAIT`).
    static func read(_ descriptor: Int32, flags: Int32 = 0) -> Int {
        var byte: UInt8 = 0
        return recv(descriptor, &byte, 1, flags)
    }

    static func gateway(_ scratch: URL, _ arguments: [String]) throws -> CentralServer {
        let certificates = try TestCertificates(in: scratch)
        let central = try CentralServer(directory: scratch)
        central.serveArguments = ["--tls-cert", certificates.cert, "--tls-key", certificates.key] + arguments
        try central.start()
        return central
    }

    @Test("A TLS connection that never completes its handshake is closed after the body timeout")
    func handshakeDeadline() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let central = try Self.gateway(scratch, ["--body-timeout-seconds", "2"])
        defer { central.stop() }
        let silent = try Self.connect(central.port)
        defer { close(silent) }
        #expect(Self.read(silent) == 0, "closed by the gateway, not left open")
        // Half a ClientHello, then nothing: the same.
        let stalled = try Self.connect(central.port)
        defer { close(stalled) }
        _ = [UInt8]([0x16, 0x03, 0x01, 0x00, 0xF0, 0x01]).withUnsafeBytes {
            send(stalled, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
        }
        #expect(Self.read(stalled) == 0)
        // A real client still gets through.
        let (status, _) = try ChildProcess.run(["/usr/bin/curl", "-sk", "-o", "/dev/null", central.url + "/v1/health"])
        #expect(status == 0)
    }

    @Test("One address holds at most --connections-per-address connections; the next is closed at once")
    func perAddressCap() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("guard-\(UUID())")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let central = try Self.gateway(scratch, ["--connections-per-address", "5", "--body-timeout-seconds", "600"])
        defer { central.stop() }
        // Six at once: the gateway takes them on several threads, so which one is turned away is open.
        var open = try (0..<6).map { _ in try Self.connect(central.port) }
        defer { open.forEach { close($0) } }
        var polled = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        #expect(poll(&polled, nfds_t(polled.count), 60_000) >= 1, "one is closed within a minute")
        let closed = open.filter { Self.read($0, flags: Int32(MSG_DONTWAIT)) == 0 }
        #expect(closed.count == 1, "exactly one of six is closed")
        open.removeAll { closed.contains($0) }
        closed.forEach { close($0) }
        #expect(open.allSatisfy { Self.read($0, flags: Int32(MSG_DONTWAIT)) == -1 }, "five stay open")
        // Closing one gives its place back.
        close(open.removeFirst())
        var admitted = false
        for _ in 0..<600 where !admitted {
            let next = try Self.connect(central.port)
            usleep(100_000)
            if Self.read(next, flags: Int32(MSG_DONTWAIT)) == -1 {
                admitted = true
                open.append(next)
            } else {
                close(next)
            }
        }
        #expect(admitted, "a place is given back when a connection closes")
    }
}
