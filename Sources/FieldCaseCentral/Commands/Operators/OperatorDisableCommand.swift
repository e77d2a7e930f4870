import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain

/// `fieldcase-central operator disable NAME`: the token stops working at once; the name stays in the log.
struct OperatorDisableCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "disable", abstract: "Disable an operator (their token stops working).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Operator name.") var name: String

    func run() async throws {
        let repository = try await database.open()
        try await repository.host.run("operator.disable", detail: String(name.prefix(64))) {
            guard try await repository.disableOperator(name, by: HostUser.name, now: .now()) else {
                throw CommandFailure("no live operator named '\(name.prefix(64))'", exitCode: Exit.dataError)
            }
        }
        operatorPrint("Operator \(name) disabled.")
    }
}
