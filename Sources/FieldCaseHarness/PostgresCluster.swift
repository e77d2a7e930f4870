import Foundation
import Glibc

/// A throwaway PostgreSQL cluster from the installed binaries, started once per test run in a
/// temporary folder (as the `postgres` user when the tests run as root) and removed at exit.
public final class PostgresCluster: Sendable {
    public let port: Int
    /// The CA that signed the cluster's server certificate (for 127.0.0.1): the cluster speaks TLS, so
    /// `sslmode=verify-full&sslrootcert=` works against it.
    public let caFile: String
    let directory: String
    let binaries: String
    let runAs: [String]

    /// The cluster of this test run; a missing PostgreSQL installation fails the tests, it never skips them.
    public static let shared: Result<PostgresCluster, any Error> = Result { try PostgresCluster() }

    nonisolated(unsafe) private static var started: PostgresCluster?

    private init() throws {
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        guard let version = versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }).first else {
            throw ClusterError(message: "no PostgreSQL under /usr/lib/postgresql; install postgresql")
        }
        binaries = "/usr/lib/postgresql/\(version)/bin"
        directory =
            FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-pg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        runAs = getuid() == 0 ? ["/usr/sbin/runuser", "-u", "postgres", "--"] : []
        if getuid() == 0 { try Self.run(["/bin/chown", "postgres:postgres", directory]) }
        port = Self.freePort()
        try Self.run(
            runAs + [
                "\(binaries)/initdb", "-D", "\(directory)/data", "-U", "fieldcase", "--auth=trust", "-E", "UTF8",
                "--locale=C.UTF-8",
            ])
        caFile = "\(directory)/ca.pem"
        try Self.makeCertificates(in: directory, runAs: runAs)
        try Self.run(
            runAs + [
                "\(binaries)/pg_ctl", "-D", "\(directory)/data", "-l", "\(directory)/log", "-w", "-t", "600", "-o",
                "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 "
                    + "-c ssl=on -c ssl_cert_file=\(directory)/server.pem -c ssl_key_file=\(directory)/server.key",
                "start",
            ])
        Self.started = self
        atexit { PostgresCluster.stopStarted() }
    }

    /// A CA and a server certificate for 127.0.0.1 signed by it; the key readable by the server's user only.
    private static func makeCertificates(in directory: String, runAs: [String]) throws {
        let openssl = "/usr/bin/openssl"
        let curve = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        try "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n".write(
            toFile: "\(directory)/server.ext", atomically: true, encoding: .utf8)
        try run(
            [openssl, "req", "-x509"] + curve
                + [
                    "-keyout", "\(directory)/ca.key", "-out", "\(directory)/ca.pem", "-days", "2", "-subj",
                    "/CN=test CA",
                ])
        try run(
            [openssl, "req"] + curve
                + ["-keyout", "\(directory)/server.key", "-out", "\(directory)/server.csr", "-subj", "/CN=127.0.0.1"])
        try run([
            openssl, "x509", "-req", "-in", "\(directory)/server.csr", "-CA", "\(directory)/ca.pem", "-CAkey",
            "\(directory)/ca.key", "-CAcreateserial", "-out", "\(directory)/server.pem", "-days", "2", "-extfile",
            "\(directory)/server.ext",
        ])
        chmod("\(directory)/server.key", 0o600)
        if !runAs.isEmpty {
            try run(["/bin/chown", "postgres:postgres", "\(directory)/server.key", "\(directory)/server.pem"])
        }
    }

    private static func stopStarted() {
        guard let cluster = started else { return }
        try? run(
            cluster.runAs + [
                "\(cluster.binaries)/pg_ctl", "-D", "\(cluster.directory)/data", "-m", "immediate", "stop",
            ])
        try? FileManager.default.removeItem(atPath: cluster.directory)
    }

    /// A new empty database; returns its URL.
    public func createDatabase() throws -> String {
        let name = "fc_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        try Self.run([
            "\(binaries)/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "fieldcase", "-d", "postgres", "-q", "-c",
            "CREATE DATABASE \(name)",
        ])
        return "postgres://fieldcase@127.0.0.1:\(port)/\(name)"
    }

    /// Runs a program to completion; its output is in the error when it fails.
    static func run(_ arguments: [String]) throws {
        do {
            try ChildProcess.check(arguments)
        } catch let failure as ChildProcess.Failed {
            throw ClusterError(message: failure.description)
        }
    }

    /// A loopback TCP port nobody listens on now.
    public static func freePort() -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 ? getsockname(descriptor, pointer, &length) : -1
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Waits until something accepts TCP connections on loopback `port`, trying every 50 ms for at most
    /// `timeout` seconds (a ceiling for a loaded machine, not an expected time); false when nothing did.
    public static func waitForListener(port: Int, timeout: TimeInterval = 120) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            close(descriptor)
            if connected == 0 { return true }
            if Date() >= deadline { return false }
            usleep(50_000)
        }
    }
}

public struct ClusterError: Error, CustomStringConvertible {
    let message: String
    public var description: String { message }
}
