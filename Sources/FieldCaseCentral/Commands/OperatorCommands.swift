import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain
import Foundation

/// `fieldcase-central enroll-token`: a one-time token an installer types into `fieldcase enroll`.
struct EnrollTokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll-token", abstract: "Create a one-time enrollment token (printed as the last line).")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "5-digit commune code.") var commune: String
    @Option(help: "Terminal number the device must take (1-9).") var terminal: Int?
    @Option(help: ArgumentHelp("How long the token stays valid.", valueName: "30m|12h|7d"))
    var expires = TokenLifetime(text: "7d", seconds: 7 * 86_400)

    func validate() throws {
        guard commune.count == 5, commune.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("--commune must be a 5-digit commune code")
        }
        if let terminal, !(1...9).contains(terminal) { throw ValidationError("--terminal must be from 1 to 9") }
    }

    func run() async throws {
        let now = LocalTime.now()
        let repository = try await database.open(create: .named)
        let token = try await repository.host.run("enroll-token.create", detail: commune) {
            try await repository.createEnrollmentToken(
                commune: commune, terminal: terminal, expiresAt: now.adding(seconds: expires.seconds), now: now)
        }
        operatorPrint("Enrollment token for commune \(commune), valid \(expires.text), single use:")
        operatorPrint(token)
    }
}

struct DevicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "devices", abstract: "List enrolled devices.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption

    func run() async throws {
        let repository = try await database.open()
        let devices = try await repository.host.run("devices.list") { try await repository.devices() }
        if output.json { return try printJSON(devices) }
        operatorPrint(
            Table(
                headers: ["DEVICE", "COMMUNE", "TERMINAL", "LAST SEQ", "STATE"],
                rows: devices.map {
                    [
                        $0.device_id, $0.commune_code, String($0.terminal), String($0.last_seq),
                        $0.revoked ? "revoked" : "live",
                    ]
                }
            ))
    }
}

struct RevokeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a device's token.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Device id.") var deviceID: String
    @Flag(
        help: "The laptop was lost or stolen, not replaced: no bundle of it is ever taken for a successor.")
    var lost = false

    func run() async throws {
        let repository = try await database.open()
        try await repository.host.run(
            lost ? "device.revoke.lost" : "device.revoke", detail: String(deviceID.prefix(40))
        ) {
            guard try await repository.revoke(deviceID: deviceID, lost: lost, now: .now()) else {
                throw CommandFailure("no live device '\(deviceID.prefix(40))'", exitCode: Exit.dataError)
            }
        }
        operatorPrint("Revoked \(deviceID).")
    }
}

struct CasesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cases", abstract: "List dossiers on the central system.")
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: JSONOption
    @Option(help: "Only this commune.") var commune: String?
    @Option(help: "Only this status.") var status: String?

    func run() async throws {
        var wanted: CaseStatus?
        if let status {
            guard let parsed = CaseStatus(statusArgument: status) else {
                throw ValidationError("unknown status '\(status)'")
            }
            wanted = parsed
        }
        let now = LocalTime.now()
        let repository = try await database.open()
        let cases = try await repository.host.run("cases.list", codes: { $0.map(\.code) }) {
            try await repository.cases(communes: commune.map { [$0] }, status: wanted)
        }
        let calendar = repository.rules.catalog.calendar
        if output.json { return try printJSON(cases.map { CentralCaseJSON($0, now: now, calendar: calendar) }) }
        operatorPrint(
            Table(
                headers: ["CODE", "COMMUNE", "STATUS", "CONFLICT"],
                rows: cases.map { [$0.code, $0.communeCode, $0.status.rawValue, $0.conflict ?? ""] }, flexibleColumn: 3
            ))
    }
}

struct CaseStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "case-status",
        abstract: "Record a provincial processing update; devices get it on their next pull.")
    @OptionGroup var database: DatabaseOptions
    @Argument(help: "Dossier code.") var code: String
    @Argument(help: "New status.") var status: String
    @Option(help: "Why (required to refuse or stop).") var reason: String?

    func run() async throws {
        guard let next = CaseStatus(statusArgument: status) else { throw ValidationError("unknown status '\(status)'") }
        let repository = try await database.open()
        let updated = try await repository.host.run("case.status", detail: String(code.prefix(40))) {
            try await repository.setStatus(code: code, to: next, reason: reason, actor: HostUser.name, now: .now())
        }
        operatorPrint("\(updated.code): \(updated.status.rawValue)")
    }
}

/// `--expires`: minutes, hours or days, up to 10,000 of them.
struct TokenLifetime: ExpressibleByArgument {
    let text: String
    let seconds: Int

    init(text: String, seconds: Int) {
        self.text = text
        self.seconds = seconds
    }

    init?(argument: String) {
        guard let unit = argument.last, let value = Int(argument.dropLast()), value > 0, value <= 10_000,
            let scale = ["m": 60, "h": 3600, "d": 86_400][unit]
        else { return nil }
        self.init(text: argument, seconds: value * scale)
    }

    var defaultValueDescription: String { text }
}
