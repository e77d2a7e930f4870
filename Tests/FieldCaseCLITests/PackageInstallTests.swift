import FieldCaseHarness
import Foundation
import Testing

/// The Debian packages as an installer meets them: built by `packaging/build-debs`, unpacked into a
/// throwaway root (never the system's `/usr`), the gateway started as its unit starts it, a desk installed
/// the same way enrolled, both sides backed up and restored, and the central system checked dossier by
/// dossier afterwards.
@Suite(.serialized, .tags(.slow))
struct PackageInstallTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Both packages, built once for the suite, unpacked into one root.
    struct Installed {
        let scratch: URL
        let root: URL
        let debs: [String]

        init() throws {
            scratch = FileManager.default.temporaryDirectory.appendingPathComponent("fieldcase-deb-\(UUID())")
            root = scratch.appendingPathComponent("root")
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
            let built = try ChildProcess.run(
                [
                    "/bin/bash", repository.appendingPathComponent("packaging/build-debs").path,
                    scratch.appendingPathComponent("debs").path,
                ])
            try #require(built.status == 0, "build-debs: \(built.output.suffix(3000))")
            debs = built.output.split(separator: "\n").map(String.init).filter { $0.hasSuffix(".deb") }
            try #require(debs.count == 2, "two packages: \(built.output.suffix(500))")
            for deb in debs {
                let unpacked = try ChildProcess.run(["/usr/bin/dpkg-deb", "-x", deb, root.path])
                try #require(unpacked.status == 0, "\(unpacked.output)")
            }
        }

        func path(_ installed: String) -> String { root.path + installed }
        func remove() { try? FileManager.default.removeItem(at: scratch) }
    }

    static let installed = Result { try Installed() }

    @Test("The binaries need only the system's C libraries, and run with the toolchain out of reach")
    func selfContained() throws {
        let installed = try Self.installed.get()
        for binary in ["fieldcase", "fieldcase-central"] {
            let path = installed.path("/usr/bin/\(binary)")
            let linked = try ChildProcess.run(["/usr/bin/ldd", path])
            #expect(linked.status == 0)
            for forbidden in ["libswift", "libFoundation", "libdispatch", "/opt/swift", "not found"] {
                #expect(!linked.output.contains(forbidden), "\(binary) links \(forbidden): \(linked.output)")
            }
            // No build tree beside it, no toolchain on the library path: the catalog is compiled in.
            let version = try ChildProcess.run([path, "--version"], replacing: ["PATH": "/usr/bin:/bin"])
            #expect(version.status == 0 && version.output.contains("."), "\(binary) --version: \(version.output)")
        }
        // Setting up a desk reads the catalog (commune 02266): compiled in, not a bundle beside the binary.
        let home = installed.scratch.appendingPathComponent("alone-home").path
        let setUp = try ChildProcess.run(
            [
                installed.path("/usr/bin/fieldcase"), "init", "--home", home, "--commune", "02266", "--terminal", "1",
                "--officer", "Nguyễn Thị Lan", "--pin", "246810",
            ],
            replacing: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "FIELDCASE_INSECURE_FAST_KDF": "1"])
        #expect(setUp.status == 0, "\(setUp.output)")
        // The test knob does nothing in the packaged (release) binary: the PIN wraps the key at the full cost.
        let wrap = try ChildProcess.run([
            "/usr/bin/sqlite3", home + "/fieldcase.sqlite", "SELECT json_extract(key_wrap, '$.n') FROM officers",
        ])
        #expect(wrap.output.trimmingCharacters(in: .whitespacesAndNewlines) == "16384", "\(wrap.output)")
    }

    @Test("Every man page renders, the completions load in bash, both packages say what they need")
    func pagesCompletionsControl() throws {
        let installed = try Self.installed.get()
        let manuals = installed.path("/usr/share/man/man1")
        let pages = try FileManager.default.contentsOfDirectory(atPath: manuals).sorted()
        for command in [
            "fieldcase.1.gz", "fieldcase.sync.1.gz", "fieldcase.backup.1.gz", "fieldcase.restore.1.gz",
            "fieldcase-central.1.gz", "fieldcase-central.serve.1.gz", "fieldcase-central.backup.1.gz",
        ] {
            #expect(pages.contains(command), "\(command) among \(pages)")
        }
        for page in pages {
            let rendered = try ChildProcess.run(
                ["/usr/bin/man", "-l", "\(manuals)/\(page)"], environment: ["MANPAGER": "cat", "MANWIDTH": "80"])
            #expect(rendered.status == 0 && rendered.output.contains("NAME"), "\(page): \(rendered.output.prefix(300))")
        }
        for binary in ["fieldcase", "fieldcase-central"] {
            let script = installed.path("/usr/share/bash-completion/completions/\(binary)")
            let loaded = try ChildProcess.run(["/bin/bash", "-c", "source '\(script)' && complete -p \(binary)"])
            #expect(loaded.status == 0 && loaded.output.contains(binary), "\(binary): \(loaded.output)")
        }
        for deb in installed.debs {
            let control = try ChildProcess.run(["/usr/bin/dpkg-deb", "-f", deb, "Package", "Depends", "Version"])
            #expect(control.output.contains("libsqlite3-0") && control.output.contains("libc6"), "\(control.output)")
            #expect(!control.output.contains("swift"), "\(control.output)")
        }
    }

    @Test("Both units verify and score OK in systemd-analyze security")
    func unitsAreHardened() throws {
        let installed = try Self.installed.get()
        for unit in ["fieldcase-central.service", "fieldcase-sync@.service"] {
            let path = installed.path("/usr/lib/systemd/system/\(unit)")
            let security = try ChildProcess.run(
                ["/usr/bin/systemd-analyze", "security", "--offline=yes", "--threshold=40", path])
            #expect(security.status == 0, "\(unit): \(security.output.suffix(400))")
            let score = security.output.split(separator: "\n").last { $0.contains("Overall exposure level") }
            #expect(score?.contains("OK") == true, "\(unit): \(score ?? "no score")")
        }
        let units = ["fieldcase-central.service", "fieldcase-sync@.service", "fieldcase-sync@.timer"]
        for unit in units {
            // In a system unit %h is root's home whatever User= says: paths of the desk's home cannot be named.
            let text = try String(contentsOfFile: installed.path("/usr/lib/systemd/system/\(unit)"), encoding: .utf8)
                .split(separator: "\n").filter { !$0.hasPrefix("#") }.joined(separator: "\n")
            #expect(!(text.contains("User=") && text.contains("%h")), "\(unit) names root's home for another user")
            #expect(
                !text.contains("ProtectHome=yes") || unit.hasPrefix("fieldcase-central"), "\(unit) must write a home")
        }
        for script in ["postinst", "prerm", "postrm"] {
            let path = Self.repository.appendingPathComponent("packaging/fieldcase-central.\(script)").path
            #expect(try ChildProcess.run(["/bin/sh", "-n", path]).status == 0, "\(script)")
        }
        let verified = try ChildProcess.run(
            ["/usr/bin/systemd-analyze", "verify", "--man=no", "--root=\(installed.root.path)"]
                + units.map { "/usr/lib/systemd/system/\($0)" })
        let complaints = verified.output.split(separator: "\n").filter {
            // systemd's own targets, and the users the maintainer scripts create, are not in the throwaway root.
            !$0.contains(".target not found") && !$0.contains("Failed to resolve user")
                && !$0.contains("Failed to resolve group")
        }
        #expect(complaints.isEmpty, "\(verified.output)")
        // The manual pages the units point to are in the packages (man itself reads only the system's).
        for unit in units {
            let text = try String(contentsOfFile: installed.path("/usr/lib/systemd/system/\(unit)"), encoding: .utf8)
            for line in text.split(separator: "\n") where line.hasPrefix("Documentation=") {
                for page in line.dropFirst("Documentation=".count).split(separator: " ") {
                    let name = page.dropFirst("man:".count).replacingOccurrences(of: "(1)", with: "")
                    #expect(
                        FileManager.default.fileExists(atPath: installed.path("/usr/share/man/man1/\(name).1.gz")),
                        "\(unit) names \(page)")
                }
            }
        }
    }

    /// The gateway started from the unit's `ExecStart` with the unit's settings file (as `EnvironmentFile=`
    /// hands it over), its database and port set for a test.
    static func gateway(_ installed: Installed) throws -> CentralServer {
        let unit = try String(
            contentsOfFile: installed.path("/usr/lib/systemd/system/fieldcase-central.service"), encoding: .utf8)
        func value(_ key: String) throws -> String {
            let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix(key + "=") })
            return String(line.dropFirst(key.count + 1))
        }
        let command = try value("ExecStart").split(separator: " ").map(String.init)
        let settingsPath = installed.path(try value("EnvironmentFile"))
        let data = installed.scratch.appendingPathComponent("var-lib-fieldcase-central")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        let database = data.appendingPathComponent("central.sqlite").path
        // The shipped file as an operator edits it: the database, pages and port lines changed, the rest as shipped.
        let settings = try String(contentsOfFile: settingsPath, encoding: .utf8).split(separator: "\n")
            .map { line -> String in
                if line.hasPrefix("FIELDCASE_CENTRAL_DB=") { return "FIELDCASE_CENTRAL_DB=\(database)" }
                if line.hasPrefix("FIELDCASE_CENTRAL_PAGES=") {
                    return "FIELDCASE_CENTRAL_PAGES=" + data.appendingPathComponent("pages").path
                }
                if line.hasPrefix("FIELDCASE_CENTRAL_PORT=") {
                    return "FIELDCASE_CENTRAL_PORT=\(PostgresCluster.freePort())"
                }
                return String(line)
            }
        var environment: [String: String] = [:]
        for line in settings where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            environment[String(line[..<equals])] = String(line[line.index(after: equals)...])
        }
        let server = try CentralServer(directory: data)
        server.executable = URL(fileURLWithPath: installed.path(command[0]))
        server.unit = (Array(command.dropFirst()), environment)
        try server.start()
        #expect(server.database == database, "the operator commands use the same file")
        return server
    }

    @Test(
        "Installed desk and gateway: enroll, sync, back up and restore both sides, sync again, nothing lost or doubled")
    func installEnrollBackUpRestore() throws {
        let installed = try Self.installed.get()
        let central = try Self.gateway(installed)
        defer { central.stop() }
        var home = try TestHome()
        home.executable = URL(fileURLWithPath: installed.path("/usr/bin/fieldcase"))
        defer { home.remove() }
        try home.initialize()
        let scratch = home.url.deletingLastPathComponent()
        func enroll() throws {
            let result = try home.run(["enroll", "--central", central.url, "--token", try central.enrollToken()])
            try #require(result.status == 0, "enroll: \(result.stderr)")
        }
        func add() throws -> String {
            let result = try home.run(TestHome.validCase)
            try #require(result.status == 0, "case add: \(result.stderr)")
            return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        func sync() throws -> RunResult { try home.run(["sync", "--timeout", "120"]) }
        func centralCodes() throws -> [String] {
            try central.query("SELECT code FROM cases ORDER BY code").map { $0[0]! }
        }

        try enroll()
        let first = try add()
        #expect(try sync().status == 0)
        let deskBackup = scratch.appendingPathComponent("desk.backup").path
        let centralBackup = scratch.appendingPathComponent("central.backup").path
        let backedUp = try home.run(["backup", "--out", deskBackup])
        #expect(backedUp.status == 0, "\(backedUp.stderr)")
        let centralBackedUp = try central.command(["backup", "--out", centralBackup])
        #expect(centralBackedUp.status == 0, "\(centralBackedUp.stderr)")
        let second = try add()
        #expect(try sync().status == 0)
        #expect(try centralCodes() == [first, second])

        // The gateway's disk is lost: the backup goes back, a new epoch begins, the desk resends what it lacks.
        central.stop()
        let restored = try central.command(["restore", centralBackup])
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(try centralCodes() == [first], "the backup predates the second dossier")
        try central.start()
        let resent = try sync()
        #expect(resent.status == 0, "\(resent.stderr)")
        #expect(try centralCodes() == [first, second], "the desk sent the second dossier again, once")

        // The desk's laptop is replaced: its backup goes onto a new home, which records a dossier before anyone
        // thinks of the central system; its numbering went back, so it sends nothing until enrolled again.
        var replacement = try TestHome()
        replacement.executable = home.executable
        defer { replacement.remove() }
        let put = try replacement.run(["restore", deskBackup])
        #expect(put.status == 0, "\(put.stderr)")
        home = replacement
        let third = try add()
        #expect(third == second, "the restored desk mints the code the lost laptop used")
        let stopped = try sync()
        #expect(stopped.status == 1 && stopped.stderr.contains("enroll"), "\(stopped.stderr)")
        #expect(try centralCodes() == [first, second], "nothing sent from a desk whose numbering went back")
        try central.command(["revoke", try #require(try central.liveDevice(terminal: 1))])
        try enroll()
        let healed = try sync()
        #expect(healed.status == 0, "\(healed.stderr)")

        // The checker: every dossier once on the central system, each of the desk's there with its status.
        let codes = try centralCodes()
        #expect(codes.count == 3 && Set(codes).count == 3, "\(codes)")
        let listed = try home.run(["case", "list", "--json", "--limit", "0"])
        let desk = try #require(try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]])
        #expect(desk.count == 2, "the restored desk holds the first dossier and the new one")
        for record in desk {
            let code = try #require(record["code"] as? String)
            let held = try central.query("SELECT status FROM cases WHERE code = '\(code)'")
            #expect(held.first?.first == record["status"] as? String, "\(code) on the central system as on the desk")
        }
        let queue = try home.run(["queue", "--json"])
        let counts = try #require(try JSONSerialization.jsonObject(with: Data(queue.stdout.utf8)) as? [String: Any])
        #expect(counts["pending"] as? Int == 0 && counts["rejected"] as? Int == 0, "\(queue.stdout)")
    }
}
