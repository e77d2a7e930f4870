import ArgumentParser
import FieldCaseCommandLine
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
        guard FileManager.default.isReadableFile(atPath: file) else {
            throw CommandFailure("cannot read the backup \(file)", exitCode: Exit.noInput)
        }
        if database.isPostgres {
            try PostgresTools.run(
                "pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", file],
                url: database.location)
        }
        let repository = try await database.open(create: true)
        if let sqlite = repository as? SQLiteCentralRepository {
            let stamp = Int(Date().timeIntervalSince1970)
            try sqlite.backup(to: database.location + ".before-restore-\(stamp)")
            try sqlite.restore(from: file)
        }
        let epoch = try await repository.host.run("restore", detail: (file as NSString).lastPathComponent) {
            try await repository.newEpoch()
        }
        operatorPrint("Restored from \(file); new epoch \(epoch): desks reconcile at their next sync.")
    }
}
