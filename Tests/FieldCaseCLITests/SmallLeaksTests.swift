import FieldCaseHarness
import Foundation
import Testing

/// Small ways citizens' data could leave the desk: the shell's history file, a spreadsheet formula in an
/// export, and an HTTP redirect from something posing as the central system.
@Suite(.tags(.postgres, .terminal))
struct SmallLeaksTests {
    @Test("The shell's history keeps no line with an ID number, a phone, a date, a bare number, a search or a name")
    func historyKeepsNoPersonalData() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let terminal = try PseudoTerminal(home: home, environment: ["FIELDCASE_PIN": "246810"])
        defer { terminal.close() }
        var mark = try terminal.expect("02266 ↑0>")
        for line in [
            "catalog 1.004222", "case find 001099012345", "case find 0912 345 678", "case list --since 2025-06-10",
            "case find 04/03/1999", "001099012345", "case show 02266-250610-1001", "case find tran van binh",
            "case list --name 'Trần Văn Bình'", "fieldcase case find nguyen thi nga",
        ] {
            terminal.line(line)
            mark = try terminal.expect("02266 ↑0>", after: mark)
        }
        terminal.type(PseudoTerminal.ctrlD)
        #expect(terminal.waitForExit() == 0)
        let history = try String(contentsOf: home.url.appendingPathComponent("history"), encoding: .utf8)
        #expect(history.contains("catalog"))
        #expect(history.contains("case show 02266-250610-1001"), "dossier codes are not personal data")
        for secret in [
            "001099012345", "0912 345 678", "2025-06-10", "04/03/1999", "tran van binh", "Trần Văn Bình",
            "nguyen thi nga",
        ] {
            #expect(!history.contains(secret), "\(secret) is in the history file")
        }
    }

    @Test("Every cell that starts with =, +, -, @, tab or CR is defused in a CSV export; ID numbers keep their zeros")
    func formulaGuard() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let payload = "-1+1+cmd|' /C calc'!A0"
        #expect(try home.run(TestHome.validCase + ["--summary=" + payload]).status == 0)
        let file = home.url.deletingLastPathComponent().appendingPathComponent("export.csv")
        #expect(try home.run(["export", "--format", "csv", "--out", file.path]).status == 0)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text.contains("'" + payload), "\(text)")
        #expect(!text.contains("," + payload) && !text.contains("\"" + payload))
        // ID numbers and phones keep their leading zeros: a text literal, the only formula the file holds.
        #expect(text.contains(#""=""001099012345""""#), "\(text)")
        #expect(try home.run(TestHome.validCase + ["--summary=" + #"="1"&cmd"#]).status == 0)
        #expect(try home.run(["export", "--format", "csv", "--out", file.path]).status == 0)
        #expect(try String(contentsOf: file, encoding: .utf8).contains(#""'=""1""&cmd""#))
    }

    @Test("The desk follows no redirect: the place it points to receives nothing")
    func noRedirect() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        let target = scratch.appendingPathComponent("target-hit")
        let server = """
            import http.server, sys
            mode, port, arg = sys.argv[1], int(sys.argv[2]), sys.argv[3]
            class H(http.server.BaseHTTPRequestHandler):
                def answer(self):
                    if mode == "redirect":
                        self.send_response(307); self.send_header("Location", arg)
                    else:
                        open(arg, "a").write(self.command + " " + self.path + "\\n"); self.send_response(200)
                    self.send_header("Content-Length", "0"); self.end_headers()
                do_GET = do_POST = answer
                def log_message(self, *args): pass
            http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
            """
        let script = scratch.appendingPathComponent("server.py")
        try server.write(to: script, atomically: true, encoding: .utf8)
        let targetPort = PostgresCluster.freePort()
        let redirectPort = PostgresCluster.freePort()
        var servers: [Process] = []
        defer {
            // SIGKILL: a child of the test runner may inherit a mask that holds SIGTERM back.
            for process in servers { kill(process.processIdentifier, SIGKILL) }
        }
        for (mode, port, argument) in [
            ("target", targetPort, target.path), ("redirect", redirectPort, "http://127.0.0.1:\(targetPort)/v1/enroll"),
        ] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script.path, mode, String(port), argument]
            // Not the test runner's output: a server left behind would keep `swift test` waiting on it.
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            servers.append(process)
        }
        // Both servers listen before the desk is pointed at them: however long python3 takes to start.
        for port in [targetPort, redirectPort] {
            try #require(PostgresCluster.waitForListener(port: port, timeout: 120), "no server on port \(port)")
        }
        let result = try home.run(["enroll", "--central", "http://127.0.0.1:\(redirectPort)", "--token", "fce_x"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("307"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target.path), "the redirect's target received a request")
    }
}
