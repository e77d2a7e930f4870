// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "fieldcase",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fieldcase", targets: ["fieldcase"]),
        .executable(name: "fieldcase-central", targets: ["fieldcase-central"]),
        .executable(name: "fieldcase-bench", targets: ["fieldcase-bench"]),
        .library(name: "FieldCaseCore", targets: ["FieldCaseCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        /// GNU readline from the system (libreadline-dev); the shell edits lines with it.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        /// The domain rules the desk and the gateway share: dossier codes, CCCD, lifecycle, due dates,
        /// the catalog and its calendar. No storage, no network.
        .target(
            name: "FieldCaseDomain",
            dependencies: ["FieldCaseWire"],
            // Compiled into the binary (no resource bundle beside it): an installed desk is one file.
            resources: [.embedInCode("Resources/catalog.json")]
        ),
        /// The desk's local store and its outbox over the domain rules: everything that must hold offline.
        .target(
            name: "FieldCaseCore",
            dependencies: [
                "FieldCaseRows",
                "FieldCaseDomain", "FieldCaseWire",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// The sync protocol's messages, shared by the desk and the gateway: Codable values, and the sealing
        /// of outbox payloads to the central system's public key (HPKE) that both sides must agree on.
        .target(
            name: "FieldCaseWire",
            dependencies: [
                "CZlib", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        /// zlib from the system (zlib1g-dev): outbox payloads are deflated against a preset dictionary, which
        /// compress-nio does not offer.
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        /// Sync carried by hand: the file format of a bundle (a push written to a USB stick) and of its reply,
        /// compressed, encrypted to the receiver (HPKE) and signed by the sender (Ed25519). The desk and the
        /// gateway both read and write it.
        .target(
            name: "FieldCaseBundle",
            dependencies: [
                "FieldCaseWire",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        /// The desk's side of sync: enrollment, push of the outbox, pull of changes.
        .target(
            name: "FieldCaseSync",
            dependencies: [
                "FieldCaseCore", "FieldCaseWire", "FieldCaseBundle",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        /// Stored rows read without traps, by the desk's store and the gateway's SQLite backend.
        .target(
            name: "FieldCaseRows",
            dependencies: ["FieldCaseDomain", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        /// What the desk's and the gateway's executables share: one command runner, exit codes, error lines,
        /// terminal-safe and JSON output.
        .target(
            name: "FieldCaseCommandLine",
            dependencies: ["FieldCaseDomain", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        /// The command tree shared by scripted use and the shell.
        .target(
            name: "FieldCaseCLI",
            dependencies: [
                "FieldCaseCore", "FieldCaseWire", "FieldCaseSync", "FieldCaseCommandLine", "FieldCaseRows",
                "FieldCaseBundle",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        /// The gateway's judgement, once: the storage protocol, the push planner, enrollment, reconcile, bundle
        /// import and the rules they judge with. No SQL, no HTTP.
        .target(
            name: "FieldCaseGateway",
            dependencies: [
                "FieldCaseDomain", "FieldCaseWire", "FieldCaseBundle",
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// The gateway's storage in one SQLite file: SQL only, behind `CentralStorage`.
        .target(
            name: "FieldCaseGatewaySQLite",
            dependencies: [
                "FieldCaseGateway", "FieldCaseDomain", "FieldCaseWire", "FieldCaseRows",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        /// The gateway's storage in PostgreSQL: SQL only, behind `CentralStorage`.
        .target(
            name: "FieldCaseGatewayPostgres",
            dependencies: [
                "FieldCaseGateway", "FieldCaseDomain", "FieldCaseWire",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The central gateway's edges: the HTTP API and the operator commands over the engine and a backend.
        .target(
            name: "FieldCaseCentral",
            dependencies: [
                "FieldCaseGateway", "FieldCaseGatewaySQLite", "FieldCaseGatewayPostgres",
                "FieldCaseDomain", "FieldCaseWire", "FieldCaseCommandLine", "FieldCaseRows", "FieldCaseBundle",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdHTTP2", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // The API's spec, served at /openapi.yaml (sync/openapi.yaml links here).
            resources: [.embedInCode("Resources/openapi.yaml")]
        ),
        .executableTarget(name: "fieldcase-central", dependencies: ["FieldCaseCentral", "FieldCaseCommandLine"]),
        /// The officer's interactive shell: readline, guided entry, drafts, completion.
        .target(
            name: "FieldCaseShell",
            dependencies: [
                "FieldCaseCLI", "FieldCaseCore", "CReadline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "fieldcase", dependencies: ["FieldCaseShell", "FieldCaseCLI"]),
        .testTarget(
            name: "FieldCaseCoreTests",
            dependencies: [
                "FieldCaseCore", "FieldCaseDomain", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        /// What the test suites and the benchmark share: a throwaway PostgreSQL cluster, a link proxy
        /// that plays a rural line, a seeded generator.
        .target(name: "FieldCaseHarness"),
        /// The benchmark's scenarios, each measured beside its baseline in the same run.
        .target(
            name: "FieldCaseBench",
            dependencies: [
                "FieldCaseCore", "FieldCaseWire", "FieldCaseSync", "FieldCaseCentral", "FieldCaseGateway",
                "FieldCaseGatewaySQLite", "FieldCaseGatewayPostgres", "FieldCaseHarness",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "fieldcase-bench", dependencies: ["FieldCaseBench"]),
        .testTarget(
            name: "FieldCaseCLITests",
            dependencies: [
                "FieldCaseCore", "FieldCaseSync", "FieldCaseHarness", "FieldCaseBundle", "FieldCaseCommandLine",
                "fieldcase",
                "fieldcase-central",
                "fieldcase-bench",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "FieldCaseWireTests",
            dependencies: ["FieldCaseWire", .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// In-process tests of the desk's command tree and shell: what they render and ask, without a terminal.
        .testTarget(
            name: "FieldCaseShellTests",
            dependencies: [
                "FieldCaseShell", "FieldCaseCLI", "FieldCaseCore", "FieldCaseWire", "FieldCaseGateway",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "FieldCaseDomainTests", dependencies: ["FieldCaseDomain", "FieldCaseWire"]
        ),
        .testTarget(
            name: "FieldCaseBundleTests",
            dependencies: ["FieldCaseBundle", "FieldCaseWire", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(
            name: "FieldCaseRowsTests",
            dependencies: ["FieldCaseRows", "FieldCaseDomain", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "FieldCaseCommandLineTests", dependencies: ["FieldCaseCommandLine", "FieldCaseHarness"]),
        .testTarget(name: "FieldCaseHarnessTests", dependencies: ["FieldCaseHarness"]),
        .testTarget(name: "FieldCaseBenchTests", dependencies: ["FieldCaseBench", "FieldCaseCore"]),
        /// The sync engine against the gateway's router in this process, over real HTTP on loopback.
        .testTarget(
            name: "FieldCaseSyncTests",
            dependencies: [
                "FieldCaseSync", "FieldCaseCore", "FieldCaseCentral", "FieldCaseGateway", "FieldCaseGatewaySQLite",
                "FieldCaseHarness", "FieldCaseWire", "FieldCaseDomain",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// What the gateway's test targets share: a fresh storage on either backend, events to push, tags.
        .target(
            name: "FieldCaseGatewayTesting",
            dependencies: [
                "FieldCaseGateway", "FieldCaseGatewaySQLite", "FieldCaseGatewayPostgres", "FieldCaseHarness",
                "FieldCaseDomain", "FieldCaseWire",
            ]
        ),
        /// The engine's conformance suite: every test runs on each backend and must see the same answers.
        .testTarget(
            name: "FieldCaseGatewayTests",
            dependencies: [
                "FieldCaseGateway", "FieldCaseGatewayTesting", "FieldCaseGatewaySQLite", "FieldCaseGatewayPostgres",
                "FieldCaseHarness", "FieldCaseBundle", "FieldCaseWire", "FieldCaseDomain",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .testTarget(
            name: "FieldCaseGatewaySQLiteTests",
            dependencies: ["FieldCaseGatewaySQLite", "FieldCaseGateway", "FieldCaseGatewayTesting"]
        ),
        .testTarget(
            name: "FieldCaseGatewayPostgresTests",
            dependencies: [
                "FieldCaseGatewayPostgres", "FieldCaseGateway", "FieldCaseGatewayTesting", "FieldCaseHarness",
            ]
        ),
        .testTarget(
            name: "FieldCaseCentralTests",
            dependencies: [
                "FieldCaseCommandLine",
                "FieldCaseCentral", "FieldCaseGateway", "FieldCaseGatewayTesting", "FieldCaseGatewaySQLite",
                "FieldCaseGatewayPostgres", "FieldCaseWire", "FieldCaseHarness",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
    ]
)
