import ArgumentParser
import FieldCaseCommandLine

/// `fieldcase-central operator list`: who may call the admin API, in which role, for which communes.
struct OperatorListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List operators.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let repository = try await database.open()
        let operators = try await repository.host.run("operators.list") { try await repository.operators() }
        if output.json { return try printJSON(operators) }
        for item in operators {
            let communes = item.communes.isEmpty ? "all communes" : item.communes.joined(separator: ",")
            operatorPrint(
                "\(item.name)  \(item.role.rawValue)  \(communes)  since \(item.created_at)"
                    + (item.disabled ? "  disabled" : ""))
        }
    }
}
