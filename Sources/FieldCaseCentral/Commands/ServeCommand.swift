import ArgumentParser
import FieldCaseDomain
import Hummingbird
import Logging

/// `fieldcase-central serve`: runs the HTTP API until SIGTERM or SIGINT, then drains in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 8080
    @Option(help: "Catalog JSON served to devices (default: the bundled sample catalog).") var catalog: String?
    @Option(help: "Hours a desk's clock may run ahead of the gateway's before its times are refused.")
    var clockAllowanceHours = 48
    @Option(help: "Seconds a request body may take to arrive before the gateway answers 408.")
    var bodyTimeoutSeconds = 30

    func validate() throws {
        guard (1...720).contains(clockAllowanceHours) else {
            throw ValidationError("--clock-allowance-hours must be from 1 to 720")
        }
        guard (1...600).contains(bodyTimeoutSeconds) else {
            throw ValidationError("--body-timeout-seconds must be from 1 to 600")
        }
    }

    func run() async throws {
        var logger = Logger(label: "fieldcase-central")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let catalogJSON: Data?
        do {
            catalogJSON = try catalog.map { try Data(contentsOf: URL(fileURLWithPath: $0)) }
        } catch {
            throw ValidationError("cannot read the catalog file \(catalog ?? "")")
        }
        let rules: GatewayRules
        do {
            rules = GatewayRules(
                catalog: try catalogJSON.map { try Catalog(json: $0) } ?? Catalog.embedded(),
                clockAllowanceSeconds: clockAllowanceHours * 3600)
        } catch {
            throw ValidationError("the catalog file \(catalog ?? "") is not a valid catalog: \(error)")
        }
        let app = try buildApplication(
            repository: try await database.open(rules: rules), host: host, port: port, logger: logger,
            catalogJSON: catalogJSON, bodyTimeout: .seconds(bodyTimeoutSeconds)
        ) { bound in
            print("fieldcase-central listening on http://\(host):\(bound)")
            fflush(nil)
        }
        try await app.runService()
    }
}

import Foundation
