@testable import FieldCaseCore
import FieldCaseHarness
import Foundation
import GRDB
import Testing

/// A seeded model of a commune's bad days: several desks record and move dossiers, supervisors hold,
/// release, retry and discard, a provincial operator moves dossiers at the same time, and syncs go through
/// a link that cuts connections and drops answers after the gateway committed. Desks are SIGKILLed, the
/// gateway too; a desk's home is restored from an older copy, another is cloned to a second laptop, a clock
/// runs days ahead. A desk that diverges is enrolled again as a supervisor would. After the link heals, a
/// checker compares what each side claims with what the other holds.
///
/// `FIELDCASE_FULL=1` runs more desks and steps; `FIELDCASE_MODEL_SEED` replays one seed.
@Suite(.serialized, .tags(.slow, .postgres))
struct SyncModelTests {
    static let steps = TestScale.pick(ci: 120, full: 800)
    static let firstDesks = TestScale.pick(ci: 3, full: 5)
    static let seed = UInt64(ProcessInfo.processInfo.environment["FIELDCASE_MODEL_SEED"] ?? "") ?? 0x5EED_7A0E

    @Test(
        "Seeded desks, an operator and a hostile link: afterwards each side's claims hold on the other",
        arguments: Backend.allCases)
    func model(backend: Backend) throws {
        let world = try ModelWorld(
            backend: backend, desks: Self.firstDesks, seed: Self.seed ^ (backend == .sqlite ? 0 : 1))
        defer { world.close() }
        for index in 0..<Self.steps { try world.step(index, of: Self.steps) }
        try world.heal()
        let report = try ModelChecker(world: world).check()
        print("model \(backend): \(world.counts.description); checked \(report.description)")
        #expect(report.problems.isEmpty, "\(report.problems.prefix(20).joined(separator: "\n"))")
        #expect(report.syncedDossiers > 0 && report.comparedOutcomes > 0, "the run exercised the sync")
        #expect(world.counts.faults > 0 && world.counts.restores > 0 && world.counts.clones > 0, "the faults happened")
        #expect(world.counts.divergences > 0, "a restored home diverged")
        #expect(world.counts.bundles > 1 && world.counts.lateBundles > 0, "sticks were carried, one late")
        #expect(backend == .postgres || world.counts.gatewayCopies > 0, "a gateway file was copied back")
    }
}

/// What the model did, printed with the checker's figures.
struct ModelCounts: CustomStringConvertible {
    var recorded = 0, moves = 0, syncs = 0, deskKills = 0, gatewayKills = 0, provincial = 0, concurrentProvincial = 0
    var holds = 0, releases = 0, retries = 0, discards = 0, restores = 0, clones = 0, divergences = 0
    var reenrollments = 0, wrongClock = 0, faults = 0, serverErrors = 0
    var bundles = 0, replies = 0, lateBundles = 0, successorImports = 0, gatewayCopies = 0

    var description: String {
        "\(recorded) recorded, \(moves) moves, \(syncs) syncs (\(deskKills) desk SIGKILLs), \(gatewayKills) gateway SIGKILLs, "
            + "\(provincial) provincial updates (\(concurrentProvincial) during a sync), \(holds) holds, \(releases) releases, "
            + "\(retries) retries, \(discards) discards, \(restores) restored homes, \(clones) cloned homes, "
            + "\(wrongClock) dossiers on a wrong clock, \(divergences) divergences, \(reenrollments) re-enrollments, "
            + "\(faults) link faults, \(serverErrors) 5xx, \(bundles) bundles carried (\(replies) replies taken back, "
            + "\(lateBundles) delivered late, \(successorImports) for a successor), \(gatewayCopies) gateway files copied back"
    }
}

/// The desks, the gateway, the link and the generator that drives them.
final class ModelWorld {
    struct Desk {
        var home: TestHome
        var terminal: Int
        /// An older copy of the home, for a restore.
        var snapshot: URL?
        /// Every central identity this desk's home has had (a clone starts with its origin's).
        var devices: Set<String> = []
    }

