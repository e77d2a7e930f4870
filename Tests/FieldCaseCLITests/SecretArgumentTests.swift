import FieldCaseHarness
import Foundation
import Testing

/// Enrollment tokens and PINs never stay where another account on the machine reads them: the process's
/// command line (`/proc/PID/cmdline`). They can come from standard input or the environment instead.
@Suite(.serialized)
struct SecretArgumentTests {
    /// A loopback port that takes connections and never answers them.
    final class SilentServer {
        let descriptor: Int32
        let port: Int

        init() throws {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                    Glibc.bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
                }
            }
            try #require(bound && listen(descriptor, 8) == 0)
            self.descriptor = descriptor
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        /// Waits (up to five minutes: only a broken test waits that long) for a client to connect.
        func awaitClient() -> Int32? {
            var wait = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&wait, 1, 300_000) == 1 else { return nil }
            return accept(descriptor, nil, nil)
        }

        deinit { close(descriptor) }
    }

    static func commandLine(of pid: Int32) -> String {
        let data = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") ?? Data()
        return String(decoding: data.map { $0 == 0 ? UInt8(ascii: " ") : $0 }, as: UTF8.self)
    }

    @Test("A token or PIN given as an option is blanked in /proc/PID/cmdline before the command talks to anyone")
    func blankedInProcessArguments() throws {
        let home = try TestHome()
        defer { home.remove() }
        try home.initialize()
        let server = try SilentServer()
        let secret = "fct_enroll_0123456789abcdef"
        let (process, out, err) = try home.start([
            "enroll", "--central", "http://127.0.0.1:\(server.port)", "--token", secret,
        ])
        defer { process.terminate() }
        // Once the request reaches the port, the command is long past its start.
        let client = try #require(server.awaitClient(), "the desk never connected")
        defer { close(client) }
        let shown = Self.commandLine(of: process.processIdentifier)
        #expect(shown.contains("--token"), "\(shown)")
        #expect(!shown.contains(secret), "the token is readable by every account: \(shown)")
        process.terminate()
        process.waitUntilExit()
        _ = home.collect(process, out, err)

        // The `--option=value` form too.
        let (joined, joinedOut, joinedErr) = try home.start(
            ["enroll", "--central", "http://127.0.0.1:\(server.port)", "--token=\(secret)"])
        defer { joined.terminate() }
        let second = try #require(server.awaitClient(), "the desk never connected")
        defer { close(second) }
        let joinedShown = Self.commandLine(of: joined.processIdentifier)
        #expect(joinedShown.contains("--token=x") && !joinedShown.contains(secret), "\(joinedShown)")
        joined.terminate()
        joined.waitUntilExit()
        _ = home.collect(joined, joinedOut, joinedErr)
    }

    @Test("Enrollment takes its token from standard input or FIELDCASE_ENROLL_TOKEN; officer add its PIN from stdin")
    func fromInputAndEnvironment() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-\(UUID())")
        defer { try? FileManager.default.removeItem(at: scratch) }
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let central = try CentralServer(directory: scratch)
        try central.start()
        defer { central.stop() }

        func piped(_ text: String) throws -> FileHandle {
            let pipe = Pipe()
            try pipe.fileHandleForWriting.write(contentsOf: Data(text.utf8))
            try pipe.fileHandleForWriting.close()
            return pipe.fileHandleForReading
        }

        let first = TestHome(url: scratch.appendingPathComponent("one/home"))
        try first.initialize(terminal: 1)
        let (process, out, err) = try first.start(
            ["enroll", "--central", central.url, "--token", "-"], stdin: try piped(try central.enrollToken() + "\n"))
        process.waitUntilExit()
        let enrolled = first.collect(process, out, err)
        #expect(enrolled.status == 0, "\(enrolled.stderr)")

        let second = TestHome(url: scratch.appendingPathComponent("two/home"))
        try second.initialize(terminal: 2)
        let fromEnvironment = try second.run(
            ["enroll", "--central", central.url],
            environment: ["FIELDCASE_ENROLL_TOKEN": try central.enrollToken(terminal: 2)])
        #expect(fromEnvironment.status == 0, "\(fromEnvironment.stderr)")
        let missing = try second.run(["enroll", "--central", central.url])
        #expect(missing.status == 64 && missing.stderr.contains("FIELDCASE_ENROLL_TOKEN"), "\(missing.stderr)")

        let (adding, addOut, addErr) = try first.start(
            ["officer", "add", "Lò Văn Pang", "--role", "officer", "--pin", "-"], stdin: try piped("135790\n"))
        adding.waitUntilExit()
        #expect(first.collect(adding, addOut, addErr).status == 0)
        let signedIn = try first.run(
            ["case", "list"], environment: ["FIELDCASE_OFFICER": "Lò Văn Pang", "FIELDCASE_PIN": "135790"])
        #expect(signedIn.status == 0, "the PIN read from standard input opens: \(signedIn.stderr)")
    }
}
