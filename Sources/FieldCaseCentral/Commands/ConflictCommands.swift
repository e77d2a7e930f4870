import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain
import Foundation

/// `fieldcase-central conflicts`: desks' events that met a newer central record, open until resolved.
struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts", abstract: "List open conflicts between desks' events and the central records.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let repository = try await database.open()
        let conflicts = try await repository.host.run("conflicts.list", codes: { $0.map(\.case_code) }) {
            try await repository.openConflicts()
        }
        if output.json { return try printJSON(conflicts) }
        for conflict in conflicts {
            operatorPrint(
                "\(conflict.id)  \(conflict.case_code)  seq \(conflict.seq)  \(conflict.opened_at)  \(conflict.reason)")
        }
    }
}

/// `fieldcase-central resolve-conflict ID --note …`: someone looked at it and says what was done.
struct ResolveConflictCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve-conflict", abstract: "Close an open conflict, saying how it was resolved.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Conflict id (see 'conflicts').") var id: Int64
    @Option(help: "What was done about it.") var note: String

    func run() async throws {
        let repository = try await database.open()
        try await repository.host.run("conflict.resolve", detail: String(id)) {
            guard try await repository.resolveConflict(id: id, by: HostUser.name, note: note, now: .now()) else {
                throw CommandFailure("no open conflict \(id)", exitCode: Exit.dataError)
            }
        }
        operatorPrint("Conflict \(id) resolved.")
    }
}

/// `fieldcase-central new-epoch`: run once after restoring the database from a backup, before serving. Desks
/// that see the new epoch ask which of their events the restored database lacks and send those again.
struct NewEpochCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new-epoch", abstract: "Start a new history after restoring the database from a backup.")
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let repository = try await database.open()
        operatorPrint("New epoch: \(try await repository.host.run("epoch.new") { try await repository.newEpoch() })")
    }
}
