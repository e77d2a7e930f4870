import ArgumentParser
import FieldCaseGateway
import FieldCaseCommandLine
import FieldCaseDomain
import FieldCaseWire
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOSSL

/// `fieldcase-central serve`: runs the HTTP API until SIGTERM or SIGINT, then drains in-flight requests.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the HTTP API.")

    @OptionGroup var database: DatabaseOptions
    @Option(
        help: ArgumentHelp(
            "File of FIELDCASE_CENTRAL_<OPTION>=value lines giving any option below (the command line and the "
                + "environment win).", valueName: "FILE"), completion: .file())
    var settings: String?
    @Option(help: "Address to listen on.") var host = "127.0.0.1"
    @Option(help: "Port (0 picks a free one; the chosen port is printed).") var port = 8080
    @Option(help: "Catalog JSON served to devices (default: the bundled sample catalog).", completion: .file())
    var catalog: String?
    @OptionGroup var pages: PagesOption
    @Option(help: "PEM certificate chain: serve HTTPS (HTTP/2 and HTTP/1.1).", completion: .file())
    var tlsCert: String?
    @Option(help: "PEM private key of --tls-cert.", completion: .file()) var tlsKey: String?
    @Flag(help: "Plain HTTP on a non-loopback address, for a TLS proxy in front; its X-Real-IP names the client.")
    var behindProxy = false
    @Option(help: "Address of a TLS proxy whose X-Real-IP is believed (repeat; loopback always is).")
    var trustedProxy: [String] = []
    @Option(help: "Hours a desk's clock may run ahead of the gateway's before its times are refused.")
    var clockAllowanceHours = 48
    @Option(help: "Seconds a request body may take to arrive before the gateway answers 408.")
    var bodyTimeoutSeconds = 30
    @Option(help: "Events a device may store per day.") var quotaEventsPerDay = 20_000
    @Option(help: "Megabytes of payload a device may store in all.") var quotaMegabytes = 512
    @Option(help: "Failed authentications per minute from one address or token before a lockout.")
    var authFailuresPerMinute = 30
    @Option(help: "Pushes this process works on at once; past it, 503 with Retry-After (per process).")
    var concurrentPushes = 64
    @Option(help: "Connections one client address may hold open at once (a trusted proxy is not counted).")
    var connectionsPerAddress = 64

    func validate() throws {
        guard (1...720).contains(clockAllowanceHours) else {
            throw ValidationError("--clock-allowance-hours must be from 1 to 720")
        }
        guard (1...600).contains(bodyTimeoutSeconds) else {
            throw ValidationError("--body-timeout-seconds must be from 1 to 600")
        }
        guard (1000...10_000_000).contains(quotaEventsPerDay), (1...1_000_000).contains(quotaMegabytes),
            (1...10_000).contains(authFailuresPerMinute), (1...10_000).contains(concurrentPushes),
            (1...10_000).contains(connectionsPerAddress)
        else {
            throw ValidationError(
                "--quota-events-per-day must be at least 1000 (a desk's batch: a batch goes in whole or waits), "
                    + "--quota-megabytes, --auth-failures-per-minute, --concurrent-pushes and "
                    + "--connections-per-address positive")
        }
        guard (tlsCert == nil) == (tlsKey == nil) else {
            throw ValidationError("--tls-cert and --tls-key go together")
        }
        if tlsCert != nil, behindProxy { throw ValidationError("--behind-proxy is for plain HTTP behind a TLS proxy") }
        if !trustedProxy.isEmpty, !behindProxy { throw ValidationError("--trusted-proxy goes with --behind-proxy") }
        if let bad = trustedProxy.first(where: { !isIPAddress($0) }) {
            throw ValidationError("--trusted-proxy takes an IP address, not '\(bad.prefix(60))'")
        }
        if tlsCert == nil, !behindProxy, !isLoopbackHost(host) {
            throw ValidationError(
                "refusing to serve citizens' data over plain HTTP on \(host): give --tls-cert and --tls-key, or "
                    + "--behind-proxy when a TLS proxy (nginx, Caddy) is in front")
        }
    }

    /// The catalog file to serve: `--catalog`'s, else the newest imported (`catalog import`), else nil for the
    /// bundled one. A bundled catalog newer than the imported one is pointed out: the province merges and imports it.
    func servedCatalog() async throws -> Data? {
        if let catalog {
            do {
                return try Data(contentsOf: URL(fileURLWithPath: catalog))
            } catch {
                throw CommandFailure("cannot read the catalog file \(catalog)", exitCode: Exit.noInput)
            }
        }
        guard let imported = try await database.open(create: .always).servedCatalog() else { return nil }
        let bundled = try Catalog.embedded().version
        if let version = try? Catalog(json: imported).version, Catalog.version(version, precedes: bundled) {
            StandardStreams.error(
                "Note: this release bundles catalog \(bundled), newer than the imported \(version.prefix(40)): "
                    + "'fieldcase-central catalog export' shows the imported one; merge the two and import it\n")
        }
        return imported
    }

    func run() async throws {
        var logger = Logger(label: "fieldcase-central")
        logger.logLevel =
            ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        let catalogJSON = try await servedCatalog()
        let rules: GatewayRules
        do {
            rules = GatewayRules(
                catalog: try catalogJSON.map { try Catalog(json: $0) } ?? Catalog.embedded(),
                clockAllowanceSeconds: clockAllowanceHours * 3600)
        } catch {
            throw CommandFailure(
                "the catalog \(catalog ?? "imported") is not a valid catalog: \(error)", exitCode: Exit.dataError)
        }
        let tls = try tlsConfiguration()
        var limits = GatewayLimits()
        limits.bodyTimeout = .seconds(bodyTimeoutSeconds)
        limits.eventsPerDevicePerDay = quotaEventsPerDay
        limits.bytesPerDevice = quotaMegabytes * 1_048_576
        limits.authFailuresPerMinute = authFailuresPerMinute
        limits.concurrentPushes = concurrentPushes
        limits.connectionsPerAddress = connectionsPerAddress
        limits.behindProxy = behindProxy
        limits.trustedProxies.formUnion(trustedProxy)
        let scheme = tls == nil ? "http" : "https"
        let repository = try await database.open(rules: rules, create: .always)
        // Before this release, a gateway counted on the days its catalog listed and nothing else.
        let countedBefore =
            try catalogJSON.map(WorkCalendar.listed(inCatalog:)) ?? rules.catalog.calendar.countedBefore2026
        let recounted = try await repository.adoptCalendar(now: .now(), countedBefore: countedBefore)
        if recounted > 0 {
            print(
                "due dates of \(recounted) open dossier\(recounted == 1 ? "" : "s") counted again on the calendar of "
                    + "catalog \(rules.catalog.version); their desks take them at their next sync")
        }
        let vault = try pages.vault(beside: database)
        do {
            try vault.mark(try await repository.pagesIdentity())
        } catch {
            throw CommandFailure(
                "cannot write to the pages folder \(vault.directory.path): \(error.localizedDescription)",
                exitCode: Exit.cannotCreate)
        }
        let app = try buildApplication(
            repository: repository, host: host, port: port, logger: logger,
            catalogJSON: catalogJSON, limits: limits, tls: tls, pages: vault
        ) { bound in
            print("fieldcase-central listening on \(scheme)://\(host):\(bound)")
            fflush(nil)
        }
        do {
            try await app.runService()
        } catch let error as IOError {
            throw listenFailure(error)
        }
    }

    /// Why the address could not be taken, in one line an operator can act on.
    func listenFailure(_ error: IOError) -> any Error {
        switch error.errnoCode {
        case EADDRINUSE:
            CommandFailure(
                "port \(port) on \(host) is in use (another fieldcase-central, or another service): stop it or "
                    + "choose --port", exitCode: Exit.unavailable)
        case EACCES:
            CommandFailure(
                "port \(port) needs privileges this user lacks: use a port above 1023 behind a proxy",
                exitCode: Exit.noPermission)
        case EADDRNOTAVAIL:
            CommandFailure("\(host) is not an address of this machine: check --host", exitCode: Exit.config)
        default:
            CommandFailure("cannot listen on \(host):\(port) (errno \(error.errnoCode))", exitCode: Exit.osError)
        }
    }

    /// The server's certificate and key, TLS 1.2 at least; nil without `--tls-cert`.
    func tlsConfiguration() throws -> TLSConfiguration? {
        guard let tlsCert, let tlsKey else { return nil }
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(tlsCert)
            guard !chain.isEmpty else {
                throw CommandFailure("\(tlsCert) holds no certificate", exitCode: Exit.dataError)
            }
            let key = try NIOSSLPrivateKey(file: tlsKey, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            // TLS 1.2 with forward secrecy and AEAD only (TLS 1.3's suites are all such).
            configuration.cipherSuites = "ECDHE+AESGCM:ECDHE+CHACHA20"
            return configuration
        } catch let error as ValidationError {
            throw error
        } catch {
            throw CommandFailure(
                "cannot read the PEM certificate \(tlsCert) or key \(tlsKey)", exitCode: Exit.noInput)
        }
    }
}
