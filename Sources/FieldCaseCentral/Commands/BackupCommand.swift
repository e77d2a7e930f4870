import FieldCaseGatewaySQLite
import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseRows
import Foundation

/// `fieldcase-central backup --out FILE`: a consistent copy while `serve` runs.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the gateway's database to a file while it serves.",
        discussion: """
            SQLite: an online backup into one file. PostgreSQL: pg_dump's custom format (postgresql-client). \
            The file holds citizens' data: it is written readable by this user only; keep it as the database \
            is kept. Put it back with 'fieldcase-central restore'.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("File to write.", valueName: "FILE"), completion: .file()) var out: String

    func run() async throws {
        let repository = try await database.open()
        try await repository.host.run("backup", detail: (out as NSString).lastPathComponent) {
            if let sqlite = repository as? SQLiteCentralRepository {
                try sqlite.backup(to: out)
            } else {
                do {
                    try BackupFile.create(at: out) { partial in
                        try PostgresTools.run(
                            "pg_dump", ["--format=custom", "--no-owner", "--file=\(partial)"], url: database.location)
                    }
                } catch let failure as BackupFile.Failure {
                    throw CentralError.backup(failure)
                }
            }
        }
        operatorPrint("Backed up to \(out).")
    }
}
