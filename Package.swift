// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "fieldcase",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "fieldcase", targets: ["fieldcase"]),
        .library(name: "FieldCaseCore", targets: ["FieldCaseCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
    ],
    targets: [
        /// GNU readline from the system (libreadline-dev); the shell edits lines with it.
        .systemLibrary(name: "CReadline", providers: [.apt(["libreadline-dev"])]),
        /// Domain rules, the local store and its outbox: everything that must hold offline.
        .target(
            name: "FieldCaseCore",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources/catalog.json")]
        ),
        /// The command tree shared by scripted use and the shell.
        .target(
            name: "FieldCaseCLI",
            dependencies: [
                "FieldCaseCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
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
            dependencies: ["FieldCaseCore", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(
            name: "FieldCaseCLITests",
            dependencies: ["FieldCaseCore", "fieldcase", .product(name: "GRDB", package: "GRDB.swift")]
        ),
    ]
)
