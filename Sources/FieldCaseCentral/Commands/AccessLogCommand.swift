import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain

/// `fieldcase-central access-log`: who read or changed what through the admin API or on this host.
struct AccessLogCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access-log", abstract: "Show the access log (oldest first), newest lines last.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption
    @Option(name: .customLong("operator"), help: "Only this operator (or unix:USER for commands on this host).")
    var operatorName: String?
    @OptionGroup var window: ListWindowOptions

    func run() async throws {
        let repository = try await database.open()
        let entries = try await repository.host.run("access-log.read") {
            try await repository.accessLog(
                operatorName: operatorName, since: window.sinceTime, limit: window.limit)
        }
        if output.json { return try printJSON(entries) }
        for entry in entries {
            let codes = entry.codes.isEmpty ? "" : "  [\(entry.codes.count) dossiers: \(Self.shown(entry.codes))]"
            operatorPrint(
                "\(entry.at)  \(entry.operatorName)" + (entry.client.isEmpty ? "" : " (\(entry.client))")
                    + "  \(entry.action)  \(entry.outcome.rawValue)"
                    + (entry.detail.isEmpty ? "" : "  \(entry.detail)") + codes)
        }
    }

    /// The first few codes of a long read; `--json` has them all.
    static func shown(_ codes: [String]) -> String {
        codes.count <= 5 ? codes.joined(separator: " ") : codes.prefix(5).joined(separator: " ") + " …"
    }
}
