import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain

/// `fieldcase-central rejections`: what the gateway refused of the desks' events, so the province sees a
/// desk whose clock is wrong or whose dossiers break a rule before the commune calls about them.
struct RejectionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rejections", abstract: "List desks' events the gateway refused, newest first, with why.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption
    @Option(name: .customLong("commune"), help: "Only this commune's desks (repeat for more).")
    var communes: [String] = []
    @Option(help: "Received from this day (2025-06-10) or time (2025-06-10T08:00:00+07:00).") var since: String?
    @Option(help: "At most this many, the newest.") var limit = 1000

    func validate() throws {
        if let since, AccessLogQuery.time(since) == nil {
            throw ValidationError(
                "--since must be a day such as 2025-06-10 or a time such as 2025-06-10T08:00:00+07:00")
        }
        guard (1...AccessLogQuery.maxLimit).contains(limit) else {
            throw ValidationError("--limit must be from 1 to \(AccessLogQuery.maxLimit)")
        }
    }

    func run() async throws {
        let repository = try await database.open()
        let rejections = try await repository.host.run("rejections.list", codes: { $0.map(\.case_code) }) {
            try await repository.rejections(
                communes: communes.isEmpty ? nil : communes, since: since.flatMap(AccessLogQuery.time), limit: limit)
        }
        if output.json { return try printJSON(rejections) }
        guard !rejections.isEmpty else { return operatorPrint("No rejected events.") }
        var table = Table(headers: [
            "Received", "Commune", "Terminal", "Item", "Dossier", "Event", "On the desk", "Why",
        ])
        table.rows = rejections.map {
            [
                $0.received_at, $0.commune_code, String($0.terminal), String($0.seq), $0.case_code, $0.kind,
                $0.occurred_at, $0.reason,
            ]
        }
        operatorPrint(table)
    }
}
