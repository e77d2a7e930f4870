import FieldCaseGateway
import FieldCaseCentral
import FieldCaseCore
import FieldCaseHarness
import FieldCaseSync
import Foundation

/// Sync by USB stick against the same data synced over the network: bundle bytes per case, and the time to
/// export, import at the province and take the reply back, beside a network sync on loopback.
enum BundleScenario {
    static func run(_ bench: Workbench, ours: URL, theirs: URL) async throws -> ScenarioResult {
        let cases = bench.scale.bundleCases
        let network = try await networkSync(bench, theirs: theirs, cases: cases)

        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let (store, _) = try await bench.enroll(bench.copy(ours, as: "bundle-ours"), with: gateway)
        var start = DispatchTime.now()
        let bundle = try DeskBundles.export(store: store, sinceAck: false, now: .now())
        // As `bundle export` does: the desk takes replies only to bundles it recorded writing.
        try store.recordBundleExport(
            sha256: bundle.sha256, fileName: bundle.header.fileName, deviceID: bundle.header.deviceID,
            seqs: bundle.seqs, items: bundle.header.items, by: try store.resolveOfficer(named: nil), now: .now())
        let exportSeconds = Stats.seconds(since: start)
        start = DispatchTime.now()
        let imported = try await gateway.repository.importBundle(bundle.data, by: "bench", now: .now())
        let importSeconds = Stats.seconds(since: start)
        start = DispatchTime.now()
        let reply = try DeskBundles.importReply(imported.reply, store: store, now: .now())
        let replySeconds = Stats.seconds(since: start)
        guard imported.counts.applied == cases, reply.answered_now == cases, try store.pendingCount() == 0 else {
            throw BenchError("bundle: \(imported.counts.applied) applied, \(reply.answered_now) answered of \(cases)")
        }
        let total = exportSeconds + importSeconds + replySeconds
        let bytesPerCase = Double(bundle.data.count) / Double(cases)
        let ratio = total / network.seconds
        return ScenarioResult(
            name: "bundle",
            figures: [
                "bytes_per_case": bytesPerCase, "reply_bytes_per_case": Double(imported.reply.count) / Double(cases),
                "export_seconds": exportSeconds, "import_seconds": importSeconds, "reply_seconds": replySeconds,
                "seconds": total,
            ],
            baseline: ["seconds": network.seconds, "wire_bytes_per_case": network.bytesPerCase], ratio: ratio,
            target: "round trip ≤ 1.5 × network sync; bundle ≤ wire bytes/case",
            pass: ratio <= 1.5 && bytesPerCase <= network.bytesPerCase,
            note: "\(cases) dossiers: export, import at the province, reply on the desk; baseline: network sync")
    }

    /// The same number of dossiers synced over loopback, bytes counted at a proxy.
    static func networkSync(_ bench: Workbench, theirs: URL, cases: Int) async throws
        -> (seconds: Double, bytesPerCase: Double)
    {
        let gateway = try await bench.startGateway(.sqlite)
        defer { gateway.stop() }
        let proxy = try LinkProxy(upstreamPort: gateway.port, profile: LinkProxy.Profile())
        defer { proxy.stop() }
        let (store, enrollment) = try await bench.enroll(bench.copy(theirs, as: "bundle-theirs"), with: gateway)
        let start = DispatchTime.now()
        let summary = try await SyncEngine(store: store, enrollment: enrollment.via(proxy.url), timeout: 1200).run()
        let seconds = Stats.seconds(since: start)
        guard summary.pushed == cases else {
            throw BenchError("bundle baseline: \(summary.pushed) of \(cases) applied")
        }
        return (seconds, Double(proxy.bytesUp + proxy.bytesDown) / Double(cases))
    }
}
