import ArgumentParser
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseWire

/// `fieldcase-central audit`: a desk's audit trail as the central system received it, and whether it is intact.
struct DeskAuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Show or verify a desk's audit trail as received.",
        discussion: """
            Desks send their chained audit trail with each sync. --verify checks the stored chain and lists every \
            break found when entries arrived (an entry edited, deleted or rewritten on the desk): exit 0 when \
            intact, 65 otherwise.
            """)
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption
    @Option(help: "The device's id (see devices).") var device: String
    @Flag(help: "Check the trail instead of listing it.") var verify = false

    struct Verification: Encodable {
        let device_id: String
        let entries: Int
        let intact: Bool
        let problems: [String]
    }

    func run() async throws {
        let repository = try await database.open()
        let audit = try await repository.host.run(verify ? "device-audit.verify" : "device-audit.read") {
            try await repository.deskAudit(deviceID: device)
        }
        guard verify else {
            if output.json { return try printJSON(audit.entries) }
            for entry in audit.entries {
                operatorPrint(
                    "\(entry.id)  \(LocalTime(epochSeconds: entry.at).iso8601)  \(entry.officer ?? "device")  \(entry.action)  \(entry.caseCode ?? "")"
                        + "  \(entry.after ?? "")")
            }
            return
        }
        let problems = audit.problems
        if output.json {
            try printJSON(
                Verification(
                    device_id: device, entries: audit.entries.count, intact: problems.isEmpty, problems: problems))
        } else if problems.isEmpty {
            print("Audit trail of \(device) intact: \(audit.entries.count) entries received, chained.")
        } else {
            for problem in problems { operatorPrint("Broken: \(problem)") }
        }
        if !problems.isEmpty { throw ExitCode(65) }
    }
}
