import ArgumentParser
import FieldCaseCore
import FieldCaseSync
import Foundation

/// `fieldcase sync`: pushes the outbox, then pulls until up to date. Exit 0 when done, 75 to try
/// later, 76 when the central system speaks another protocol, 77 when the token is refused, 78 when the
/// device is not enrolled, 1 otherwise.
struct SyncCommand: SessionCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(
            commandName: "sync",
            abstract: localized(
                "Send queued changes to the central system and fetch its updates.",
                "Gửi các thay đổi trong hàng đợi lên hệ thống trung tâm và nhận cập nhật từ đó."))
    }

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions
    @Option(
        help: ArgumentHelp(
            localized(
                "Central URL for this run (default: the enrolled one); sending there needs a supervisor.",
                "URL trung tâm cho lần chạy này (mặc định: URL đã đăng ký); gửi tới URL này cần giám sát viên.")))
    var central: String?
    @Flag(help: ArgumentHelp(localized("Print only the summary.", "Chỉ in kết quả tổng hợp."))) var quiet = false
    @Option(
        help: ArgumentHelp(
            localized("Give up after this many seconds of trying.", "Ngừng thử kết nối sau số giây này.")))
    var timeout: Double = 120
    @Flag(
        help: ArgumentHelp(
            localized(
                "Only check that the central system answers (exit 0) or not (exit 75); send nothing.",
                "Chỉ kiểm tra hệ thống trung tâm có trả lời (mã thoát 0) hay không (mã thoát 75); không gửi gì.")))
    var check = false

    func validate() throws {
        guard timeout > 0, timeout <= 86_400 else {
            throw ValidationError(
                localized("--timeout must be from 1 to 86400 seconds", "--timeout phải từ 1 đến 86400 giây"))
        }
    }

    /// With --json every failure is a JSON object too, with the counts so far, before the error line: a script
    /// reading it must never get nothing (a full disk, a home that does not open, a device not enrolled).
    func run(in session: inout Session) async throws {
        do {
            try await runSync(in: &session)
        } catch {
            let failure = error as? SyncFailure
            if output.json {
                // JSON is the same whatever the language: its message is the English one.
                let report = Diagnostics.report(for: failure?.error ?? error, in: .english)
                try printJSON(
                    SyncFailureJSON(report: report, summary: failure?.summary ?? SyncSummary(), language: .english))
            }
            throw failure?.error ?? error
        }
    }

    func runSync(in session: inout Session) async throws {
        let (store, _) = try session.home.openInitialized()
        // Sync needs no officer; in a shell where one signed in, what waits for sealing is sealed first.
        if let signedIn = session.signedIn {
            store.use(signedIn)
            try store.sealOutstanding()
        }
        if check {
            guard let enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
            try await CentralHealth.check(
                central.map { try validatedCentralURL($0, insecure: false) } ?? enrollment.centralURL,
                trustedCA: enrollment.centralCA, timeout: timeout)
            if output.json { return try printJSON(["central": "ok"]) }
            if !quiet { session.say(.centralAnswers) }
            return
        }
        let summary = try await synchronize(store, in: &session)
        if output.json { return try printJSON(summary) }
        session.say(.synced(summary))
        if summary.pages_sent + summary.pages_waiting > 0 {
            session.say(
                .pagesSynced(
                    sent: summary.pages_sent, kilobytesSent: summary.page_bytes_sent / 1024,
                    waiting: summary.pages_waiting, kilobytesWaiting: summary.page_bytes_waiting / 1024))
        }
        if summary.waiting_for_sign_in > 0 { session.say(.waitingForSignIn(summary.waiting_for_sign_in)) }
        if let problem = summary.audit_problem {
            StandardStreams.error(DeskText.auditProblem(problem).text(in: session.language) + "\n")
        }
        if let problem = summary.catalog_problem {
            StandardStreams.error(TerminalText.safe(DeskText.catalogProblem(problem).text(in: session.language)) + "\n")
        }
        if let problem = summary.page_problem {
            StandardStreams.error(TerminalText.safe(DeskText.pageProblem(problem).text(in: session.language)) + "\n")
        }
    }

    func synchronize(_ store: FieldCaseStore, in session: inout Session) async throws -> SyncSummary {
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        guard var enrollment = try store.enrollment() else { throw SyncError.notEnrolled }
        if let central {
            // The device token goes wherever this points: only a supervisor may send it elsewhere.
            try session.authenticate(actor, in: store).require(.enroll)
            enrollment = Enrollment(
                centralURL: try validatedCentralURL(central, insecure: false), deviceID: enrollment.deviceID,
                token: enrollment.token, pullCursor: enrollment.pullCursor, lastSyncAt: enrollment.lastSyncAt,
                epoch: enrollment.epoch, diverged: enrollment.diverged, reconcileNeeded: enrollment.reconcileNeeded,
                centralCA: enrollment.centralCA, hasSealingKey: enrollment.hasSealingKey)
        }
        let showsProgress = !quiet && !output.json && isatty(STDERR_FILENO) == 1
        defer { if showsProgress { StandardStreams.error("\n") } }
        let line = ProgressLine(language: session.language)
        return try await SyncEngine(store: store, enrollment: enrollment, timeout: timeout, language: session.language)
        {
            progress in
            if showsProgress { line.show(progress) }
        }.run()
    }
}

/// `sync --json` when the run failed: the counts so far plus `error` (the message) and `exit` (the code).
struct SyncFailureJSON: Encodable {
    let report: Report
    let summary: SyncSummary
    let language: Language

    enum Keys: String, CodingKey { case error, exit }

    func encode(to encoder: any Encoder) throws {
        try summary.encode(to: encoder)
        var container = encoder.container(keyedBy: Keys.self)
        let prefix = Diagnostics.line("", in: language)
        try container.encode(
            report.message.hasPrefix(prefix) ? String(report.message.dropFirst(prefix.count)) : report.message,
            forKey: .error)
        try container.encode(report.exitCode, forKey: .exit)
    }
}
