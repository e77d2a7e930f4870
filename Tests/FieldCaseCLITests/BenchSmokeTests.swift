import FieldCaseHarness
import Foundation
import Testing

/// The benchmark must never rot: every CI run drives it at its smallest size (`--smoke`; `--quick` under
/// `FIELDCASE_FULL=1`) and checks that each scenario printed its figures (and its ratio, where it has a
/// baseline). Targets are not checked here:
/// shared machines are noisy and this is a debug build; the README's figures come from release runs.
@Suite(.serialized, .tags(.slow))
struct BenchSmokeTests {
    static let size = TestScale.pick(ci: "--smoke", full: "--quick")

    @Test("fieldcase-bench --smoke --json prints every scenario with figures and a ratio beside its baseline")
    func smokeRun() throws {
        let bench = FieldCaseBinary.url.deletingLastPathComponent().appendingPathComponent("fieldcase-bench")
        let process = Process()
        process.executableURL = bench
        process.arguments = [Self.size, "--json"]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let diagnostics = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(diagnostics)")
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
        let results = try lines.map {
            try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let names = results.compactMap { $0["name"] as? String }
        #expect(
            names == [
                "record", "search", "startup", "indicators", "push (sqlite)", "push (postgres)", "wire", "slow link",
                "pages",
                "herd (sqlite)", "herd (postgres)", "pull", "bundle", "pin guess",
            ])
        for result in results {
            let name = result["name"] as? String ?? "?"
            let figures = result["figures"] as? [String: Double] ?? [:]
            #expect(!figures.isEmpty && figures.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(name): \(figures)")
            #expect(result["target"] is String)
            if let baseline = result["baseline"] as? [String: Double], !baseline.isEmpty {
                let ratio = try #require(result["ratio"] as? Double, "\(name) has a baseline but no ratio")
                #expect(ratio.isFinite && ratio > 0, "\(name): ratio \(ratio)")
            }
        }
        // What holds at any size and speed: exactly-once and resumption are checked, not timed.
        for name in ["herd (sqlite)", "herd (postgres)"] {
            #expect(
                results.first { $0["name"] as? String == name }?["pass"] as? Bool == true,
                "\(name) lost or doubled changes")
        }
        // The pull's pass also asks for its rate; exactly-once and resumption are its figures.
        let pull = try #require(results.first { $0["name"] as? String == "pull" }?["figures"] as? [String: Double])
        #expect(
            pull["pulled"] == pull["expected"] && pull["applied"] == pull["expected"] && (pull["connections"] ?? 0) > 1,
            "pull lost or doubled changes, or did not resume: \(pull)")
        let indicators = try #require(
            results.first { $0["name"] as? String == "indicators" }?["figures"] as? [String: Double])
        #expect((indicators["resolved_counted"] ?? 0) > 0, "the month's resolved dossiers counted: \(indicators)")
        let pages = try #require(results.first { $0["name"] as? String == "pages" }?["figures"] as? [String: Double])
        #expect(
            pages["acknowledged_once"] == 1 && pages["identical"] == 1 && pages["dossiers"] == 2,
            "every page once, byte-identical, after both dossiers: \(pages)")
        let bundle = try #require(results.first { $0["name"] as? String == "bundle" }?["figures"] as? [String: Double])
        #expect((bundle["bytes_per_case"] ?? 0) > 100, "a bundle carries each case sealed: \(bundle)")
        let herd = try #require(
            results.first { $0["name"] as? String == "herd (postgres)" }?["figures"] as? [String: Double])
        #expect(herd["applied"] == herd["expected"] && herd["errors"] == 0 && (herd["peak_memory_mb"] ?? 0) > 0)
        #expect(
            (results.first { $0["name"] as? String == "push (postgres)" }?["figures"] as? [String: Double])?[
                "wal_bytes_per_case"] ?? 0 > 0, "the WAL a case costs is measured")

        // The capacity model from this run's figures: every line worked out, none left as a placeholder.
        let run = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString).jsonl")
        try data.write(to: run)
        defer { try? FileManager.default.removeItem(at: run) }
        let (status, model) = try ChildProcess.run([bench.path, "--capacity", run.path])
        #expect(status == 0, "\(model)")
        for part in ["A province of 150 communes", "The whole country after the outage", "Next limits", " MB of WAL"] {
            #expect(model.contains(part), "\(part) in: \(model)")
        }
        #expect(!model.contains("nan") && !model.contains("inf"))
    }

    @Test("An unknown scenario is refused with the list of scenarios")
    func unknownScenario() throws {
        let process = Process()
        process.executableURL = FieldCaseBinary.url.deletingLastPathComponent().appendingPathComponent(
            "fieldcase-bench")
        process.arguments = ["--only", "nope"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = Pipe()
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 64)
        #expect(
            text.contains(
                "unknown scenario 'nope'; choose one of record, search, startup, indicators, push, wire, slow-link, pages, "
                    + "herd, pull"
            ))
    }
}
