import ArgumentParser
import FieldCaseCore
import FieldCaseSync
import Foundation

/// `fieldcase sync`: pushes the outbox, then pulls until up to date. Exit 0 when done, 75 to try
/// later, 77 when the token is refused, 1 otherwise.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync", abstract: "Send queued changes to the central system and fetch its updates.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var output: OutputOptions
    @Option(help: "Central URL for this run (default: the enrolled one).") var central: String?
    @Flag(help: "Print only the summary.") var quiet = false
    @Option(help: "Give up after this many seconds of trying.") var timeout: Double = 120
    @Flag(help: "Only check that the central system answers (exit 0) or not (exit 75); send nothing.")
    var check = false

    func validate() throws {
        guard timeout > 0, timeout <= 86_400 else { throw ValidationError("--timeout must be from 1 to 86400 seconds") }
    }

    func run() async throws {
        let (store, _) = try home.openInitialized()
        if check {
            guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
            try await CentralHealth.check(central.map { try validatedCentralURL($0, insecure: false) } ?? enrollment.centralURL, timeout: timeout)
            if !quiet { print("The central system answers.") }
            return
        }
        let lock = try SyncLock(home: home.homeURL)
        defer { withExtendedLifetime(lock) {} }
        guard var enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        if let central {
            enrollment = Enrollment(
                centralURL: try validatedCentralURL(central, insecure: false), deviceID: enrollment.deviceID, token: enrollment.token,
                pullCursor: enrollment.pullCursor, lastSyncAt: enrollment.lastSyncAt)
        }
        let showsProgress = !quiet && !output.json && isatty(STDERR_FILENO) == 1
        let summary = try await SyncEngine(store: store, enrollment: enrollment, timeout: timeout) { progress in
            guard showsProgress else { return }
            let line = "\r\(progress.phase == "push" ? "↑" : "↓") \(progress.done)/\(progress.total) · \(progress.bytes / 1024) KB"
            StandardStreams.error(line)
        }.run()
        if showsProgress { StandardStreams.error("\n") }
        if output.json { return try printJSON(summary) }
        print(
            "Synced: \(summary.pushed) sent, \(summary.duplicates) already there, \(summary.rejected) rejected, "
                + "\(summary.conflicts) in conflict, \(summary.pulled) updates received, \(summary.pending) pending.")
    }
}
