// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "prov",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "prov", targets: ["prov"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Shims that only expose system libraries to Swift.
        .systemLibrary(
            name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto",
            providers: [.apt(["libssl-dev"])]),
        .target(
            name: "CCurl", path: "Sources/CCurl",
            linkerSettings: [.linkedLibrary("curl")]),

        // The language: syntax, values, evaluation, configuration, graphs.
        .target(name: "ResourceGraph", dependencies: ["COpenSSL"]),
        // The engine: state, plan, apply, destroy. Sees providers only through a protocol.
        .target(
            name: "Provisioner", dependencies: ["ResourceGraph", "CSQLite", "COpenSSL"],
            // Async functions run where they are called from unless marked @concurrent, so the
            // planner can be driven from the actor that owns it during apply.
            swiftSettings: [.enableUpcomingFeature("NonisolatedNonsendingByDefault")]),
        // AWS: credentials, signing, transport, protocols, resource types.
        .target(name: "Providers", dependencies: ["ResourceGraph", "Provisioner", "COpenSSL", "CCurl"]),
        // The command line.
        .executableTarget(
            name: "prov",
            dependencies: [
                "ResourceGraph", "Provisioner", "Providers",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Shared by the test targets: starts the AWS emulator and asks boto3 about its state.
        .target(name: "TestSupport", path: "Tests/TestSupport", exclude: ["moto_launcher.py", "aws_oracle.py", "fault_proxy.py"]),
        .testTarget(name: "ResourceGraphTests", dependencies: ["ResourceGraph"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ProvisionerTests", dependencies: ["Provisioner", "ResourceGraph"]),
        .testTarget(
            name: "ProvidersTests", dependencies: ["Providers", "Provisioner", "ResourceGraph", "TestSupport"],
            resources: [.copy("Fixtures")]),
        // End to end: runs the built `prov` binary against a local emulator.
        .testTarget(name: "provTests", dependencies: ["prov", "Providers", "Provisioner", "ResourceGraph", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
