// swift-tools-version:6.1
import PackageDescription

// Layers: commands → Services → ports (Services/Ports, repository protocols in PatchbayCore) ← Adapters, CMDB.
// Services never import SQL, WSUS, SMTP or ssh; CMDB never imports the terminal.
let package = Package(
    name: "patchbay",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "patchbay", targets: ["patchbay"]),
        .executable(name: "wsus-sim", targets: ["wsus-sim"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit.git", from: "2.17.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        .target(name: "CSignals"),
        .target(name: "PatchbayCore", dependencies: ["CSignals"]),
        .target(
            name: "CMDB",
            dependencies: [
                "PatchbayCore",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .target(name: "WSUSWire", dependencies: ["PatchbayCore", "CLibXML2"]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "WSUS", dependencies: ["WSUSWire", "CCurl", "PatchbayCore"]),
        .target(
            name: "WSUSSimulator",
            dependencies: [
                "WSUSWire",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources")]
        ),
        .executableTarget(
            name: "wsus-sim",
            dependencies: [
                "WSUSSimulator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "PatchbayConfig",
            dependencies: [
                "PatchbayCore", "Console",
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .systemLibrary(name: "CCurses", path: "Sources/CCurses"),
        .target(name: "Console", dependencies: ["PatchbayCore"]),
        .target(name: "ConsoleTerminal", dependencies: ["Console", "CCurses", "PatchbayCore", "Themes"]),
        // The shipped colour themes live at the top of the repository; this target only carries them.
        .target(name: "Themes", path: "Themes",
                resources: [.copy("dark.yaml"), .copy("default.yaml"), .copy("high-contrast.yaml"), .copy("light.yaml"), .copy("mono.yaml")]),
        .target(name: "ConsoleHost", dependencies: ["Console", "PatchbayCore", "Services"]),
        .target(
            name: "SMTP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "Services",
            dependencies: [
                "PatchbayCore",
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            resources: [.copy("Resources")]
        ),
        // The concrete ends of the services' ports: WSUS over ApiRemoting30, mail over SMTP, agents over ssh.
        .target(name: "Adapters", dependencies: ["Services", "PatchbayCore", "WSUS", "WSUSWire", "SMTP"], resources: [.copy("Resources")]),
        .executableTarget(
            name: "patchbay",
            dependencies: [
                "PatchbayCore", "CMDB", "PatchbayConfig", "Services", "Adapters", "WSUS", "WSUSSimulator", "Console", "ConsoleTerminal", "ConsoleHost", "SMTP", "CSignals",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PatchbayCoreTests", dependencies: ["PatchbayCore"]),
        .testTarget(name: "ConsoleTests", dependencies: ["Console", "PatchbayCore"], exclude: ["Goldens"]),
        .testTarget(name: "CMDBTests", dependencies: ["CMDB", "PatchbayCore", "TestSupport"]),
        .testTarget(name: "PatchbayConfigTests", dependencies: ["PatchbayConfig", "Console", "ConsoleTerminal", "WSUSSimulator", "PatchbayCore", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "AdaptersTests", dependencies: ["Adapters", "Services", "PatchbayCore", "WSUSWire", "TestSupport"]),
        .testTarget(name: "ServicesTests", dependencies: ["Services", "CMDB", "PatchbayCore", "WSUSSimulator", "WSUSWire", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
        .target(name: "TestSupport", dependencies: ["PatchbayCore"], path: "Tests/TestSupport"),
        .testTarget(name: "SMTPTests", dependencies: ["SMTP", "TestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["Console", "PatchbayCore", "TestSupport"]),
        .testTarget(name: "WSUSWireTests", dependencies: ["WSUSWire"]),
        .testTarget(name: "WSUSSimulatorTests", dependencies: ["WSUSSimulator", "WSUSWire"]),
        .testTarget(name: "DiscoveryTests", dependencies: ["Adapters", "ConsoleHost", "Console", "Services", "CMDB", "WSUS", "WSUSSimulator", "WSUSWire", "PatchbayCore", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(name: "WSUSTests", dependencies: ["WSUS", "WSUSSimulator", "WSUSWire", "PatchbayCore", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
