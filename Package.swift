// swift-tools-version:5.9
import PackageDescription

let package = Package(
    name: "tinynet",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tinynet", targets: ["tinynet"]),
        .library(name: "TinyNet", targets: ["TinyNet"]),
        .library(name: "TinyNetIO", targets: ["TinyNetIO"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // C libraries behind system-library targets, found by pkg-config.
        .systemLibrary(
            name: "CBLAS", path: "Sources/CBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),

        // The engine: tensors, layers, losses, optimizers, training. No I/O.
        .target(
            name: "TinyNet", dependencies: ["CBLAS"],
            swiftSettings: [.unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release))]),
        // Files: CSV and gzip, TOML configs, safetensors checkpoints.
        .target(
            name: "TinyNetIO",
            dependencies: ["TinyNet", "CZlib", .product(name: "TOMLKit", package: "TOMLKit")]),
        // The thin command line.
        .executableTarget(
            name: "tinynet",
            dependencies: [
                "TinyNet", "TinyNetIO",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Test support: counts heap allocations (the training loop must make none).
        .target(name: "MallocCounter", path: "Tests/MallocCounter"),
        // Test support: one temporary directory per test process, removed at exit.
        .target(name: "TestScratch", path: "Tests/TestScratch"),
        .testTarget(name: "TinyNetTests", dependencies: ["TinyNet", "MallocCounter"]),
        // Fixtures are read by path (#filePath), not bundled as resources.
        .testTarget(name: "TinyNetIOTests", dependencies: ["TinyNetIO", "TinyNet", "TestScratch"], exclude: ["Fixtures"]),
        .testTarget(name: "tinynetCLITests", dependencies: ["TinyNetIO", "TestScratch"]),
    ]
)
