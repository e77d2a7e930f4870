import Foundation

extension TestHome {
    /// Runs `fieldcase shell ARGS` with `input` on standard input (not a terminal), as a supervisor's script does.
    func script(_ input: [UInt8], arguments: [String] = [], environment: [String: String] = [:]) throws -> RunResult {
        let scratch = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let inputFile = scratch.appendingPathComponent("input-\(UUID().uuidString)")
        try Data(input).write(to: inputFile)
        defer { try? FileManager.default.removeItem(at: inputFile) }
        let (process, out, err) = try start(
            ["shell"] + arguments, environment: environment, stdin: FileHandle(forReadingFrom: inputFile))
        process.waitUntilExit()
        return collect(process, out, err)
    }

    func script(_ lines: [String], arguments: [String] = []) throws -> RunResult {
        try script(Array(lines.map { $0 + "\n" }.joined().utf8), arguments: arguments)
    }

    func scriptWith(_ lines: [String], environment: [String: String]) throws -> RunResult {
        try script(Array(lines.map { $0 + "\n" }.joined().utf8), arguments: ["--keep-going"], environment: environment)
    }
}
