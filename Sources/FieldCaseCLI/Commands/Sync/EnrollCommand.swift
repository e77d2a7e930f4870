import ArgumentParser
import FieldCaseCore
import FieldCaseSync
import Foundation

/// `fieldcase enroll`: registers this device with the central system (needs the network once).
struct EnrollCommand: SessionCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Register this device with the central system.")

    @OptionGroup var home: HomeOptions
    @OptionGroup var actor: OfficerOptions
    @Option(help: "Central system URL, e.g. https://central.example.vn") var central: String
    @Option(help: "One-time enrollment token from the operator.") var token: String
    @Flag(help: "Allow plain http to a host other than this machine.") var insecure = false
    @Option(
        help: "PEM certificate of the province's own CA, trusted besides the system's for the central system.",
        completion: .file())
    var caFile: String?
    @Option(help: "Take this terminal number (1-9) instead of the one set up: for a laptop that is a copy of another.")
    var terminal: Int?

    func validate() throws {
        if let terminal, !(1...9).contains(terminal) { throw ValidationError("--terminal must be from 1 to 9") }
    }

    func run(in session: inout Session) async throws {
        let trustedCA = try caFile.map { path in
            guard let data = FileManager.default.contents(atPath: path), data.count < 1_000_000 else {
                throw ValidationError("cannot read the CA file \(path)")
            }
            return String(decoding: data, as: UTF8.self)
        }
        let (store, profile) = try session.home.openInitialized()
        let supervisor = try session.authenticate(actor, in: store)
        try supervisor.require(.enroll)
        let lock = try SyncLock(home: session.home.url)
        defer { withExtendedLifetime(lock) {} }
        let answer = try await DeviceEnrollment.enroll(
            store: store, profile: profile, supervisor: supervisor, centralURL: central, token: token,
            insecure: insecure, terminal: terminal,
            trustedCA: trustedCA)
        session.say(.enrolled(deviceID: answer.deviceID, commune: answer.communeCode, terminal: answer.terminal))
    }
}
