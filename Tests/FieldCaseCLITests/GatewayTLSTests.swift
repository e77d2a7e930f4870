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
