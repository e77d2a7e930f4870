import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// Many desks syncing at once through a bad rural link: 30% of connections cut at a random byte,
/// 10% of answers lost after the gateway committed, 300–1,000 ms round trips. When the link heals,
/// every case is on the central system exactly once and every desk's queue is empty.
///
/// CI runs 8 desks × 40 cases; `FIELDCASE_FULL=1` runs the 50 desks × 200 cases.
@Suite(.serialized, .tags(.slow))
struct SoakTests {
    static let desks = TestScale.pick(ci: 8, full: 50)
    static let casesPerDesk = TestScale.pick(ci: 40, full: 200)
    static let waves = 4

    static func plan(_ generator: inout SplitMix64) -> LinkProxy.Profile {
        var profile = LinkProxy.Profile(latencyMilliseconds: Int.random(in: 150...500, using: &generator))
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<15: profile.cutRequestAfter = Int.random(in: 0...4000, using: &generator)
        case 15..<30: profile.cutResponseAfter = Int.random(in: 0...2000, using: &generator)
        case 30..<40: profile.dropResponse = true
        default: break
        }
        return profile
    }

    @Test("Desks × cases through cuts, lost answers and slow round trips converge exactly once")
    func soak() throws {
        // The bundled catalog's communes; nine terminals each.
        let communes = ["00004", "00070", "00583", "02266", "14797", "20242", "22366", "26740", "26732", "31078"]
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent(
            "fieldcase-soak-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let central = try CentralServer(directory: scratch)
        try central.start()
        defer { central.stop() }
        var homes: [TestHome] = []
        for desk in 0..<Self.desks {
            let home = TestHome(url: scratch.appendingPathComponent("desk-\(desk)/home"))
            let commune = communes[desk % communes.count]
            let terminal = desk / communes.count + 1
            let initialized = try home.run([
                "init", "--commune", commune, "--terminal", String(terminal), "--officer", "Nguyễn Thị Lan", "--pin",
                "246810",
            ])
            try #require(initialized.status == 0, "\(initialized.stderr)")
            let enrolled = try home.run([
                "enroll", "--central", central.url, "--token", try central.enrollToken(commune: commune),
            ])
            try #require(enrolled.status == 0, "\(enrolled.stderr)")
            homes.append(home)
        }
        let proxy = try LinkProxy(upstreamPort: central.port, seed: 0x50A4_2026, plan: Self.plan)
        defer { proxy.stop() }
        // A day at the desks: waves of recording, each followed by every desk syncing at once; then syncs
        // again and again, as the reconnect script would, until every desk is drained.
        var rounds = 0
        var remaining: [TestHome] = []
        for _ in 0..<Self.waves {
            let lines = (0..<(Self.casesPerDesk / Self.waves)).map { _ in ScriptModeTests.add }
            for home in homes { try #require(try home.script(lines).status == 0) }
            remaining = try Self.syncAll(homes, through: proxy)
            rounds += 1
        }
        while !remaining.isEmpty, rounds < 30 {
            remaining = try Self.syncAll(remaining, through: proxy)
            rounds += 1
        }
        #expect(remaining.isEmpty, "\(remaining.count) desks still not drained after \(rounds) rounds")
        let listed = try central.command(["cases", "--json"])
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        let codes = cases.compactMap { $0["code"] as? String }
        #expect(codes.count == Self.desks * Self.casesPerDesk, "every case exactly once on the central system")
        #expect(Set(codes).count == codes.count)
        for home in homes {
            let queue = try home.queueJSON()
            #expect(queue["pending"] as? Int == 0)
            #expect(queue["rejected"] as? Int == 0)
        }
        print(
            "soak: \(Self.desks) desks × \(Self.casesPerDesk) cases, \(rounds) rounds, \(proxy.connections) connections, "
                + "\(proxy.faultsInjected) faults injected, \(codes.count) cases on the gateway, lost 0, duplicated 0")
    }

    /// Starts `sync` on every desk at once; returns the desks that did not drain (exit 75: try again).
    static func syncAll(_ homes: [TestHome], through proxy: LinkProxy) throws -> [TestHome] {
        let started = try homes.map { try $0.start(["sync", "--quiet", "--timeout", "120", "--central", proxy.url]) }
        var remaining: [TestHome] = []
        for (home, (process, out, err)) in zip(homes, started) {
            process.waitUntilExit()
            let result = home.collect(process, out, err)
            #expect(!result.signalled)
            #expect([0, 75].contains(result.status), "\(result.stderr)")
            if result.status != 0 { remaining.append(home) }
        }
        return remaining
    }
}
