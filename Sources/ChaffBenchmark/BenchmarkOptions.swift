import Foundation

/// The command line of `chaff-bench`.
struct BenchmarkOptions: Sendable {
    /// The measurement groups, in the order they run and print.
    static let groups = ["score", "scaling", "cache", "reasons", "html", "train", "merge", "load", "memory"]

    /// Timed runs per measurement (each after one warm-up run).
    var runs = 5
    /// Labeled pages (`.jsonl`) or a folder of `.txt`/`.html` pages; nil for the
    /// project's training pages.
    var corpusPath: String?
    /// Real HTML pages for the HTML measurement; nil to render the corpus as HTML.
    var htmlPath: String?
    /// The model file; nil for `Models/default.chaffmodel` of the checkout.
    var modelPath: String?
    /// How many MB (10^6 bytes) of page text the scoring corpus is repeated up to.
    var corpusMegabytes = 20.0
    /// Groups to run; empty for all.
    var only: Set<String> = []
    /// Print JSON instead of the table.
    var json = false
    /// Internal: run one memory probe in this process and print its JSON.
    var memoryProbe: MemoryProbe.Kind?

    static let usage = """
        USAGE: chaff-bench [--runs N] [--corpus PATH] [--html PATH] [--model FILE] [--corpus-mb MB] [--only NAME[,NAME...]] [--json]

        Measures Chaff's scoring and training throughput, scaling over cores, model
        load time and peak memory, and ends with a verdict ("met", or "missed" and
        by how much) on each speed and memory target the rows are held to, judged
        by their medians. Build it in release mode:
          swift build -c release --product chaff-bench && .build/release/chaff-bench

        OPTIONS:
          --runs N          Timed runs per measurement, after one warm-up run (default: 5).
          --corpus PATH     Labeled pages (.jsonl file or folder) or a folder of .txt/.html
                            pages (default: TrainingData/pages of the checkout).
          --html PATH       A folder of real .html pages for the HTML measurement
                            (default: the corpus pages rendered as simple HTML).
          --model FILE      The model (default: Models/default.chaffmodel of the checkout).
          --corpus-mb MB    Repeat the corpus pages up to this much page text (default: 20);
                            0 takes every page once.
          --only NAMES      Run only these groups: \(groups.joined(separator: ", ")).
          --json            Print one JSON object instead of the tables (a row with a
                            target carries it, and whether it is met).
          -h, --help        Show this help.
        """

    /// Parses arguments (without the program name).
    ///
    /// - Throws: ``UsageError`` naming the bad argument.
    static func parse(_ arguments: [String]) throws(UsageError) -> BenchmarkOptions {
        var options = BenchmarkOptions()
        var remaining = arguments[...]
        func value(for option: String) throws(UsageError) -> String {
            guard let next = remaining.popFirst() else { throw UsageError("Missing value for '\(option)'") }
            return next
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "-h", "--help":
                throw UsageError.help
            case "--runs":
                let text = try value(for: argument)
                guard let runs = Int(text), runs >= 1 else { throw UsageError("The value '\(text)' is invalid for '--runs'") }
                options.runs = runs
            case "--corpus":
                options.corpusPath = try value(for: argument)
            case "--html":
                options.htmlPath = try value(for: argument)
            case "--model":
                options.modelPath = try value(for: argument)
            case "--corpus-mb":
                let text = try value(for: argument)
                guard let megabytes = Double(text), megabytes >= 0, megabytes.isFinite else {
                    throw UsageError("The value '\(text)' is invalid for '--corpus-mb'")
                }
                options.corpusMegabytes = megabytes
            case "--only":
                for name in try value(for: argument).split(separator: ",").map(String.init) {
                    guard groups.contains(name) else {
                        throw UsageError("Unknown group '\(name)' for '--only' (one of \(groups.joined(separator: ", ")))")
                    }
                    options.only.insert(name)
                }
            case "--json":
                options.json = true
            case let probe where MemoryProbe.Kind(rawValue: probe) != nil:
                options.memoryProbe = MemoryProbe.Kind(rawValue: probe)
            default:
                throw UsageError("Unknown option '\(argument)'")
            }
        }
        return options
    }

    /// Whether a group was selected.
    func runs(_ group: String) -> Bool { only.isEmpty || only.contains(group) }

    /// The checkout this binary was built in: found by walking up from the
    /// executable to the folder holding `Package.swift`, else the current folder.
    static var checkout: URL {
        var folder = URL(fileURLWithPath: CommandLine.executablePath).deletingLastPathComponent()
        while folder.path != "/" {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) { return folder }
            folder.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }

    /// The model file to use.
    var modelURL: URL {
        modelPath.map { URL(fileURLWithPath: $0) }
            ?? Self.checkout.appendingPathComponent("Models/default.chaffmodel")
    }

    /// The corpus to read.
    var corpusURL: URL {
        corpusPath.map { URL(fileURLWithPath: $0) }
            ?? Self.checkout.appendingPathComponent("TrainingData/pages")
    }

    /// The arguments that make a memory-probe subprocess see the same inputs.
    var probeArguments: [String] {
        var arguments = ["--corpus", corpusURL.path, "--model", modelURL.path, "--corpus-mb", String(corpusMegabytes)]
        if let htmlPath { arguments += ["--html", htmlPath] }
        return arguments
    }
}

/// A bad command line: printed with the usage line, exit status 64.
struct UsageError: Error {
    /// What was wrong, or nil when help was asked for.
    let message: String?

    init(_ message: String) { self.message = message }
    private init() { message = nil }

    /// `--help` was given.
    static let help = UsageError()
}

extension CommandLine {
    /// The path of the running executable (`/proc/self/exe` on Linux, so a
    /// subprocess runs the very same binary however it was started).
    static var executablePath: String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        return URL(fileURLWithPath: arguments[0]).standardizedFileURL.path
    }
}
