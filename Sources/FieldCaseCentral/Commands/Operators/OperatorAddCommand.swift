import ArgumentParser
import FieldCaseGateway
import FieldCaseDomain

/// `fieldcase-central operator add NAME --role …`: prints the new operator's token once, as the last line.
struct OperatorAddCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add", abstract: "Create an operator and print their token (shown once).")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Name the access log shows, e.g. nguyen.van.an (letters, digits, . _ - @).") var name: String
    @Option(help: "admin (devices, operators, tokens), province (updates its communes), viewer (reads).")
    var role: OperatorRole
    @Option(help: "A commune the operator answers for (repeat; required for province).") var commune: [String] = []

    func validate() throws {
        guard Operator.isValidName(name) else {
            throw ValidationError("the name may hold 1 to 64 letters, digits, '.', '_', '-' or '@'")
        }
        if let problem = Operator.scopeProblem(role: role, communes: commune) { throw ValidationError(problem) }
    }

    func run() async throws {
        let repository = try await database.open(create: .named)
        let token = try await repository.host.run("operator.add", detail: "\(name) \(role.rawValue)") {
            try await repository.addOperator(name, role: role, communes: commune, by: HostUser.name, now: .now())
        }
        operatorPrint("Operator \(name) (\(role.rawValue)) created. Their token, shown this once:")
        operatorPrint(token)
    }
}