    let central: CentralServer
    let proxy: LinkProxy
    let scratch: URL
    var desks: [Desk] = []
    /// Sticks written and not yet carried to the province: delivered some steps later, or at the end.
    var inTransit: [(desk: Int, stick: URL)] = []
    /// A copy of the gateway's SQLite file taken while it was stopped, for an operator who copies it back.
    var gatewayCopy: URL?
    var generator: SplitMix64
    var counts = ModelCounts()
    static let reasons = ["thiếu giấy tờ", "người dân rút hồ sơ", "không đủ điều kiện"]

    init(backend: Backend, desks count: Int, seed: UInt64) throws {
        generator = SplitMix64(seed: seed)
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("model-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        central = try CentralServer(directory: scratch, backend: backend)
        try central.start()
        proxy = try LinkProxy(upstreamPort: central.port, seed: seed) { generator in
            var faults = LinkProxy.Profile()
            switch Int.random(in: 0..<100, using: &generator) {
            case 0..<20: faults.cutRequestAfter = Int.random(in: 0...2000, using: &generator)
            case 20..<35: faults.cutResponseAfter = Int.random(in: 0...400, using: &generator)
            case 35..<55: faults.dropResponse = true
            default: break
            }
            return faults
        }
        for terminal in 1...count {
            let home = TestHome(url: scratch.appendingPathComponent("desk\(terminal)/home"))
            try home.initialize(terminal: terminal)
            desks.append(Desk(home: home, terminal: terminal))
            try enroll(desks.count - 1, terminal: nil)
        }
    }

    /// Stops everything; the homes stay for a look with `FIELDCASE_MODEL_KEEP=1`.
    func close() {
        proxy.stop()
        central.stop()
        if ProcessInfo.processInfo.environment["FIELDCASE_MODEL_KEEP"] == "1" {
            print("model world kept in \(scratch.path), central database \(central.database)")
        } else {
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    // MARK: steps

    /// One random step; a few steps are fixed so that every run restores a home after it synced past its
    /// copy, and clones one.
    func step(_ index: Int, of steps: Int) throws {
        switch index {
        case steps / 6, 5 * steps / 6:
            // The gateway's file is copied aside, and later copied back over the newer one.
            try copyGateway()
            return
        case steps / 3 - 1:
            // A stick written before the home's copy is restored: it reaches the province late.
            try carry(0, keep: true)
            return
        case steps / 2 + 3:
            // The cloned laptop carries its queue on a stick.
            try carry(desks.count - 1)
            return
        case steps / 3:
            try snapshot(0)
            try record(0)
            #expect(try desks[0].home.run(["sync", "--quiet", "--timeout", "300"]).status == 0)
            return
        case steps / 2:
            try clone(1)
            return
        case 2 * steps / 3:
            try restore(0)
            try record(0)
            return
        default:
            break
        }
        let desk = Int.random(in: 0..<desks.count, using: &generator)
        switch Int.random(in: 0..<100, using: &generator) {
        case 0..<22: try record(desk)
        case 22..<40: try move(desk)
        case 40..<62: try sync(desk)
        case 62..<71: _ = try provincialUpdate()
        case 71..<80: try review(desk)
        case 80..<82: try killGateway()
        case 82..<87: try snapshot(desk)
        case 87..<91: try restore(desk)
        case 91..<93: try clone(desk)
        case 93..<95: try recordOnWrongClock(desk)
        case 95..<98: try carry(desk)
        case 98: try deliverLate()
        default: try copyGateway()
        }
    }

    func record(_ desk: Int) throws {
        for _ in 0..<Int.random(in: 1...2, using: &generator) {
            let result = try desks[desk].home.run(TestHome.validCase)
            #expect(result.status == 0, "case add: \(result.stderr)")
            counts.recorded += 1
        }
    }

    /// A dossier recorded while the desk's clock runs five days ahead: the gateway refuses its times.
    func recordOnWrongClock(_ desk: Int) throws {
        let ahead = LocalTime.now().adding(seconds: 5 * 86_400).iso8601
        let result = try desks[desk].home.run(TestHome.validCase, now: ahead)
        #expect(result.status == 0, "case add: \(result.stderr)")
        counts.wrongClock += 1
    }

    func move(_ desk: Int) throws {
        let cases = try local(desk, "SELECT code, status FROM cases WHERE discarded_at IS NULL")
        guard let row = cases.randomElement(using: &generator), let status = CaseStatus(rawValue: row["status"]),
            let next = status.allowedNext.randomElement(using: &generator)
        else { return }
        var arguments = ["case", "status", row["code"], next.rawValue]
        if next.requiresReason { arguments += ["--reason", Self.reasons.randomElement(using: &generator)!] }
        let result = try desks[desk].home.run(arguments)
        #expect(result.status == 0, "case status: \(result.stderr)")
        counts.moves += 1
    }

    /// A sync through the faulty link, sometimes SIGKILLed, sometimes while the province moves a dossier.
    func sync(_ desk: Int) throws {
        let (process, out, err) = try desks[desk].home.start([
            "sync", "--quiet", "--timeout", "2", "--central", proxy.url,
        ])
        counts.syncs += 1
        if Int.random(in: 0..<4, using: &generator) == 0, try provincialUpdate() {
            counts.concurrentProvincial += 1
        }
        if Int.random(in: 0..<6, using: &generator) == 0 {
            usleep(UInt32.random(in: 0...200_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            counts.deskKills += 1
        }
        process.waitUntilExit()
        let result = desks[desk].home.collect(process, out, err)
        guard !result.signalled else { return }
        if Self.needsEnrollment(result) {
            try recover(desk)
            return
        }
        #expect([0, 75].contains(result.status), "sync exit \(result.status): \(result.stderr)")
    }

    /// The province moves a dossier the central system holds, by a move the lifecycle allows; false when the
    /// gateway refused it because a desk's move landed first.
    @discardableResult
    func provincialUpdate() throws -> Bool {
        let rows = try central.query("SELECT code, status FROM cases ORDER BY code")
        guard let row = rows.randomElement(using: &generator), let status = CaseStatus(rawValue: row[1] ?? ""),
            let next = status.allowedNext.randomElement(using: &generator)
        else { return false }
        var arguments = ["case-status", row[0]!, next.rawValue]
        if next.requiresReason { arguments += ["--reason", Self.reasons.randomElement(using: &generator)!] }
        let result = try central.command(arguments)
        // A desk's move may have landed in between: the gateway refuses the now invalid transition.
        #expect(
            result.status == 0 || result.stderr.contains("cannot") || result.stderr.contains("not allowed"),
            "\(result.stderr)")
        if result.status == 0 { counts.provincial += 1 }
        return result.status == 0
    }

    /// A supervisor holds a dossier, releases one, retries or discards an item.
    func review(_ desk: Int) throws {
        let home = desks[desk].home
        switch Int.random(in: 0..<4, using: &generator) {
        case 0:
            let codes = try local(
                desk,
                "SELECT DISTINCT c.code FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id WHERE ob.state = 'pending' AND ob.wire_seq IS NULL"
            )
            guard let code = codes.randomElement(using: &generator)?["code"] as String? else { return }
            if try home.run(["queue", "hold", code]).status == 0 { counts.holds += 1 }
        case 1:
            let codes = try local(
                desk,
                "SELECT DISTINCT c.code FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id WHERE ob.state = 'held'"
            )
            guard let code = codes.randomElement(using: &generator)?["code"] as String? else { return }
            if try home.run(["queue", "release", code]).status == 0 { counts.releases += 1 }
        case 2:
            let items = try local(desk, "SELECT seq FROM outbox WHERE state IN ('rejected', 'conflict')")
            guard let item = items.randomElement(using: &generator)?["seq"] as Int64? else { return }
            if try home.run(["queue", "retry", String(item)]).status == 0 { counts.retries += 1 }
        default:
            let items = try local(
                desk,
                "SELECT seq FROM outbox WHERE state IN ('held', 'rejected', 'conflict') OR (state = 'pending' AND wire_seq IS NULL)"
            )
            guard let item = items.randomElement(using: &generator)?["seq"] as Int64? else { return }
            if try home.run(["queue", "discard", String(item), "--reason", "trùng hồ sơ"]).status == 0 {
                counts.discards += 1
            }
        }
    }

    /// A supervisor writes the queue to a stick. The province imports it and the reply goes back, or the stick
    /// waits in a drawer to be carried later (after the desk synced, was restored, cloned or replaced).
    func carry(_ desk: Int, keep: Bool = false) throws {
        let stick = scratch.appendingPathComponent("stick-\(UUID().uuidString).fcb")
        let exported = try desks[desk].home.run(["bundle", "export", "--out", stick.path])
        guard exported.status == 0 else {
            #expect(!exported.signalled && exported.status != 70, "bundle export: \(exported.stderr)")
            return
        }
        counts.bundles += 1
        if keep || Int.random(in: 0..<3, using: &generator) == 0 {
            inTransit.append((desk, stick))
        } else {
            try deliver(desk, stick)
        }
    }

    func deliverLate() throws {
        guard !inTransit.isEmpty else { return }
        let (desk, stick) = inTransit.remove(at: Int.random(in: 0..<inTransit.count, using: &generator))
        counts.lateBundles += 1
        try deliver(desk, stick)
    }

    /// The province imports a stick; a replaced laptop's stick (its device revoked) for its successor. The reply
    /// is sometimes lost on the way back.
    func deliver(_ desk: Int, _ stick: URL) throws {
        let reply = stick.appendingPathExtension("reply")
        let imported = try central.command(["bundle", "import", stick.path, "--reply", reply.path])
        if imported.status == 77, imported.stderr.contains("--for-successor") {
            let taken = try central.command(["bundle", "import", stick.path, "--for-successor"])
            #expect(!taken.signalled && taken.status != 70, "successor import: \(taken.stderr)")
            if taken.status == 0 { counts.successorImports += 1 }
            return
        }
        #expect(!imported.signalled && imported.status != 70, "bundle import: \(imported.stderr)")
        guard imported.status == 0, Int.random(in: 0..<4, using: &generator) != 0 else { return }
        let back = try desks[desk].home.run(["bundle", "import", reply.path])
        #expect(!back.signalled && back.status != 70, "reply import: \(back.stderr)")
        if back.status == 0 { counts.replies += 1 }
    }

    /// An operator copies the gateway's SQLite file aside while it is stopped, and later copies it back instead
    /// of running `fieldcase-central restore`: the gateway must notice and converge (PostgreSQL has no file).
    func copyGateway() throws {
        guard !central.database.contains("://") else { return }
        central.stop()
        let files = [central.database, central.database + "-wal", central.database + "-shm"]
        if let copy = gatewayCopy {
            for file in files { try? FileManager.default.removeItem(atPath: file) }
            try FileManager.default.copyItem(at: copy, to: URL(fileURLWithPath: central.database))
            gatewayCopy = nil
            counts.gatewayCopies += 1
        } else {
            let copy = scratch.appendingPathComponent("central-copy-\(UUID().uuidString).sqlite")
            try FileManager.default.copyItem(at: URL(fileURLWithPath: central.database), to: copy)
            gatewayCopy = copy
        }
        try central.start()
    }

    func killGateway() throws {
        central.stop(signal: SIGKILL)
        try central.start()
        counts.gatewayKills += 1
    }

    func snapshot(_ desk: Int) throws {
        let target = scratch.appendingPathComponent("snapshot-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: desks[desk].home.url, to: target)
        desks[desk].snapshot = target
    }

    /// The laptop's disk is restored from its older copy: numbers and codes go back.
    func restore(_ desk: Int) throws {
        guard let snapshot = desks[desk].snapshot else { return }
        try FileManager.default.removeItem(at: desks[desk].home.url)
        try FileManager.default.copyItem(at: snapshot, to: desks[desk].home.url)
        desks[desk].snapshot = nil
        counts.restores += 1
    }

    /// The disk image is copied to a second laptop that goes to work with the same identity.
    func clone(_ desk: Int) throws {
        guard desks.count < 6, counts.clones < 2 else { return }
        let home = TestHome(url: scratch.appendingPathComponent("desk-clone\(desks.count)/home"))
        try FileManager.default.createDirectory(
            at: home.url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: desks[desk].home.url, to: home.url)
        desks.append(Desk(home: home, terminal: desks[desk].terminal, devices: desks[desk].devices))
        counts.clones += 1
    }

    /// Sync says the numbering went back, or (a home restored from before its desk enrolled again) that the
    /// token it holds was revoked: a supervisor enrolls the desk again.
    static func needsEnrollment(_ result: RunResult) -> Bool {
        (result.status == 1 && result.stderr.contains("numbering went back")) || result.status == 77
    }

    /// What a supervisor does when sync says the numbering went back: a desk that shares its terminal with
    /// another laptop takes a free terminal; a restored desk replaces its revoked old identity.
    func recover(_ desk: Int) throws {
        counts.divergences += 1
        // A restored home may carry a terminal its desk had before it enrolled again: the home says which.
        for index in desks.indices { desks[index].terminal = try terminal(of: index) }
        let terminal = desks[desk].terminal
        if desks.indices.contains(where: { $0 != desk && desks[$0].terminal == terminal }) {
            // The operator hands out a terminal no laptop uses and no live device holds.
            let live = Set(
                try central.query("SELECT terminal FROM devices WHERE revoked_at IS NULL").compactMap { $0[0] })
            let free = try #require(
                (1...9).first { number in !desks.contains { $0.terminal == number } && !live.contains(String(number)) })
            try enroll(desk, terminal: free)
            desks[desk].terminal = free
        } else {
            if let live = try central.liveDevice(terminal: terminal) { try central.command(["revoke", live]) }
            try enroll(desk, terminal: nil)
        }
        counts.reenrollments += 1
    }

    func terminal(of desk: Int) throws -> Int {
        try #require(try local(desk, "SELECT terminal FROM profile").first?["terminal"] as Int?)
    }

    func enroll(_ desk: Int, terminal: Int?) throws {
        let token = try central.enrollToken(terminal: terminal)
        let result = try desks[desk].home.run(
            ["enroll", "--central", central.url, "--token", token]
                + (terminal.map { ["--terminal", String($0)] } ?? []))
        let devices = (try? central.query("SELECT id, terminal, revoked_at FROM devices")) ?? []
        #expect(
            result.status == 0,
            "enroll desk \(desk + 1) as \(terminal.map(String.init) ?? "its terminal"): \(result.stderr) \(devices)")
        if let device = try local(desk, "SELECT central_device_id FROM sync_config").first?["central_device_id"]
            as String?
        {
            desks[desk].devices.insert(device)
        }
    }

    // MARK: healing

    /// The link heals: supervisors release what they held, every desk syncs directly until all are done,
    /// then once more so each learns what the others' syncs changed.
    func heal() throws {
        while !inTransit.isEmpty { try deliverLate() }
        for desk in desks.indices {
            for row in try local(
                desk,
                "SELECT DISTINCT c.code FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id WHERE ob.state = 'held'"
            ) {
                #expect(try desks[desk].home.run(["queue", "release", row["code"]]).status == 0)
            }
        }
        for _ in 0..<8 {
            var clean = true
            for desk in desks.indices {
                let result = try desks[desk].home.run(["sync", "--quiet", "--timeout", "300"])
                if Self.needsEnrollment(result) {
                    try recover(desk)
                    clean = false
                } else if result.status != 0 {
                    Issue.record("healed sync exit \(result.status): \(result.stderr)")
                    clean = false
                }
            }
            if clean { break }
        }
        for desk in desks.indices {
            let result = try desks[desk].home.run(["sync", "--quiet", "--timeout", "300"])
            #expect(result.status == 0, "final sync: \(result.stderr)")
        }
        counts.serverErrors = Self.serverErrors(inLog: central.log)
        counts.faults = proxy.faultsInjected
    }

    /// The 5xx answers in the gateway's request log lines, across all its restarts.
    static func serverErrors(inLog log: String) -> Int {
        log.split(separator: "\n").filter { $0.contains("status=5") }.count
    }

    func local(_ desk: Int, _ sql: String) throws -> [Row] {
        try DatabaseQueue(path: desks[desk].home.databasePath).read { try Row.fetchAll($0, sql: sql) }
    }
}

/// Compares what each desk claims with what the central system holds, and the other way round.
struct ModelChecker {
    struct Report: CustomStringConvertible {
        var problems: [String] = []
        var syncedDossiers = 0, comparedOutcomes = 0, agreedStatuses = 0, checkedMoves = 0, unattributed = 0
        var serverErrors = 0

        var description: String {
            "\(syncedDossiers) synced dossiers with the same content, \(comparedOutcomes) outcomes equal on both sides, "
                + "\(agreedStatuses) statuses agreed, \(checkedMoves) central moves each by its own dossier's event "
                + "(\(unattributed) from events no desk holds any more), \(serverErrors) 5xx, \(problems.count) problems"
        }
    }

    /// A desk's home and every central identity it has had.
    struct Desk {
        let home: TestHome
        let devices: Set<String>
    }

    let central: CentralServer
    let desks: [Desk]
    var serverErrors = 0
    /// Whether items still waiting to leave are a problem (they are once the link healed).
    var expectDrained = true

    init(world: ModelWorld) {
        central = world.central
        desks = world.desks.map { Desk(home: $0.home, devices: $0.devices) }
        serverErrors = world.counts.serverErrors
    }

    init(central: CentralServer, desks: [Desk], expectDrained: Bool) {
        self.central = central
        self.desks = desks
        self.expectDrained = expectDrained
    }

    func local(_ desk: Int, _ sql: String) throws -> [Row] {
        try DatabaseQueue(path: desks[desk].home.databasePath).read { try Row.fetchAll($0, sql: sql) }
    }

    func check() throws -> Report {
        var report = Report()
        report.serverErrors = serverErrors
        if report.serverErrors > 0 {
            report.problems.append("the gateway answered \(report.serverErrors) times with a 5xx")
        }
        let central = try centralState()
        var caseOfEvent: [String: String] = [:]
        for desk in desks.indices {
            let items = try local(
                desk,
                """
                SELECT e.event_id, e.kind, e.payload, e.sealed, e.case_id, c.code, c.status, c.discarded_at, ob.state
                FROM outbox ob JOIN case_events e ON e.seq = ob.seq JOIN cases c ON c.id = e.case_id ORDER BY ob.seq
                """)
            for item in items { caseOfEvent[item["event_id"]] = item["case_id"] }
            try checkDesk(desk, items: items, central: central, report: &report)
        }
        for move in central.appliedMoves {
            guard let caseID = caseOfEvent[move.eventID] else {
                report.unattributed += 1
                continue
            }
            report.checkedMoves += 1
            if central.cases[move.code]?.caseID != caseID {
                report.problems.append("central \(move.code) was moved by event \(move.eventID) of another dossier")
            }
        }
        return report
    }

    func checkDesk(_ desk: Int, items: [Row], central: CentralState, report: inout Report) throws {
        let name = "desk \(desk + 1)"
        // The desk's payloads are sealed: the checker signs in as its officer to read what it claims.
        let store = try FieldCaseStore.open(path: desks[desk].home.databasePath, kdfCost: .insecureFast)
        _ = try store.signIn(try store.resolveOfficer(named: nil), pin: "246810", now: .now())
        let waiting = Set(
            items.filter { ["pending", "held"].contains($0["state"] as String) }.map { $0["case_id"] as String })
        if expectDrained, !waiting.isEmpty {
            report.problems.append("\(name) still has \(waiting.count) dossiers waiting to leave")
        }
        for item in items {
            let state: String = item["state"]
            let eventID: String = item["event_id"]
            // A twin laptop may hold the same event under its own identity: compare with what this desk's own
            // identities got, or, where none sent it (the twin's answer came by reconciliation), with the newest.
            let rows = central.outcomes[eventID] ?? []
            let held = (rows.last { desks[desk].devices.contains($0.device) } ?? rows.last)?.outcome
            switch state {
            case "synced", "rejected", "conflict":
                let expected = state == "synced" ? "applied" : state
                report.comparedOutcomes += 1
                if held != expected {
                    report.problems.append(
                        "\(name) says \(item["code"] as String) \(item["kind"] as String) \(eventID) is \(state); central: "
                            + (central.history[eventID]?.joined(separator: " then ") ?? "absent"))
                }
            case "discarded":
                if held == "applied" {
                    report.problems.append("\(name) discarded \(eventID), which the central applied")
                }
            default:
                break
            }
            guard item["kind"] == CaseEventKind.created, state == "synced" else { continue }
            let code: String = item["code"]
            guard let record = central.cases[code], record.caseID == item["case_id"] else {
                report.problems.append(
                    "\(name) calls \(code) synced but the central system holds \(central.cases[code]?.caseID ?? "nothing") there"
                )
                continue
            }
            var payload =
                try JSONSerialization.jsonObject(
                    with: Data(try FieldCaseStore.eventPayload(item, key: store.dataKey).utf8)) as? [String: Any] ?? [:]
            payload["code"] = code
            let document = try JSONSerialization.jsonObject(with: Data(record.document.utf8)) as? [String: Any] ?? [:]
            if !(payload as NSDictionary).isEqual(to: document) {
                report.problems.append("\(name): \(code) differs between desk and central")
            }
            report.syncedDossiers += 1
            let status: String = item["status"]
            if (item["discarded_at"] as Int64?) == nil {
                if status == record.status {
                    report.agreedStatuses += 1
                } else {
                    report.problems.append("\(name) shows \(code) \(status); the central system \(record.status)")
                }
            }
        }
    }

    struct CentralState {
        var cases: [String: (caseID: String, status: String, document: String)] = [:]
        /// Each event's outcomes by the device that sent it, oldest first (a retried item is held twice).
        var outcomes: [String: [(device: String, outcome: String)]] = [:]
        var appliedMoves: [(eventID: String, code: String)] = []
        /// Each event's rows on the central system, oldest first, for the problem report.
        var history: [String: [String]] = [:]
    }

    func centralState() throws -> CentralState {
        var state = CentralState()
        for row in try self.central.query("SELECT code, case_id, status, document FROM cases") {
            state.cases[row[0]!] = (row[1]!, row[2]!, row[3]!)
        }
        for row in try self.central.query(
            "SELECT event_id, outcome, kind, case_code, device_id, seq, reason FROM events ORDER BY change")
        {
            state.outcomes[row[0]!, default: []].append((row[4]!, row[1]!))
            state.history[row[0]!, default: []].append(
                "\(row[1]!) as seq \(row[5]!) of device \(row[4]!.prefix(8)) (\(row[6] ?? "-"))")
            if row[1] == "applied", row[2] == CaseEventKind.statusChanged {
                state.appliedMoves.append((row[0]!, row[3]!))
            }
        }
        return state
    }
}
