import Foundation

/// Runs an outside program (mount, python, schemathesis) to completion, output and errors together.
enum Subprocess {
    struct Failed: Error, CustomStringConvertible {
        let description: String
    }

    /// The exit status and what the program printed.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// Runs the program and throws, with what it printed, unless it succeeds.
    static func check(_ arguments: [String]) throws {
        let (status, output) = try run(arguments)
        guard status == 0 else { throw Failed(description: "\(arguments.joined(separator: " ")) failed: \(output)") }
    }
}
