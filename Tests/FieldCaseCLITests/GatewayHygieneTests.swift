import FieldCaseHarness
import Foundation
import Testing

/// The gateway's SQLite file holds citizens' ID numbers: only its own user may read it.
struct GatewayFilesTests {
    @Test("The gateway creates its folder 0700 and its database and WAL files 0600, and makes an old 0644 file private")
    func privateFiles() throws {
        let home = try TestHome()
        defer { home.remove() }
        let folder = home.url.deletingLastPathComponent().appendingPathComponent("central-data")
        let database = folder.appendingPathComponent("central.sqlite").path
        try FileManager.default.createDirectory(
            at: home.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let (status, output) = try ChildProcess.run([
            CentralServer.binary.path, "enroll-token", "--commune", "02266", "--db", database,
        ])
        #expect(status == 0, "\(output)")
        func mode(_ path: String) throws -> Int {
            try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(folder.path) == 0o700)
        for file in [database, database + "-wal", database + "-shm"] where FileManager.default.fileExists(atPath: file)
        {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: database)
        #expect(try ChildProcess.run([CentralServer.binary.path, "devices", "--db", database]).status == 0)
        #expect(try mode(database) == 0o600, "an existing world-readable database is made private at start")
    }
}

/// A client that opens a request and stops sending its body, or never finishes its head, is cut off, not
/// kept for minutes.
struct SlowBodyTests {
    /// A TCP connection to the gateway on loopback, reads timing out after 60 s.
    static func connect(_ port: Int) -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        #expect(connected == 0)
        var wait = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &wait, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    /// What the gateway answers before it closes, and how long that took.
    static func answer(_ descriptor: Int32, after text: String) -> (answer: String, count: Int, seconds: Double) {
        _ = text.withCString { send(descriptor, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        let started = Date()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return (String(decoding: buffer.prefix(max(0, count)), as: UTF8.self), count, Date().timeIntervalSince(started))
    }

    @Test("A request body that stops arriving gets 408, and a head that never ends is closed, within the timeout")
    func slowBody() throws {
        let home = try TestHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(
            at: home.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let central = try CentralServer(directory: home.url.deletingLastPathComponent())
        central.serveArguments = ["--body-timeout-seconds", "2"]
        try central.start()
        defer { central.stop() }
        let body = Self.connect(central.port)
        defer { close(body) }
        let cut = Self.answer(
            body,
            after: "POST /v1/enroll HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: 4000\r\n\r\n{\"token\": \"fce_")
        // Cut off: a 408, or at the least the connection closed; never the 60 s receive timeout, and well before
        // the 30 s default: the 2 s setting is the one in force, whatever the machine's load adds to it.
        #expect(cut.answer.hasPrefix("HTTP/1.1 408") || cut.count == 0, "\(cut.answer)")
        #expect(cut.seconds < 25)
        let head = Self.connect(central.port)
        defer { close(head) }
        let closed = Self.answer(head, after: "GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        #expect(closed.count <= 0 || closed.answer.hasPrefix("HTTP/1.1 408"), "\(closed.answer)")
        #expect(closed.seconds < 25, "an unfinished head is closed at the 2 s idle timeout, not the 30 s default")
    }
}

/// Nothing stored can steer an operator's terminal, even data written before the API refused it.
struct OperatorOutputTests {
    @Test("Escape sequences and bidi overrides in stored data are shown escaped, in text and in valid JSON")
    func escapedOutput() throws {
        let home = try TestHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(
            at: home.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let database = home.url.deletingLastPathComponent().appendingPathComponent("central.sqlite").path
        // An operator's first token creates the database (a read never does).
        #expect(
            try ChildProcess.run([CentralServer.binary.path, "enroll-token", "--commune", "02266", "--db", database])
                .status == 0)
        let hostile = "02266-250610-1001\u{1B}[2J\u{202E}"
        try ChildProcess.check([
            "/usr/bin/sqlite3", database,
            """
            INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document, received_at,
                due_at, updated_at)
            VALUES ('\(hostile)', 'c1', '02266', 'd1', '1.001193', 'received', '{}', '2025-06-10T09:00:00+07:00',
                '2025-06-10T17:00:00+07:00', 0)
            """,
        ])
        let text = try ChildProcess.run([CentralServer.binary.path, "cases", "--db", database]).output
        let json = try ChildProcess.run([CentralServer.binary.path, "cases", "--json", "--db", database]).output
        for output in [text, json] {
            #expect(!output.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{202E}" }, "\(output)")
            #expect(output.contains("\\u001b[2J\\u202e"))
        }
        let parsed = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(parsed?.first?["code"] as? String == hostile, "the JSON still says exactly what is stored")
        // A newline in an argument cannot forge a line of the access log's text output.
        let forged = "Z\n2026-11-30T08:50:00+07:00  prov3  case.status  ok"
        _ = try ChildProcess.run([CentralServer.binary.path, "case-status", forged, "processing", "--db", database])
        let log = try ChildProcess.run([CentralServer.binary.path, "access-log", "--db", database]).output
        #expect(!log.contains("\nprov3") && !log.split(separator: "\n").contains { $0.hasPrefix("2026-11-30T08:50") })
        #expect(log.contains("Z\\u000a2026-11-30T08:50:00+07:00  prov3"), "\(log)")
    }

    @Test("A damaged gateway row or a file that is not a database is one line and a sysexits code, never the row")
    func damagedDatabase() throws {
        let home = try TestHome()
        defer { home.remove() }
        try FileManager.default.createDirectory(
            at: home.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        let database = home.url.deletingLastPathComponent().appendingPathComponent("central.sqlite").path
        // An operator's first token creates the database (a read never does).
        #expect(
            try ChildProcess.run([CentralServer.binary.path, "enroll-token", "--commune", "02266", "--db", database])
                .status == 0)
        try ChildProcess.check([
            "/usr/bin/sqlite3", database,
            """
            INSERT INTO cases (code, case_id, commune_code, device_id, procedure_code, status, document, received_at,
                due_at, updated_at)
            VALUES ('02266-250610-1001', 'c1', '02266', 'd1', '1.001193', 'received',
                '{"applicant":{"name":"Nguyễn Văn Đức","id_number":"001099012345"}}', '2025-06-10T09:00:00+07:00',
                '2025-06-10T17:00:00+07:00', 0);
            UPDATE cases SET status = X'FF';
            """,
        ])
        for arguments in [["cases"], ["case-status", "02266-250610-1001", "processing"], ["report", "overdue"]] {
            let (status, output) = try ChildProcess.run([CentralServer.binary.path] + arguments + ["--db", database])
            #expect(status == 65, "\(arguments): \(output)")
            #expect(
                output == "Error: the gateway's database is damaged: unreadable status in cases row "
                    + "02266-250610-1001; nothing was changed\n", "\(arguments)")
        }
        let notDatabase = home.url.deletingLastPathComponent().appendingPathComponent("notes.txt").path
        try Data("not a database".utf8).write(to: URL(fileURLWithPath: notDatabase))
        let (status, output) = try ChildProcess.run([CentralServer.binary.path, "devices", "--db", notDatabase])
        #expect(status == 66)
        #expect(output.hasPrefix("Error: the SQLite database cannot be used (SQLite code 26"), "\(output)")
        #expect(!output.contains("--help") && output.split(separator: "\n").count == 1)
    }
}
