// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Chaff",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Chaff", targets: ["Chaff"]),
        .executable(name: "chaff", targets: ["chaff"]),
    ],
    targets: [
        // The system zlib, for `.jsonl.gz` training data and gzip WARC records.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // Everything a crawler embeds: text → features → model → scoring.
        .target(name: "Chaff", dependencies: ["CZlib"]),
        // The commands, as a library so tests can call them.
        .target(name: "ChaffCLI", dependencies: ["Chaff"]),
        .executableTarget(name: "chaff", dependencies: ["ChaffCLI"]),
        .executableTarget(name: "chaff-bench", dependencies: ["Chaff"], path: "Sources/ChaffBenchmark"),
        .executableTarget(name: "chaff-crawl", dependencies: ["Chaff"], path: "Sources/ChaffCrawler"),
        .testTarget(name: "ChaffTests", dependencies: ["Chaff"]),
        .testTarget(name: "ChaffCLITests", dependencies: ["ChaffCLI", "Chaff"]),
    ]
)
