import ArgumentParser
import FieldCaseDomain
import Foundation

/// `fieldcase-central conflicts`: desks' events that met a newer central record, open until resolved.
struct ConflictsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conflicts", abstract: "List open conflicts between desks' events and the central records.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let conflicts = try await database.open().openConflicts()
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
    @Option(help: "Who resolved it.") var actor = "province"

    func run() async throws {
        guard try await database.open().resolveConflict(id: id, by: actor, note: note, now: .now()) else {
            throw ValidationError("no open conflict \(id)")
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
        operatorPrint("New epoch: \(try await database.open().newEpoch())")
    }
}
