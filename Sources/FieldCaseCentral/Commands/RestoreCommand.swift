import FieldCaseGatewaySQLite
import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseRows
import Foundation

/// `fieldcase-central restore FILE`: puts a backup back and starts a new epoch, so every desk reconciles
/// what arrived after the backup was taken instead of trusting numbers the restored history lacks.
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract: "Put a backup back in place of the gateway's database and start a new epoch.",
        discussion: """
            Stop 'serve' first (systemctl stop fieldcase-central). SQLite: the current file is kept beside \
            it as FILE.before-restore-TIME. PostgreSQL: pg_restore --clean into the --db database. Either way \
            a new epoch begins: desks resend what the backup lacks at their next sync.
            """)

    @OptionGroup var database: DatabaseOptions
    @Argument(help: ArgumentHelp("The backup file.", valueName: "FILE"), completion: .file()) var file: String

    func run() async throws {
        guard BackupFile.isReadableRegularFile(file) else {
            throw CommandFailure("cannot read the backup \(file)", exitCode: Exit.noInput)
        }
        let stamp = String(Int(Date().timeIntervalSince1970))
        var kept: String?
        if database.isPostgres {
            // What the database holds now is dumped first: pg_restore --clean drops it.
            let keep = BackupFile.keepingName(for: file, stamp: stamp)
            try PostgresTools.run("pg_restore", ["--list", file], url: nil)
            try PostgresTools.run(
                "pg_dump", ["--format=custom", "--no-owner", "--file=\(keep)"], url: database.location)
            try PostgresTools.run(
                "pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", file],
                url: database.location)
            kept = keep
        }
        let repository = try await database.open(create: .named)
        if let sqlite = repository as? SQLiteCentralRepository {
            let keep = BackupFile.keepingName(for: database.location, stamp: stamp)
            try sqlite.backup(to: keep)
            try sqlite.restore(from: file)
            kept = keep
        }
        let epoch = try await repository.host.run("restore", detail: (file as NSString).lastPathComponent) {
            try await repository.newEpoch()
        }
        operatorPrint(
            "Restored \(database.isPostgres ? "the --db database" : database.location) from \(file); "
                + "what it held before is in \(kept ?? "-"). New epoch \(epoch): desks reconcile at their next sync.")
    }
}
