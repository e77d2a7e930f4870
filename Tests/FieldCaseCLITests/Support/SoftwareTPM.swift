import FieldCaseHarness
import Foundation

/// A software TPM 2.0 (swtpm) on loopback with its own state folder: the desk reaches it through tpm2-tools'
/// swtpm transport (`TPM2TOOLS_TCTI`), as it reaches a real one at /dev/tpmrm0.
final class SoftwareTPM {
    struct Failure: Error {
        let message: String
    }

    let folder: URL
    /// The command port; the control port is the next one, where tpm2-tss's swtpm transport expects it.
    let port: Int
    private let process = Process()

    /// The transport the desk's tpm2-tools use to reach it.
    var tcti: String { "swtpm:host=127.0.0.1,port=\(port)" }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("swtpm-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        port = Self.freePair()
        let control = port + 1
        process.executableURL = URL(fileURLWithPath: "/usr/bin/swtpm")
        process.arguments = [
            "socket", "--tpm2", "--tpmstate", "dir=\(folder.path)", "--server", "type=tcp,port=\(port)",
            "--ctrl", "type=tcp,port=\(control)", "--flags", "not-need-init,startup-clear",
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        guard PostgresCluster.waitForListener(port: port) else {
            stop()
            throw Failure(message: "swtpm did not listen on port \(port)")
        }
    }

    /// A free loopback port whose successor is free too.
    private static func freePair() -> Int {
        while true {
            let port = PostgresCluster.freePort()
            guard port < 65535 else { continue }
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(descriptor) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port + 1).bigEndian
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if bound == 0 { return port }
        }
    }

    /// Sets the TPM's dictionary-attack lockout: `tries` wrong authorizations, then none for `recovery` seconds.
    func setLockout(tries: Int, recovery: Int) throws {
        let result = try ChildProcess.run(
            [
                "/usr/bin/tpm2_dictionarylockout", "--setup-parameters", "--max-tries=\(tries)",
                "--recovery-time=\(recovery)", "--lockout-recovery-time=\(recovery)",
            ], environment: ["TPM2TOOLS_TCTI": tcti])
        guard result.status == 0 else { throw Failure(message: result.output) }
    }

    func stop() {
        if process.isRunning {
            // SIGKILL: a child started from a test's thread inherits its blocked signals, SIGTERM among them.
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
