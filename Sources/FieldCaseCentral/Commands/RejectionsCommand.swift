import ArgumentParser
import FieldCaseGateway
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
    @OptionGroup var window: ListWindowOptions

    func run() async throws {
        let repository = try await database.open()
        let rejections = try await repository.host.run("rejections.list", codes: { $0.map(\.case_code) }) {
            try await repository.rejections(
                communes: communes.isEmpty ? nil : communes, since: window.sinceTime, limit: window.limit)
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
