import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation

/// Scanned pages over a 2G link: dossiers with four pages each (about 150 KB a page), sent at 64 kbit/s with
/// 300 ms round trips and the link cut now and then, against the time the bytes alone take on that link.
enum PageScenario {
    static let link = LinkProxy.Profile(latencyMilliseconds: 150, bytesPerSecond: 8_000)

    /// Every connection is cut somewhere in its first 100 KB to `most` bytes sent (2 MB, or a third of a smaller
    /// run's pages): a desk keeps its connection from call to call, so on a 30 MB run that is a cut every few
    /// minutes, each on a new connection.
    static func plan(most: Int) -> @Sendable (inout SplitMix64) -> LinkProxy.Profile {
        { generator in
            var profile = link
            profile.cutRequestAfter = Int.random(in: 100_000...max(150_000, most), using: &generator)
            return profile
        }
    }

    static func run(_ bench: Workbench, ours: URL) async throws -> ScenarioResult {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let total = bench.scale.pageDossiers * 4 * bench.scale.pageBytes
        let proxy = try LinkProxy(
            upstreamPort: gateway.port, seed: 0x2_6A6E, plan: plan(most: min(2_000_000, total / 3)))
        defer { proxy.stop() }
        let (store, enrollment) = try await bench.enroll(bench.copy(ours, as: "pages-ours"), with: gateway)
        let officer = try store.resolveOfficer(named: nil)
        var pages: [String: Data] = [:]
        for (index, record) in try store.cases().enumerated() {
            for number in 0..<4 {
                let page = scan(bytes: bench.scale.pageBytes, seed: UInt64(index * 4 + number + 1))
                _ = try store.attachPage(
                    page, to: record.code, stage: .intake, component: nil, by: officer, now: Workbench.now)
                pages[PageSeal.address(of: page)] = page
            }
        }
        let sealed = pages.values.reduce(0) { $0 + PageSeal.sealedSize(of: $1.count) }
        let started = DispatchTime.now()
        let firstPage = FirstMoment()
        let summary = try await SyncEngine(
            store: store, enrollment: enrollment.via(proxy.url), timeout: 7200,
            progress: { if case .sendingPages = $0 { firstPage.mark() } }
        ).run()
        let seconds = Stats.seconds(since: started)
        let usable = firstPage.seconds(since: started) ?? seconds
        let dossiers = try await gateway.repository.cases(communes: nil, status: nil).count
        let identical = pages.allSatisfy { gateway.pages.page($0.key) == $0.value }
        let bytes = proxy.bytesUp + proxy.bytesDown
        let ideal = Double(bytes) / Double(link.bytesPerSecond)
        let ratio = seconds / ideal
        let once = summary.page_bytes_sent == sealed && summary.pages_waiting == 0
        return ScenarioResult(
            name: "pages",
            figures: [
                "seconds": seconds, "bytes": Double(bytes), "page_bytes": Double(sealed),
                "dossiers_usable_after_s": usable, "connections": Double(proxy.connections),
                "requests": Double(proxy.requests), "acknowledged_once": once ? 1 : 0, "identical": identical ? 1 : 0,
                "dossiers": Double(dossiers),
            ],
            baseline: ["ideal_seconds": ideal], ratio: ratio,
            target: "≤ 1.15 × bytes ÷ bandwidth; each page once, byte-identical; dossiers before pages",
            pass: ratio <= 1.15 && once && identical && dossiers == bench.scale.pageDossiers,
            note: "\(bench.scale.pageDossiers) dossiers × 4 pages of \(bench.scale.pageBytes / 1000) KB at 64 kbit/s, "
                + "300 ms round trip, \(proxy.connections) connections, each cut within its first 2 MB sent; "
                + "the dossiers were on the gateway after "
                + "\(Int(usable)) s, every page byte acknowledged once: \(once), pages identical: \(identical)")
    }

    /// A page as a scanner's JPEG looks to the link: its signature, then bytes that do not compress.
    static func scan(bytes: Int, seed: UInt64) -> Data {
        var generator = SplitMix64(seed: seed)
        var data = Data([0xFF, 0xD8, 0xFF, 0xE0])
        while data.count < bytes {
            withUnsafeBytes(of: generator.next()) { data.append(contentsOf: $0.prefix(bytes - data.count)) }
        }
        return data
    }
}

/// The first time something happened, set from the sync's progress callback.
final class FirstMoment: @unchecked Sendable {
    private let lock = NSLock()
    private var moment: DispatchTime?

    func mark() { lock.withLock { if moment == nil { moment = DispatchTime.now() } } }

    func seconds(since start: DispatchTime) -> Double? {
        lock.withLock { moment.map { Double($0.uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 } }
    }
}
