import FieldCaseHarness
import Foundation
import Testing

/// A gateway whose SQLite file was copied back from an older copy by hand (no `restore`, no new epoch) must not
/// give a new provincial update a number a desk already pulled past: the desk would skip it for good.
@Suite(.serialized)
struct GatewayCopyRestoreTests {
    @Test("After the file is copied back, a new provincial update still reaches a desk that pulled past the copy")
    func updatesAfterCopiedBackFile() throws {
        let world = try CopiedGateway()
        defer { world.remove() }
        let (central, desk) = (world.central, world.desk)
        let first = try desk.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let second = try desk.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try desk.run(["sync", "--timeout", "600"]).status == 0)

        // The operator's copy of the file, taken with the gateway stopped.
        try world.copyAside()
        // The province moves both dossiers; the desk pulls past both changes.
        #expect(try central.command(["case-status", first, "processing"]).status == 0)
        #expect(try central.command(["case-status", second, "processing"]).status == 0)
        #expect(try desk.run(["sync", "--timeout", "600"]).status == 0)
        #expect(
            (try desk.json(["case", "show", first, "--json"]) as? [String: Any])?["status"] as? String == "processing")

        // The file copied back by hand, as an operator might after a disk scare.
        try world.copyBack()
        // Three new updates: the copy would number the first two as the two the desk already pulled, and the
        // third above them, so the desk sees nothing amiss and skips the first two.
        #expect(try central.command(["case-status", first, "refused", "--reason", "hồ sơ giả"]).status == 0)
        #expect(try central.command(["case-status", second, "processing"]).status == 0)
        #expect(try central.command(["case-status", second, "resolved"]).status == 0)
        #expect(try desk.run(["sync", "--timeout", "600"]).status == 0)
        #expect(
            (try desk.json(["case", "show", second, "--json"]) as? [String: Any])?["status"] as? String == "resolved")
        #expect(
            (try desk.json(["case", "show", first, "--json"]) as? [String: Any])?["status"] as? String == "refused",
            "the new provincial update reached the desk")
    }

    @Test(
        "A twin laptop that fills the seqs a copied-back gateway forgot does not hide the loss from the desk it was",
        arguments: [false, true])
    func twinFillsForgottenSeqs(deskHasWorkWaiting: Bool) throws {
        let world = try CopiedGateway()
        defer { world.remove() }
        let (central, desk, scratch) = (world.central, world.desk, world.scratch)
        let code = try desk.run(TestHome.validCase).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try desk.run(["sync", "--timeout", "600"]).status == 0)
        // The laptop's disk is copied to a second one, which goes to work under the same identity.
        let twin = TestHome(url: scratch.appendingPathComponent("twin/home"))
        try FileManager.default.createDirectory(
            at: twin.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: desk.url, to: twin.url)

        // The operator's copy of the gateway's file; then the desk's move reaches the gateway and is answered.
        try world.copyAside()
        #expect(try desk.run(["case", "status", code, "processing"]).status == 0)
        #expect(try desk.run(["sync", "--timeout", "600"]).status == 0)

        // The file copied back by hand: the move is gone. The twin's own dossier takes the move's seq.
        try world.copyBack()
        #expect(try twin.run(TestHome.validCase).status == 0)
        let twinSync = try twin.run(["sync", "--timeout", "600"])
        #expect(twinSync.status == 0, "\(twinSync.stderr)")

        // The gateway again holds as many seqs of the identity as the desk was answered; only the event itself
        // tells the desk its move was lost, and the desk sends it again. A dossier waiting to leave the desk
        // would otherwise take the next seq and hide the loss from the pull.
        if deskHasWorkWaiting { #expect(try desk.run(TestHome.validCase).status == 0) }
        let deskSync = try desk.run(["sync", "--timeout", "600"])
        #expect(deskSync.status == 0, "\(deskSync.stderr)")
        let listed = try central.command(["cases", "--json"]).stdout
        let cases = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        #expect(
            cases.first { $0["code"] as? String == code }?["status"] as? String == "processing",
            "the move the copied-back gateway forgot reached it again")
        // The desk's first dossier, the twin's, and the one waiting (under a new code: the twin took its number).
        #expect(cases.count == (deskHasWorkWaiting ? 3 : 2), "\(listed)")
    }
}

/// A gateway on SQLite with one enrolled desk, and the operator's hand copy of the gateway's files (database,
/// WAL and shared memory, taken while it is stopped) put back over newer ones.
struct CopiedGateway {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("copied-\(UUID())")
    let central: CentralServer
    let desk: TestHome
    var files: [String] { ["", "-wal", "-shm"].map { central.database + $0 } }

    init() throws {
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        central = try CentralServer(directory: scratch)
        try central.start()
        desk = TestHome(url: scratch.appendingPathComponent("desk/home"))
        try desk.initialize()
        #expect(try desk.run(["enroll", "--central", central.url, "--token", try central.enrollToken()]).status == 0)
    }

    func copyAside() throws {
        central.stop()
        for file in files where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.copyItem(atPath: file, toPath: file + ".copy")
        }
        try central.start()
    }

    func copyBack() throws {
        central.stop()
        for file in files {
            try? FileManager.default.removeItem(atPath: file)
            if FileManager.default.fileExists(atPath: file + ".copy") {
                try FileManager.default.moveItem(atPath: file + ".copy", toPath: file)
            }
        }
        try central.start()
    }

    func remove() {
        central.stop()
        try? FileManager.default.removeItem(at: scratch)
    }
}
