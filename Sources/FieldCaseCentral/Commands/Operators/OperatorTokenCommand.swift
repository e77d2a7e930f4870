import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain

/// `fieldcase-central operator token NAME`: rotation; the old token stops working at once.
struct OperatorTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Give an operator a new token (printed once; the old one stops working).")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Operator name.") var name: String

    func run() async throws {
        let repository = try await database.open()
        let token = try await repository.host.run("operator.token", detail: String(name.prefix(64))) {
            guard let token = try await repository.rotateOperatorToken(name, now: .now()) else {
                throw CommandFailure("no live operator named '\(name.prefix(64))'", exitCode: Exit.dataError)
            }
            return token
        }
        operatorPrint("New token for \(name), shown this once:")
        operatorPrint(token)
    }
}
