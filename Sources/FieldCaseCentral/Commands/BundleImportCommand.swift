import ArgumentParser
import FieldCaseGateway
import FieldCaseBundle
import FieldCaseCommandLine
import FieldCaseRows
import Foundation

/// `fieldcase-central bundle`: sync carried on USB sticks, for communes whose link is down for days.
struct BundleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle", abstract: "Sync carried by hand: import a desk's bundle and write its reply.",
        subcommands: [BundleImportCommand.self])
}

/// `fieldcase-central bundle import FILE --reply FILE`
struct BundleImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Verify a desk's bundle, apply its events once, and write the signed reply for the desk.",
        discussion: """
            Refused, with nothing applied: a damaged or changed file, one not signed by the key its device \
            registered, one from a revoked or unknown device, one made for another central system, one that starts \
            after what this system holds of the device. Importing the same bundle again, an older one after a \
            newer one, or events that also came over the network changes nothing the second time. The reply holds \
            each event's outcome and the province's updates for the desk, signed by this system and readable only \
            by that desk.

            A bundle from a laptop that was replaced (its device revoked, a new device enrolled for the terminal) \
            is refused unless --for-successor says to take it for the new device: events already held are \
            duplicates, the rest are kept in a series of their own so the new desk's numbers stay its own; no \
            reply is written, and the access log records who took it.
            """)

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var pages: PagesOption
    @OptionGroup var output: JSONOption
    @Argument(
        help: ArgumentHelp("The desk's bundle (.fcb), or - for standard input.", valueName: "FILE"),
        completion: .file(extensions: ["fcb"]))
    var file: String
    @Option(
        help: ArgumentHelp(
            "Write the reply here: a file, a folder (named by commune, terminal, items and time), or - for "
                + "standard output (the report then goes to standard error).",
            valueName: "FILE|FOLDER|-"),
        completion: .file())
    var reply: String?
    @Flag(
        help: "The bundle's device was revoked when its laptop was replaced: take its events for the new device.")
    var forSuccessor = false

    func validate() throws {
        if forSuccessor, reply != nil {
            throw ValidationError("--for-successor writes no reply: the laptop that would read it was replaced")
        }
        if file == "-", isatty(STDIN_FILENO) == 1 {
            throw ValidationError("- reads the bundle from standard input: redirect the file into it (< FILE)")
        }
        if reply == "-", isatty(STDOUT_FILENO) == 1 {
            throw ValidationError("--reply - writes the reply, a binary file, to standard output: redirect it (> FILE)")
        }
    }

    func run() async throws {
        if reply == "-" {
            // Checked before anything is opened: a closed standard output would be the next file opened.
            guard fcntl(STDOUT_FILENO, F_GETFD) != -1 else {
                throw CommandFailure("standard output is closed; nothing was applied", exitCode: Exit.cannotCreate)
            }
            // A reader gone away is an error to report (the events are in by then), not a silent death.
            signal(SIGPIPE, SIG_IGN)
        }
        let data = try Self.read(file)
        let repository = try await database.open()
        let vault = try await pages.servedVault(beside: database, of: repository)
        if forSuccessor {
            let result = try await repository.host.run(
                "bundle.import.successor", detail: String(file.suffix(80))
            ) {
                try await repository.importForSuccessor(data, by: HostUser.name, now: .now(), vault: vault)
            }
            if vault == nil, result.pagesCarried > 0 {
                // No reply goes back: the replaced laptop's stick may hold the only copy of these pages.
                StandardStreams.error(
                    "Warning: \(pages.notServed(database).message); the bundle's \(result.pagesCarried) scanned "
                        + "pages were not taken: import it again naming the pages folder\n")
            }
            let report = output.json ? [try prettyJSON(SuccessorImportJSON(result))] : Self.summary(result)
            for line in report { print(line) }
            return
        }
        let result = try await repository.host.run("bundle.import", detail: String(file.suffix(80))) {
            try await repository.importBundle(data, by: HostUser.name, now: .now(), vault: vault)
        }
        if vault == nil, result.pagesCarried > 0 {
            StandardStreams.error(
                "Warning: \(pages.notServed(database).message); the bundle's \(result.pagesCarried) scanned pages "
                    + "stay on the desk for its next bundle or sync\n")
        }
        let toStandardOutput = reply == "-"
        let written = try reply.map { target in
            guard target != "-" else {
                do {
                    try FileHandle.standardOutput.write(contentsOf: result.reply)
                } catch {
                    throw Self.replyNotWritten("cannot write the reply to standard output")
                }
                return "standard output (save it as \(result.replyHeader.fileName))"
            }
            return try Self.write(result, to: target)
        }
        let report =
            output.json
            ? [try prettyJSON(BundleImportJSON(result, reply: written))]
            : Self.summary(result, reply: written).map { TerminalText.safe($0) }
        for line in report {
            if toStandardOutput { StandardStreams.error(line + "\n") } else { print(line) }
        }
    }

    /// The bundle's bytes (from standard input for `-`): a readable regular file no larger than any bundle
    /// this release writes. Standard input lets an operator's shell open a stick the gateway's user cannot.
    static func read(_ file: String) throws -> Data {
        if file == "-" {
            let data: Data
            do {
                // nil at once: standard input is empty.
                data = try FileHandle.standardInput.read(upToCount: BundleFile.maxBytes + 1) ?? Data()
            } catch {
                throw CommandFailure("cannot read standard input; nothing was applied", exitCode: Exit.noInput)
            }
            guard !data.isEmpty else {
                throw CommandFailure("standard input was empty: no bundle to import", exitCode: Exit.noInput)
            }
            guard data.count <= BundleFile.maxBytes else {
                throw CommandFailure(
                    "standard input is larger than any bundle; nothing was applied", exitCode: Exit.dataError)
            }
            return data
        }
        switch BackupFile.read(file, atMost: BundleFile.maxBytes) {
        case .data(let data): return data
        case .unreadable: throw CommandFailure("cannot read \(file): not a readable file", exitCode: Exit.noInput)
        case .tooLarge:
            throw CommandFailure("\(file) is larger than any bundle; nothing was applied", exitCode: Exit.dataError)
        }
    }

    /// Writes the reply as a new file (into a folder under its own name); returns the path.
    static func write(_ result: BundleImport, to target: String) throws -> String {
        let path = BackupFile.path(target, orInside: result.replyHeader.fileName)
        do {
            try BackupFile.write(result.reply, to: path)
        } catch BackupFile.Failure.exists(let path) {
            throw replyNotWritten("\(path) exists already", again: "import the bundle again with another --reply")
        } catch BackupFile.Failure.cannotWrite(let path, let code) {
            throw replyNotWritten("cannot write \(path): \(String(cString: strerror(code)))")
        }
        return path
    }

    /// The reply could not be written after the events went in: importing again writes it, applying nothing.
    static func replyNotWritten(_ why: String, again: String = "import the bundle again") -> CommandFailure {
        CommandFailure(
            "\(why); the events were applied: \(again) to write the reply (nothing is applied twice)",
            exitCode: Exit.cannotCreate)
    }

    static func summary(_ result: SuccessorImport) -> [String] {
        let counts = result.counts
        let carrier = result.carrierID.map { ", kept under carrier \($0)" } ?? ""
        return [
            "Bundle of revoked device \(result.header.deviceID) (commune \(result.header.communeCode), terminal "
                + "\(result.header.terminal)), SHA-256 \(result.sha256), taken for device \(result.successor.id)",
            "  \(result.header.items) items: \(counts.applied) applied, \(counts.duplicates) already here, "
                + "\(counts.rejected) rejected, \(counts.conflicts) in conflict\(carrier); no reply is written",
        ].map { TerminalText.safe($0) }
            + (result.pagesCarried > 0
                ? ["  scanned pages: \(result.pagesCarried) carried, \(result.pagesHeld) held here"] : [])
    }

    static func summary(_ result: BundleImport, reply: String?) -> [String] {
        let header = result.header
        let counts = result.counts
        var lines = [
            "Bundle from device \(header.deviceID) (commune \(header.communeCode), terminal \(header.terminal)), "
                + "written \(header.createdAt), SHA-256 \(result.sha256)",
            "  \(header.items) items" + (header.firstSeq.map { " (\($0)-\(header.lastSeq ?? $0))" } ?? "")
                + ": \(counts.applied) applied, \(counts.duplicates) already here, \(counts.rejected) rejected, "
                + "\(counts.conflicts) in conflict",
        ]
        if let diverged = result.diverged {
            lines.append("  stopped: \(diverged); the desk must be enrolled again")
        }
        if let elsewhere = result.takenElsewhere {
            lines.append(
                "  left out: \(elsewhere.events) events from item \(elsewhere.fromSeq) on, which "
                    + elsewhere.devices.joined(separator: ", ")
                    + " sent since: the laptop that wrote this bundle was enrolled again, and they are not taken "
                    + "a second time under this device's numbers")
        }
        if result.pagesCarried > 0 {
            lines.append(
                "  scanned pages: \(result.pagesCarried) carried, \(result.pagesHeld) held here"
                    + (result.pagesRefused > 0
                        ? ", \(result.pagesRefused) did not open (the desk seals them again)" : ""))
        }
        let head = result.deskAuditHead.map { "the desk's last is \($0.id)" } ?? "the desk sent none"
        lines.append("  audit trail: held here through entry \(result.auditThrough); \(head)")
        if let problem = result.auditProblem { lines.append("  audit trail broken: \(problem)") }
        if let reply {
            lines.append(
                "Reply for the desk: \(reply) (\(result.replyHeader.items) outcomes, \(result.changes) changes), "
                    + "SHA-256 \(BundleFile.sha256(result.reply))")
        } else {
            lines.append("No reply written (--reply): the desk learns the outcomes at its next sync.")
        }
        return lines
    }
}

