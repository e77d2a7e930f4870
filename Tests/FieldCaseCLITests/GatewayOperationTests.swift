import FieldCaseHarness
import Foundation
import Testing

/// The gateway as a provincial IT department runs it: settings from a file and the environment, and one
/// clear line with a sysexits code for each way it cannot start.
@Suite struct GatewayOperationTests {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-ops-\(UUID())")

    init() throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    func central(_ arguments: [String], environment: [String: String] = [:]) throws -> (Int32, String) {
        let result = try ChildProcess.run([CentralServer.binary.path] + arguments, environment: environment)
        return (result.status, result.output)
    }

    @Test("serve takes each option from the command line, else the environment, else the settings file")
    func settingsPrecedence() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (fromFile, fromEnvironment, fromCommandLine) = (
            PostgresCluster.freePort(), PostgresCluster.freePort(), PostgresCluster.freePort()
        )
        let settings = scratch.appendingPathComponent("central.conf").path
        try """
        # as an operator writes it
        FIELDCASE_CENTRAL_DB=\(scratch.appendingPathComponent("central.sqlite").path)
        FIELDCASE_CENTRAL_PORT="\(fromFile)"
        FIELDCASE_CENTRAL_CONCURRENT_PUSHES=8
        """.write(toFile: settings, atomically: true, encoding: .utf8)
        for (arguments, environment, expected) in [
            (["serve", "--settings", settings], [:], fromFile),
            (["serve", "--settings", settings], ["FIELDCASE_CENTRAL_PORT": String(fromEnvironment)], fromEnvironment),
            (
                ["serve", "--settings", settings, "--port", String(fromCommandLine)],
                ["FIELDCASE_CENTRAL_PORT": String(fromEnvironment)], fromCommandLine
            ),
        ] {
            let server = try CentralServer(directory: scratch)
            server.unit = (arguments, environment)
            try server.start()
            #expect(server.port == expected, "\(arguments) \(environment)")
            server.stop()
        }
        #expect(FileManager.default.fileExists(atPath: scratch.appendingPathComponent("central.sqlite").path))
        // Written on Windows (CR LF): read the same, not as one long comment.
        try
            "FIELDCASE_CENTRAL_DB = \(scratch.appendingPathComponent("central.sqlite").path)\r\nFIELDCASE_CENTRAL_PORT=\(fromFile)\r\n"
            .write(toFile: settings, atomically: true, encoding: .utf8)
        let windows = try CentralServer(directory: scratch)
        windows.unit = (["serve"], [ServeSettingsVariable.file: settings])
        try windows.start()
        #expect(windows.port == fromFile)
        windows.stop()
        // The operator's commands find the service's database in the same file.
        let (listed, devices) = try central(["devices"], environment: [ServeSettingsVariable.file: settings])
        #expect(listed == 0 && devices.hasPrefix("DEVICE"), "\(devices)")
        // A misspelt variable in the environment (what systemd's EnvironmentFile= passes on) is refused too.
        let (misspelt, named) = try central(
            ["serve", "--settings", settings], environment: ["FIELDCASE_CENTRAL_PROT": "1"])
        #expect(misspelt == 78 && named.contains("FIELDCASE_CENTRAL_PROT"), "\(named)")
        // A misspelt setting is refused with its line, not ignored.
        try "FIELDCASE_CENTRAL_PROT=9000\n".write(toFile: settings, atomically: true, encoding: .utf8)
        let (status, output) = try central(["serve", "--settings", settings])
        #expect(status == 78 && output.contains("line 1") && output.split(separator: "\n").count == 1, "\(output)")
    }

    @Test("A port in use, an absent database and a PostgreSQL that does not answer: one line and a sysexits code")
    func failuresToStart() throws {
        defer { try? FileManager.default.removeItem(at: scratch) }
        let database = scratch.appendingPathComponent("central.sqlite").path
        let first = try CentralServer(directory: scratch)
        try first.start()
        defer { first.stop() }
        let (inUse, said) = try central(["serve", "--db", database, "--port", String(first.port)])
        #expect(inUse == 69 && said.contains("in use") && !said.contains("errno"), "\(said)")
        #expect(said.split(separator: "\n").count == 1, "\(said)")

        let absent = scratch.appendingPathComponent("typo/central.sqlite").path
        for command in [["devices"], ["cases"], ["report", "overdue"], ["backup", "--out", "/dev/null"]] {
            let (status, output) = try central(command + ["--db", absent])
            #expect(status == 66 && output.contains("no gateway database"), "\(command): \(output)")
        }
        #expect(!FileManager.default.fileExists(atPath: absent), "a read made no empty database")

        let closed = PostgresCluster.freePort()
        let (unreachable, waited) = try central([
            "devices", "--db", "postgres://u@127.0.0.1:\(closed)/x", "--db-wait", "7",
        ])
        let lines = waited.split(separator: "\n")
        #expect(unreachable == 69, "\(waited)")
        #expect(lines.count == 2 && lines[0].hasPrefix("Warning: PostgreSQL has not answered for 5 s"), "\(waited)")
        #expect(lines.last?.contains("within 7 seconds") == true, "\(waited)")
    }
}

/// The variable naming the gateway's settings file, as the operator's documentation gives it.
enum ServeSettingsVariable {
    static let file = "FIELDCASE_CENTRAL_SETTINGS"
}
