import FieldCaseHarness
import Foundation
import Testing

/// Several `fieldcase-central serve` processes on one PostgreSQL behind the shipped nginx config behave as one
/// gateway: real desks sync through it at once while one gateway process is SIGKILLed and restarted, and in
/// the end every dossier each desk recorded is on the central system once, with the desk's content, and
/// every desk's outbox is empty. CI runs a few desks; `FIELDCASE_FULL=1` runs a province's morning.
@Suite(.serialized, .tags(.slow, .postgres))
struct MultiGatewayTests {
    @Test("Three gateways behind nginx, one killed and restarted mid-herd: every dossier once, every outbox empty")
    func herdThroughThree() throws {
        #expect(FileManager.default.isExecutableFile(atPath: NginxProxyTests.nginx), ".ci/run installs nginx-light")
        let desks = TestScale.pick(ci: 6, full: 27)
        let casesPerDesk = TestScale.pick(ci: 40, full: 200)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("multi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let first = try CentralServer(directory: scratch, backend: .postgres)
        first.serveArguments = ["--behind-proxy"]
        let gateways = [first] + (1..<3).map { _ in CentralServer(sharing: first, directory: scratch) }
        for gateway in gateways { try gateway.start() }
        defer { for gateway in gateways { gateway.stop(signal: SIGKILL) } }

        let certificates = try TestCertificates(in: scratch)
        let port = PostgresCluster.freePort()
        let configuration = try NginxProxyTests.configuration(
            in: scratch, listen: port, upstreams: gateways.map(\.port), certificates: certificates)
        let proxy = try NginxProxyTests.start(configuration)
        defer { NginxProxyTests.stop(proxy) }
        let url = "https://127.0.0.1:\(port)"
        try NginxProxyTests.waitUntilHealthy(url, ca: certificates.ca)

        // Desks of several communes (nine terminals each at most), each with its dossiers, enrolled through nginx.
        var homes: [TestHome] = []
        defer { for home in homes { home.remove() } }
        for index in 0..<desks {
            let home = try TestHome()
            homes.append(home)
            let commune = ["02266", "00583", "00004"][index / 9]
            let terminal = index % 9 + 1
            let set = try home.run([
                "init", "--commune", commune, "--terminal", String(terminal), "--officer", "Nguyễn Thị Lan", "--pin",
                "246810",
            ])
            try #require(set.status == 0, "\(set.stderr)")
            let enrolled = try home.run([
                "enroll", "--central", url, "--token", try first.enrollToken(commune: commune, terminal: terminal),
                "--ca-file", certificates.ca,
            ])
            try #require(enrolled.status == 0, "\(enrolled.stderr)")
            // Recorded once the desk knows the central system's key: sealed for it as they are written.
            let line = [
                "case", "add", "--procedure", "1.001193", "--name", "'Nguyễn Văn Đức'", "--id-number",
                "001099012345", "--dob", "1999-03-04", "--gender", "male",
            ].joined(separator: " ")
            let added = try home.script(Array(repeating: line, count: casesPerDesk))
            try #require(added.status == 0, "\(added.stderr)")
        }

        // All at once; a gateway process dies mid-herd and comes back on its port.
        // The first half of the desks at once; a gateway process dies as their first batches are stored, and the
        // second half arrives while it is down: mid-herd, whatever the machine's speed.
        let half = desks / 2
        var syncs = try homes.prefix(half).map { try $0.start(["sync", "--timeout", "120"]) }
        var stored = 0
        // The first batches arrive however slowly the desks start: at most 600 s, a ceiling for a loaded machine.
        let storing = Date().addingTimeInterval(600)
        while stored == 0, Date() < storing {
            stored = Int((try first.query("SELECT count(*) FROM events").first?.first ?? nil) ?? "0") ?? 0
            if stored == 0 { usleep(10_000) }
        }
        gateways[1].stop(signal: SIGKILL)
        syncs += try homes.dropFirst(half).map { try $0.start(["sync", "--timeout", "120"]) }
        print("multi-gateway: one gateway killed with \(stored) of \(desks * casesPerDesk) events stored")
        #expect(stored > 0 && stored <= half * casesPerDesk, "the kill fell mid-herd")
        usleep(700_000)
        try gateways[1].start()
        var statuses: [Int32] = []
        for (process, out, err) in syncs {
            process.waitUntilExit()
            let result = homes[0].collect(process, out, err)
            statuses.append(result.status)
            #expect([0, 75].contains(result.status), "sync exits 0, or 75 to be run again: \(result.stderr)")
        }
        // What waits goes with the next sync, as on a desk whose sync was cut.
        for home in homes {
            let again = try home.run(["sync", "--timeout", "120"])
            #expect(again.status == 0, "\(again.stderr)")
        }

        // The checker: what each desk holds is on the central system once, as the desk has it.
        var expected: [String: String] = [:]
        for home in homes {
            let queue = try home.run(["queue", "--json"])
            let outbox = try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any]
            #expect(outbox?["pending"] as? Int == 0, "every outbox is empty")
            let listed = try home.run(["case", "list", "--json", "--limit", "0"])
            let cases = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]] ?? []
            #expect(cases.count == casesPerDesk)
            for item in cases {
                let code = try #require(item["code"] as? String)
                #expect(item["sync_state"] as? String == "synced", "\(code) is synced on its desk")
                expected[code] = item["status"] as? String
            }
        }
        let central = try first.query("SELECT code, status FROM cases")
        let held = Dictionary(central.map { ($0[0] ?? "", $0[1] ?? "") }, uniquingKeysWith: { a, _ in a })
        #expect(central.count == desks * casesPerDesk, "no dossier doubled or lost")
        #expect(held == expected, "the central system holds what the desks hold")
        let events = try first.query("SELECT count(*), count(DISTINCT event_id) FROM events").first
        #expect(events == ["\(desks * casesPerDesk)", "\(desks * casesPerDesk)"], "every event applied once")
    }
}
