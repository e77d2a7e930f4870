import ArgumentParser
import FieldCaseCore
import FieldCaseSync

/// `fieldcase enroll`: registers this device with the central system (needs the network once).
struct EnrollCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "enroll", abstract: "Register this device with the central system.")

    @OptionGroup var home: HomeOptions
    @Option(help: "Central system URL, e.g. https://central.example.vn") var central: String
    @Option(help: "One-time enrollment token from the operator.") var token: String
    @Flag(help: "Allow plain http to a host other than this machine.") var insecure = false

    func run() async throws {
        let (store, profile) = try home.openInitialized()
        let answer = try await DeviceEnrollment.enroll(
            store: store, profile: profile, centralURL: central, token: token, insecure: insecure)
        print("Enrolled as device \(answer.deviceID) of commune \(answer.communeCode), terminal \(answer.terminal).")
    }
}
