import ArgumentParser
import FieldCaseGateway

/// `fieldcase-central operator …`: the named people who call the admin API, each with their own token.
struct OperatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operator", abstract: "Manage the operators of the admin API.",
        subcommands: [
            OperatorAddCommand.self, OperatorListCommand.self, OperatorDisableCommand.self, OperatorTokenCommand.self,
        ])
}

extension OperatorRole: ExpressibleByArgument {}
