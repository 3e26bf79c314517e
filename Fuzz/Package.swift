// swift-tools-version:5.9
// Fuzz targets for tinynet's untrusted-input readers, kept out of the main package
// (they link against libFuzzer, which only -sanitize=fuzzer provides, so they would
// break a plain `swift build` or `swift test` of the main package).
// Built and run by `make fuzz` with `swift build -c debug -Xswiftc -sanitize=fuzzer,address`.
import Foundation
import PackageDescription

/// SwiftPM names a path dependency after its directory (the checkout's name).
let mainPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "tinynet-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzCheckpoint",
            dependencies: [
                .product(name: "TinyNetIO", package: mainPackage),
                .product(name: "TinyNet", package: mainPackage),
                "CLibFuzzer",
            ]),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [.product(name: "TinyNetIO", package: mainPackage), "CLibFuzzer"]),
        // Declares LLVMFuzzerRunDriver (no library to link: -sanitize=fuzzer links it).
        .systemLibrary(name: "CLibFuzzer", path: "Sources/CLibFuzzer"),
    ]
)
