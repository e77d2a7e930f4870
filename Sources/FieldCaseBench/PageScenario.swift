import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import FieldCaseWire
import Foundation

/// Scanned pages over a 2G link: dossiers with four pages each (about 150 KB a page), sent at 64 kbit/s with
/// 300 ms round trips and the link cut now and then, against the time the bytes alone take on that link.
enum PageScenario {
    static let link = LinkProxy.Profile(latencyMilliseconds: 150, bytesPerSecond: 8_000)

    /// One connection in four is cut somewhere in its first 40-120 KB sent; the rest hold.
    static func plan(_ generator: inout SplitMix64) -> LinkProxy.Profile {
        var profile = link
        if Int.random(in: 0..<4, using: &generator) == 0 {
            profile.cutRequestAfter = Int.random(in: 40_000...120_000, using: &generator)
        }
        return profile
    }

    static func run(_ bench: Workbench, ours: URL) async throws -> ScenarioResult {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let proxy = try LinkProxy(upstreamPort: gateway.port, seed: 0x2_6A6E, plan: plan)
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
                "dossiers_usable_after_s": usable, "cuts": Double(proxy.faultsInjected),
                "requests": Double(proxy.requests),
            ],
            baseline: ["ideal_seconds": ideal], ratio: ratio,
            target: "≤ 1.15 × bytes ÷ bandwidth; each page once, byte-identical; dossiers before pages",
            pass: ratio <= 1.15 && once && identical && dossiers == bench.scale.pageDossiers,
            note: "\(bench.scale.pageDossiers) dossiers × 4 pages of \(bench.scale.pageBytes / 1000) KB at 64 kbit/s, "
                + "300 ms round trip, \(proxy.faultsInjected) cuts; the dossiers were on the gateway after "
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
