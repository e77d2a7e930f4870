import Foundation
import Testing

/// A desk and a gateway that speak different sync protocols: the desk says what to update, with exit 76
/// (EX_PROTOCOL), and keeps everything it holds.
struct ProtocolVersionTests {
    /// A stand-in for a newer gateway, over real HTTP: every request is refused as the gateway refuses a
    /// version it does not speak, quoting the version the desk claimed.
    static let newerGateway = """
        import http.server, json
        class Refuse(http.server.BaseHTTPRequestHandler):
            def answer(self):
                claimed = self.headers.get('Fieldcase-Protocol')
                body = json.dumps({"error": "unsupported_protocol",
                    "message": "this central system speaks sync protocol 2, not '%s'" % claimed}).encode()
                self.send_response(400)
                self.send_header('Content-Type', 'application/json')
                self.send_header('Content-Length', str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            do_GET = do_POST = answer
            def log_message(self, *arguments): pass
        server = http.server.HTTPServer(('127.0.0.1', 0), Refuse)
        print(server.server_address[1], flush=True)
        server.serve_forever()
        """

    @Test("A gateway that refuses the desk's protocol version is explained as an update to make (exit 76)")
    func refusedVersion() throws {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        server.arguments = ["python3", "-c", Self.newerGateway]
        let output = Pipe()
        server.standardOutput = output
        try server.run()
        defer {
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let port = try #require(
            String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
                .trimmingCharacters(in: .whitespacesAndNewlines).nonEmpty)

        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        #expect(try home.run(TestHome.validCase).status == 0)
        let refused = try home.run(["enroll", "--central", "http://127.0.0.1:\(port)", "--token", "ABCD-EFGH"])
        #expect(refused.status == 76)
        #expect(refused.stderr.contains("does not speak this desk's sync protocol"))
        #expect(refused.stderr.contains("speaks sync protocol 2, not '1'"), "the desk sent its version")
        #expect(refused.stderr.contains("update fieldcase"))
        #expect(try home.storedNames() == ["Nguyễn Văn Đức"], "nothing the desk holds was touched")
    }
}

extension String {
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
