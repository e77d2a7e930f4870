import FieldCaseHarness
import Foundation
import Testing

/// Accountability on the gateway, with the real binaries on both backends: commands on the gateway host are
/// logged under the system user, admin-API calls under the operator, the log refuses to be edited, and the
/// request log names the device or operator of each request.
@Suite(.tags(.postgres))
struct AccessLogTests {
    static func accessLog(_ central: CentralServer, _ arguments: [String] = []) throws -> [[String: Any]] {
        let result = try central.command(["access-log", "--json"] + arguments)
        #expect(result.status == 0, "\(result.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("Host commands and admin calls are in the access log; the log cannot be edited", arguments: Backend.allCases)
    func accountability(backend: Backend) throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let central = try CentralServer(directory: home.url.deletingLastPathComponent(), backend: backend)
        try central.start()
        defer { central.stop() }
        #expect(try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
        #expect(try home.run(TestHome.validCase).status == 0)
        #expect(try home.run(["sync"]).status == 0)
        let code = try #require(try central.query("SELECT code FROM cases").first?.first ?? nil)

        #expect(try central.command(["cases"]).status == 0)
        #expect(try central.command(["case-status", code, "processing"]).status == 0)
        let viewer = try central.operatorToken("thanh.tra", role: "viewer")
        let (curl, body) = try ChildProcess.run([
            "/usr/bin/curl", "-s", "-H", "Authorization: Bearer \(viewer)", central.url + "/v1/admin/cases",
        ])
        #expect(curl == 0 && body.contains(code))
        let refused = try ChildProcess.run([
            "/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "POST", "-H",
            "Authorization: Bearer \(viewer)", "-d", #"{"status":"resolved"}"#,
            central.url + "/v1/admin/cases/\(code)/status",
        ])
        #expect(refused.output == "403")

        let me = "unix:" + NSUserName()
        let lines = try Self.accessLog(central).map {
            "\($0["operator"] as? String ?? "?") \($0["action"] as? String ?? "?") \($0["outcome"] as? String ?? "?") "
                + "\(($0["codes"] as? [String]) ?? [])"
        }
        #expect(
            lines.suffix(5) == [
                "\(me) cases.list ok [\"\(code)\"]", "\(me) case.status ok []", "\(me) operator.add ok []",
                "thanh.tra cases.list ok [\"\(code)\"]", "thanh.tra case.status denied []",
            ], "\(lines)")
        #expect(try Self.accessLog(central, ["--operator", "thanh.tra"]).count == 2)
        #expect(try Self.accessLog(central, ["--since", "2099-01-01"]).isEmpty)
        let text = try central.command(["access-log", "--operator", "thanh.tra"])
        #expect(text.stdout.contains("thanh.tra (127.0.0.1)  cases.list  ok  [1 dossiers: \(code)]"), "\(text.stdout)")

        // Where each request came from: the operator's address, the host's commands, every enrollment (a
        // rogue one with a guessed or stolen token is traced to its address).
        let rogue = try home.run(["enroll", "--central", central.url, "--token", "not-a-token"])
        #expect(rogue.status == 77)
        let entries = try Self.accessLog(central)
        func clients(_ operatorName: String, _ action: String) -> [String] {
            entries.filter { $0["operator"] as? String == operatorName && $0["action"] as? String == action }
                .map { "\($0["outcome"] as? String ?? "?") \($0["client"] as? String ?? "?")" }
        }
        #expect(clients("thanh.tra", "cases.list") == ["ok 127.0.0.1"])
        #expect(clients(me, "cases.list") == ["ok host"])
        #expect(clients("enrollment", "device.enroll") == ["ok 127.0.0.1", "unauthorized 127.0.0.1"], "\(entries)")
        let device = try #require(try central.liveDevice(terminal: 1))
        #expect(
            entries.contains { ($0["detail"] as? String)?.hasPrefix("device \(device), terminal 1") == true },
            "the enrollment names the device it made")
        let bad = try central.command(["access-log", "--since", "yesterday"])
        #expect(bad.status == 64)

        for statement in ["UPDATE access_log SET operator = 'nobody'", "DELETE FROM access_log"] {
            #expect(throws: (any Error).self, "\(statement)") { try central.execute(statement) }
        }
        #expect(try Self.accessLog(central, ["--operator", "thanh.tra"]).count == 2, "the lines are still there")

        // One request-log line per request names who made it; no dossier code or personal data.
        #expect(central.log.contains("who=operator thanh.tra"), "\(central.log.suffix(2000))")
        #expect(central.log.contains("who=device "))
        #expect(!central.log.contains("001099012345"))
    }
}
