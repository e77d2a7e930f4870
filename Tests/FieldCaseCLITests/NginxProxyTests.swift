import FieldCaseHarness
import Foundation
import Testing

/// `sync/deploy/nginx-fieldcase-central.conf` as shipped, run by nginx (installed by `.ci/run`) with a test
/// certificate in front of `fieldcase-central serve --behind-proxy`: a desk enrolls and syncs through it,
/// HTTP/2 is offered, and a client cannot choose the address its failed attempts are counted under.
@Suite(.tags(.postgres))
struct NginxProxyTests {
    static let nginx = "/usr/sbin/nginx"

    /// The shipped site file with this test's certificate, ports and log folder, inside a main file that
    /// keeps nginx's state in `directory`.
    static func configuration(
        in directory: URL, listen: Int, upstreams: [Int], certificates: TestCertificates
    ) throws -> String {
        let shipped = try String(
            contentsOf: APIFuzzTests.packageRoot.appendingPathComponent("sync/deploy/nginx-fieldcase-central.conf"),
            encoding: .utf8)
        let replacements = [
            ("listen 443 ssl http2;", "listen 127.0.0.1:\(listen) ssl http2;"),
            ("server 127.0.0.1:8080;", upstreams.map { "server 127.0.0.1:\($0);" }.joined(separator: "\n    ")),
            ("/etc/fieldcase-central/tls/fullchain.pem", certificates.cert),
            ("/etc/fieldcase-central/tls/privkey.pem", certificates.key),
            ("/var/log/nginx/", directory.path + "/"),
        ]
        var site = shipped
        for (from, to) in replacements {
            #expect(site.contains(from), "the shipped config still has '\(from)'")
            site = site.replacingOccurrences(of: from, with: to)
        }
        let sitePath = directory.appendingPathComponent("site.conf").path
        try site.write(toFile: sitePath, atomically: true, encoding: .utf8)
        let state = directory.path
        let main = """
            pid \(state)/nginx.pid;
            error_log \(state)/error.log;
            events {}
            http {
                client_body_temp_path \(state)/body;
                proxy_temp_path \(state)/proxy;
                fastcgi_temp_path \(state)/fastcgi;
                uwsgi_temp_path \(state)/uwsgi;
                scgi_temp_path \(state)/scgi;
                include \(sitePath);
            }
            """
        let mainPath = directory.appendingPathComponent("nginx.conf").path
        try main.write(toFile: mainPath, atomically: true, encoding: .utf8)
        return mainPath
    }

    /// nginx in the foreground on `configuration`, as the tests run it.
    static func start(_ configuration: String) throws -> Process {
        let proxy = Process()
        proxy.executableURL = URL(fileURLWithPath: nginx)
        proxy.arguments = ["-c", configuration, "-g", "daemon off; master_process off;"]
        try proxy.run()
        return proxy
    }

    /// SIGKILL: a child of the test runner may inherit a mask that holds SIGTERM back.
    static func stop(_ proxy: Process) {
        kill(proxy.processIdentifier, SIGKILL)
        proxy.waitUntilExit()
    }

    /// Waits until nginx answers `/v1/health` over TLS: at most 300 s, a ceiling for a loaded machine.
    static func waitUntilHealthy(_ url: String, ca: String) throws {
        let deadline = Date().addingTimeInterval(300)
        repeat {
            let (status, _) = try ChildProcess.run([
                "/usr/bin/curl", "-sf", "--max-time", "30", "--cacert", ca, url + "/v1/health",
            ])
            if status == 0 { return }
            usleep(100_000)
        } while Date() < deadline
        throw CentralFailure(message: "nginx did not answer over TLS within 300 s")
    }

    @Test("A desk syncs through nginx with TLS; X-Real-IP is nginx's word, not the client's")
    func deskThroughNginx() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.nginx), ".ci/run installs nginx-light")
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        let certificates = try TestCertificates(in: scratch)
        let central = try CentralServer(directory: scratch)
        central.serveArguments = ["--behind-proxy", "--auth-failures-per-minute", "5"]
        try central.start()
        defer { central.stop() }

        let port = PostgresCluster.freePort()
        let configuration = try Self.configuration(
            in: scratch, listen: port, upstreams: [central.port], certificates: certificates)
        let (checked, checkOutput) = try ChildProcess.run([Self.nginx, "-t", "-c", configuration])
        #expect(checked == 0, "\(checkOutput)")
        let proxy = try Self.start(configuration)
        defer { Self.stop(proxy) }
        let url = "https://127.0.0.1:\(port)"
        try Self.waitUntilHealthy(url, ca: certificates.ca)

        let enrolled = try home.run([
            "enroll", "--central", url, "--token", try central.enrollToken(), "--ca-file", certificates.ca,
        ])
        #expect(enrolled.status == 0, "\(enrolled.stderr)")
        #expect(try home.run(TestHome.validCase).status == 0)
        let synced = try home.run(["sync"])
        #expect(synced.status == 0, "\(synced.stderr)")
        #expect(try central.query("SELECT count(*) FROM cases").first?.first == "1")
        let (_, version) = try ChildProcess.run([
            "/usr/bin/curl", "-s", "--http2", "--cacert", certificates.ca, "-o", "/dev/null", "-w",
            "%{http_version}", url + "/v1/health",
        ])
        #expect(version == "2")

        // A client that claims another address in X-Real-IP is still counted under its own.
        for _ in 0..<3 {
            _ = try ChildProcess.run([
                "/usr/bin/curl", "-s", "--cacert", certificates.ca, "-H", "X-Real-IP: 10.9.9.9", "-H",
                "Authorization: Bearer fco_wrong", url + "/v1/admin/cases",
            ])
        }
        let sources = try central.query("SELECT DISTINCT detail FROM access_log WHERE outcome = 'unauthorized'")
        #expect(sources == [["address 127.0.0.1"]], "\(sources)")
        // Past the limit, the client's address is locked out, whatever token it tries next.
        var codes: [String] = []
        for _ in 0..<5 {
            codes.append(
                try ChildProcess.run([
                    "/usr/bin/curl", "-s", "--cacert", certificates.ca, "-o", "/dev/null", "-w", "%{http_code}",
                    "-H", "Authorization: Bearer fco_wrong", url + "/v1/admin/cases",
                ]).output)
        }
        #expect(codes.last == "429", "\(codes)")
    }
}
