import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// Seeded randomized syncs through a fault-injecting proxy, with the client killed and the server
/// restarted at random moments. After the network heals, every event is on the central system
/// exactly once, in order, no queue is stuck, and the desk's view matches the central one.
@Suite(.serialized, .tags(.slow, .postgres))
struct SyncFaultTests {
    static let runs = TestScale.pick(ci: 100, full: 500)

    static func plan(_ generator: inout SplitMix64) -> LinkProxy.Profile {
        var faults = LinkProxy.Profile()
        faults.latencyMilliseconds = Int.random(in: 0...15, using: &generator)
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<25: faults.cutRequestAfter = Int.random(in: 0...3000, using: &generator)
        case 25..<45: faults.cutResponseAfter = Int.random(in: 0...600, using: &generator)
        case 45..<60: faults.dropResponse = true
        case 60..<70: faults.bytesPerSecond = 64 * 1024
        default: break
        }
        return faults
    }

    @Test(
        "100 seeded runs with cut connections, dropped answers, killed clients and restarted servers converge exactly once",
        arguments: Backend.allCases)
    func randomizedFaults(backend: Backend) throws {
        // Two desks of one commune, terminals 1 and 2, syncing in turns through the same faulty link.
        let homes = try (1...2).map { terminal in
            let home = try TestHome()
            try home.initialize(terminal: terminal)
            return home
        }
        defer { homes.forEach { $0.remove() } }
        let central = try CentralServer(directory: homes[0].url.deletingLastPathComponent(), backend: backend)
        try central.start()
        defer { central.stop() }
        for home in homes {
            let enrolled = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
            #expect(enrolled.status == 0, "\(enrolled.stderr)")
        }
        let proxy = try LinkProxy(upstreamPort: central.port, seed: 0x5EED_F417, plan: Self.plan)
        defer { proxy.stop() }
        var generator = SplitMix64(seed: 0xC0FF_EE11)
        var codes: [[String]] = [[], []]
        var outcomes: [Int32: Int] = [:]
        var kills = 0
        var restarts = 0
        for run in 0..<Self.runs {
            let desk = run % 2
            let home = homes[desk]
            for _ in 0..<Int.random(in: 0...2, using: &generator) {
                let added = try home.run(TestHome.validCase)
                #expect(added.status == 0, "\(added.stderr)")
                codes[desk].append(added.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            if let code = codes[desk].randomElement(using: &generator), Bool.random(using: &generator) {
                // Moves that may or may not be allowed: refusals are local (exit 65) and write nothing.
                _ = try home.run([
                    "case", "status", code, ["processing", "resolved", "returned"].randomElement(using: &generator)!,
                ])
            }
            let (process, out, err) = try home.start(["sync", "--quiet", "--timeout", "1.5", "--central", proxy.url])
            switch Int.random(in: 0..<10, using: &generator) {
            case 0..<2:
                usleep(UInt32.random(in: 0...150_000, using: &generator))
                kill(process.processIdentifier, SIGKILL)
                kills += 1
            case 2:
                usleep(UInt32.random(in: 0...100_000, using: &generator))
                central.stop(signal: Bool.random(using: &generator) ? SIGKILL : SIGTERM)
                try central.start()
                restarts += 1
            default:
                break
            }
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            if !result.signalled {
                #expect([0, 75].contains(result.status), "sync exit \(result.status): \(result.stderr)")
                outcomes[result.status, default: 0] += 1
            }
        }
        #expect(proxy.faultsInjected > 10)

        // The network heals: each desk syncs directly until done.
        var local: [String: String] = [:]
        var lastSeqs: [Int: Int64] = [:]
        for (desk, home) in homes.enumerated() {
            var healed: RunResult?
            for _ in 0..<5 {
                healed = try home.run(["sync", "--json", "--timeout", "120"])
                if healed?.status == 0 { break }
            }
            #expect(healed?.status == 0, "\(healed?.stderr ?? "")")
            let queue = try home.run(["queue", "--json"])
            let state = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
            #expect(state["pending"] as? Int == 0, "no queue is left stuck")
            #expect(state["rejected"] as? Int == 0, "a replayed event would be rejected as already created")
            #expect(state["conflict"] as? Int == 0)
            try DatabaseQueue(path: home.databasePath).read { db in
                #expect(try String.fetchAll(db, sql: "PRAGMA integrity_check") == ["ok"])
                lastSeqs[desk + 1] = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM case_events") ?? 0
                for row in try Row.fetchAll(db, sql: "SELECT code, status FROM cases") {
                    local[row["code"]] = row["status"]
                }
            }
        }
        #expect(local.count == codes[0].count + codes[1].count)
        let devices = try central.command(["devices", "--json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(devices.stdout.utf8)) as? [[String: Any]])
        for device in list {
            let terminal = try #require(device["terminal"] as? Int)
            #expect(
                (device["last_seq"] as? Int).map(Int64.init) == lastSeqs[terminal],
                "every event of T\(terminal), in order")
        }
        let cases = try central.command(["cases", "--json"])
        let remoteList = try #require(
            try JSONSerialization.jsonObject(with: Data(cases.stdout.utf8)) as? [[String: Any]])
        let remote = Dictionary(
            uniqueKeysWithValues: remoteList.compactMap { item -> (String, String)? in
                guard let code = item["code"] as? String, let status = item["status"] as? String else { return nil }
                return (code, status)
            })
        #expect(remoteList.count == local.count, "each dossier exactly once on the central system")
        #expect(remote == local, "the desks' view matches the central system's")
        print(
            "\(backend) fault runs: \(Self.runs), connections \(proxy.connections), faults \(proxy.faultsInjected), client kills \(kills), server restarts \(restarts), exits \(outcomes)"
        )
    }
}
