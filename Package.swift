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
        // Hints Swift has no words for: a prefetch for the weight look-ups,
        // huge pages for training's big arrays (madvise), and SSE2 for the
        // normaliser's runs of plain ASCII words, for finding line ends and
        // for tallying a line's weights.
        .target(name: "CChaffSupport"),
        // Everything a crawler embeds: text → features → model → scoring.
        .target(name: "Chaff", dependencies: ["CZlib", "CChaffSupport"]),
        // The commands, as a library so tests can call them.
        .target(name: "ChaffCLI", dependencies: ["Chaff"]),
        .executableTarget(name: "chaff", dependencies: ["ChaffCLI"]),
        // Release-mode benchmarks (`swift run -c release chaff-bench`); not a test.
        .executableTarget(name: "chaff-bench", dependencies: ["Chaff"], path: "Sources/ChaffBenchmark"),
        // An example crawler that embeds the library (`docs/crawler.md`).
        .executableTarget(name: "chaff-crawl", dependencies: ["Chaff"], path: "Sources/ChaffCrawler"),
        // Coverage-guided fuzzing of the readers of hostile input
        // (`Scripts/fuzz` links libFuzzer and AddressSanitizer); a plain
        // build replays saved inputs. Its C part finds libFuzzer's driver.
        .target(name: "CChaffFuzz"),
        .executableTarget(name: "chaff-fuzz", dependencies: ["Chaff", "CChaffFuzz"], path: "Sources/ChaffFuzz"),
        // Helpers shared by the test targets (a WARC writer).
        .target(name: "ChaffTestSupport", dependencies: ["CZlib"], path: "Tests/ChaffTestSupport"),
        // Golden reports are read from the source tree, not bundled.
        .testTarget(name: "ChaffTests", dependencies: ["Chaff", "ChaffTestSupport"], exclude: ["Golden"]),
        .testTarget(name: "ChaffCLITests", dependencies: ["ChaffCLI", "Chaff", "ChaffTestSupport"]),
        // The benchmark's own logic (its verdicts on the targets), not its timings.
        .testTarget(name: "ChaffBenchmarkTests", dependencies: ["chaff-bench"]),
    ]
)
