import Foundation
import Glibc

/// The one way the tests, the benchmark and the PostgreSQL harness run a program to completion:
/// posix_spawn and waitpid. Foundation's Process adds start-up cost to what the benchmark measures, and
/// its waitUntilExit never returned once pg_ctl had started a daemon. (swift-subprocess, in the package
/// mirror, has only an async API; these callers are synchronous set-up code.) Servers a test starts and
/// stops itself are not run to completion and stay Foundation Processes.
public enum ChildProcess {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Runs `arguments` (an absolute path first) and returns its exit status (128 + the signal when it was
    /// killed) with what it printed on standard output and error together. The environment is this
    /// process's with `NO_COLOR=1` (the output is read by a program), plus `environment`; `replacing` gives
    /// the whole environment instead. Standard input is `input`. (To run in another folder, start
    /// `/usr/bin/env -C FOLDER …`.)
    @discardableResult
    public static func run(
        _ arguments: [String], environment: [String: String] = [:], replacing: [String: String]? = nil,
        input: String = "/dev/null", capture: Bool = true
    ) throws -> (status: Int32, output: String) {
        let outputPath =
            capture
            ? FileManager.default.temporaryDirectory.appendingPathComponent("child-\(UUID().uuidString).out").path
            : "/dev/null"
        defer { if capture { try? FileManager.default.removeItem(atPath: outputPath) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, input, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var merged = replacing ?? ProcessInfo.processInfo.environment.merging(["NO_COLOR": "1"]) { $1 }
        merged.merge(environment) { $1 }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        guard let program = arguments.first, posix_spawn(&pid, program, &actions, nil, argv, envp) == 0 else {
            throw Failed(description: "cannot start \(arguments.first ?? "nothing")")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            guard errno == EINTR else { throw Failed(description: "lost \(program) (waitpid: errno \(errno))") }
        }
        let bytes = capture ? FileManager.default.contents(atPath: outputPath) ?? Data() : Data()
        let output = String(decoding: bytes, as: UTF8.self)
        // The <sys/wait.h> macros, which Swift does not import: low 7 bits the signal, next byte the code.
        let code = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (code, output)
    }

    /// Runs the program and returns what it printed; throws, with that, unless it exits 0.
    @discardableResult
    public static func check(
        _ arguments: [String], environment: [String: String] = [:], replacing: [String: String]? = nil,
        input: String = "/dev/null", capture: Bool = true
    ) throws -> String {
        let (status, output) = try run(
            arguments, environment: environment, replacing: replacing, input: input, capture: capture)
        guard status == 0 else {
            throw Failed(description: "\(arguments.joined(separator: " ")) exited with \(status): \(output)")
        }
        return output
    }

    /// The program's path on the usual PATH, if installed.
    public static func find(_ name: String) -> String? {
        ["/usr/local/bin", "/usr/bin", "/bin"].map { "\($0)/\(name)" }.first {
            FileManager.default.isExecutableFile(atPath: $0)
        }
    }
}
