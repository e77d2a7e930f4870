import FieldCaseCommandLine
import FieldCaseGateway
import Foundation

/// PostgreSQL's own dump and restore tools, run for `backup` and `restore` on a PostgreSQL gateway.
///
/// The password leaves the URL for `PGPASSWORD`: a command line is readable by every local user, the
/// environment of another user's process is not.
enum PostgresTools {
    /// Runs `tool` with `arguments` and, given a database URL, `--dbname` with its password taken out.
    static func run(_ tool: String, _ arguments: [String], url: String?) throws {
        guard let executable = locate(tool) else {
            throw CentralError.backupFailed(
                "\(tool) is not installed (Debian: apt install postgresql-client)")
        }
        var environment = ProcessInfo.processInfo.environment
        var connection: [String] = []
        if let url {
            var components = URLComponents(string: url)
            // In the user part or as ?password=: either way into the environment, out of the command line.
            if let password = components?.password
                ?? components?.queryItems?.first(where: { $0.name == "password" })?.value
            {
                environment["PGPASSWORD"] = password
            }
            components?.password = nil
            let others = components?.queryItems?.filter { $0.name != "password" }
            components?.queryItems = others?.isEmpty == false ? others : nil
            connection = ["--dbname=\(components?.string ?? "")"]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments + connection
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw CentralError.backupFailed("cannot start \(executable)")
        }
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let line =
                said.split(whereSeparator: \.isNewline).last.map(String.init) ?? "exit \(process.terminationStatus)"
            throw CentralError.backupFailed("\(tool) failed: \(line.prefix(300))")
        }
    }

    /// On the PATH, else the newest of Debian's versioned folders.
    static func locate(_ tool: String) -> String? {
        let path = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        if let found = path.map({ "\($0)/\(tool)" }).first(where: FileManager.default.isExecutableFile) {
            return found
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        return versions.sorted { (Int($0) ?? 0) > (Int($1) ?? 0) }.map { "/usr/lib/postgresql/\($0)/bin/\(tool)" }
            .first(where: FileManager.default.isExecutableFile)
    }
}
