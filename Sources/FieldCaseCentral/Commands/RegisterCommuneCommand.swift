import ArgumentParser
import FieldCaseGateway
import FieldCaseDomain
import Foundation

/// `fieldcase-central register-commune CODE --unit-code UNIT`: the unit code a commune's dossier codes start
/// with. Devices of the commune must be set up with it; it is the gateway's record, never a device's claim.
struct RegisterCommuneCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "register-commune", abstract: "Register the unit code of a commune's dossier codes.")

    @OptionGroup var database: DatabaseOptions
    @Argument(help: "5-digit commune code.") var commune: String
    @Option(help: "Unit code, e.g. 000.00.06.H56 (default: the commune code).") var unitCode: String?

    func validate() throws {
        guard commune.count == 5, commune.allSatisfy({ $0.isASCII && $0.isNumber }) else {
            throw ValidationError("the commune must be a 5-digit commune code")
        }
        if let unitCode, (try? DossierCode.validateUnitCode(unitCode)) == nil {
            throw ValidationError("--unit-code may hold 1 to 30 letters, digits and dots")
        }
    }

    func run() async throws {
        let repository = try await database.open(create: .named)
        let unit = try await repository.host.run("commune.register", detail: commune) {
            try await repository.registerCommune(commune, unitCode: unitCode ?? commune, by: HostUser.name, now: .now())
        }
        print("Commune \(commune): unit code \(unit).")
    }
}
