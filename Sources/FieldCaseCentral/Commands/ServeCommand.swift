import ArgumentParser
import Hummingbird
import Logging

/// `fieldcase-central serve`: runs the HTTP API until SIGTERM or SIGINT, then drains in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API.")

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 8080

    func run() async throws {
        var logger = Logger(label: "fieldcase-central")
        logger.logLevel = .info
        let app = buildApplication(repository: try await database.open(), host: host, port: port, logger: logger) { bound in
            print("fieldcase-central listening on http://\(host):\(bound)")
            fflush(nil)
        }
        try await app.runService()
    }
}

import Foundation
