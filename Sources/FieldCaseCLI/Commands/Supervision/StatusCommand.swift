import ArgumentParser
import FieldCaseCore

/// `fieldcase status`: the early-warning dashboard — what is late, what is about to be, and whether
/// the desk's work is reaching the province.
struct StatusCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Early warning: overdue and due-soon dossiers, outbox and sync health.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @OptionGroup var output: OutputOptions

    /// How many dossiers of each watch list the text view shows; JSON has them all.
    static let listed = 20

    func run(in session: inout Session) async throws {
        let now = session.now()
        let (store, _) = try session.home.openInitialized()
        let officer = try session.authenticate(actor, in: store)
        let dashboard = try store.dashboard(now: now)
        try store.recordAccess(AuditAction.dashboard, by: officer, now: now)
        if output.json { return try printJSON(DashboardJSON(dashboard, now: now)) }
        print(DashboardText.summary(dashboard, now: now))
        let counts = CaseStatus.allCases.compactMap { status in
            dashboard.counts[status].map { "\(status.rawValue) \($0)" }
        }
        print(
            "Dossiers: " + (counts.isEmpty ? "none" : counts.joined(separator: " · "))
                + (dashboard.discarded > 0 ? " · discarded \(dashboard.discarded)" : ""))
        for (title, watches) in [("Overdue", dashboard.overdue), ("Due soon", dashboard.dueSoon)] where !watches.isEmpty
        {
            print("\n\(title) (\(watches.count)):")
            var table = Table(headers: ["CODE", "PROCEDURE", "STATUS", "DUE", "WORKING DAYS"])
            table.rows = watches.prefix(Self.listed).map {
                [
                    $0.code, $0.procedureCode, $0.status.rawValue, Format.shortTime($0.due),
                    DashboardText.days($0.workingDaysLate),
                ]
            }
            print(table.render())
            if watches.count > Self.listed { print("… and \(watches.count - Self.listed) more (see --json)") }
        }
        for warning in dashboard.warnings { print("Warning: \(DashboardText.warning(warning))") }
    }
}