/// `bundle import --json`.
struct BundleImportJSON: Encodable {
    let device_id: String
    let commune_code: String
    let terminal: Int
    let sha256: String
    let items: Int
    let applied: Int
    let duplicates: Int
    let rejected: Int
    let conflicts: Int
    let diverged: String?
    let taken_elsewhere: TakenElsewhere?
    let audit_problem: String?
    let changes: Int
    let pages_carried: Int
    let pages_held: Int
    let pages_refused: Int
    let reply: String?
    let reply_sha256: String?

    init(_ result: BundleImport, reply: String?) {
        device_id = result.header.deviceID
        commune_code = result.header.communeCode
        terminal = result.header.terminal
        sha256 = result.sha256
        items = result.header.items
        applied = result.counts.applied
        duplicates = result.counts.duplicates
        rejected = result.counts.rejected
        conflicts = result.counts.conflicts
        diverged = result.diverged
        taken_elsewhere = result.takenElsewhere
        audit_problem = result.auditProblem
        changes = result.changes
        pages_carried = result.pagesCarried
        pages_held = result.pagesHeld
        pages_refused = result.pagesRefused
        self.reply = reply
        reply_sha256 = reply.map { _ in BundleFile.sha256(result.reply) }
    }
}

/// `bundle import --for-successor --json`.
struct SuccessorImportJSON: Encodable {
    let device_id: String
    let successor_id: String
    let carrier_id: String?
    let sha256: String
    let items: Int
    let applied: Int
    let duplicates: Int
    let rejected: Int
    let conflicts: Int
    let pages_carried: Int
    let pages_held: Int

    init(_ result: SuccessorImport) {
        device_id = result.header.deviceID
        successor_id = result.successor.id
        carrier_id = result.carrierID
        sha256 = result.sha256
        items = result.header.items
        applied = result.counts.applied
        duplicates = result.counts.duplicates
        rejected = result.counts.rejected
        conflicts = result.counts.conflicts
        pages_carried = result.pagesCarried
        pages_held = result.pagesHeld
    }
}
