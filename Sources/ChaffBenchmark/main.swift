// chaff-bench: Chaff's performance harness. A separate release-mode executable,
// like swift-nio's NIOPerformanceTester: every measurement is one warm-up run and
// then timed runs; a debug build refuses to report anything.
import Chaff
import Foundation

func standardError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}

let options: BenchmarkOptions
do {
    options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst()))
} catch {
    if let message = error.message {
        standardError("Error: \(message)\nUsage: chaff-bench [--runs N] [--corpus PATH] [--html PATH] [--model FILE] [--corpus-mb MB] [--only NAME[,NAME...]] [--json]\n  See 'chaff-bench --help' for more information.")
        exit(64)
    }
    print(BenchmarkOptions.usage)
    exit(0)
}

guard !BuildMode.isDebug else {
    standardError("chaff-bench: refusing to measure a debug build; build with `swift build -c release` and run .build/release/chaff-bench")
    exit(1)
}

do {
    if let probe = options.memoryProbe {
        try MemoryProbe.run(probe, options: options)
        exit(0)
    }

    standardError("loading corpus and model…")
    let corpus = try BenchmarkCorpus(
        url: options.corpusURL, htmlURL: options.htmlPath.map { URL(fileURLWithPath: $0) },
        trainingFallback: BenchmarkOptions.checkout.appendingPathComponent("TrainingData/pages"),
        megabytes: options.corpusMegabytes)
    let modelBytes = try ModelLoadBenchmark.fileSize(options.modelURL)
    let scorer = PageScorer(model: try ModelFile.read(options.modelURL))
    let cores = MachineDescription.cores

    var table = ResultTable(context: [
        ("date", ISO8601DateFormatter().string(from: Date())),
        ("machine", "\(cores) active cores, \(MachineDescription.cpuModel), \(MachineDescription.memoryGigabytes.fixed(1)) GB memory"),
        ("build", "release"),
        ("corpus", "\(options.corpusURL.path): \(corpus.texts.count) pages (cycled through \(corpus.distinctTexts) distinct), "
            + "\((Double(corpus.textBytes) / 1e6).fixed(1)) MB of page text"),
        ("training pages", "\(corpus.labeled.count) pages, \(corpus.labeledLines) lines, \((Double(corpus.labeledBytes) / 1e6).fixed(1)) MB"),
        ("model", "\(options.modelURL.path) (\((Double(modelBytes) / 1e6).fixed(1)) MB)"),
        ("runs", "1 warm-up + \(options.runs) timed runs per measurement; MB = 10^6 bytes"),
    ], measurements: [])

    var steal = StealTimeLog()
    func run(_ group: String, _ body: () async throws -> [Measurement]) async throws {
        guard options.runs(group) else { return }
        standardError("measuring \(group)…")
        let before = ProcessorTimes.now()
        table.measurements += try await body()
        steal.record(group, from: before, to: ProcessorTimes.now())
    }
    let scoring = ScoringBenchmark(scorer: scorer, corpus: corpus, runs: options.runs)
    try await run("score") { scoring.singleTask() }
    try await run("scaling") { await scoring.scaling(cores: cores) }
    try await run("cache") { await scoring.lineCache() }
    try await run("reasons") { await scoring.withoutReasons() }
    try await run("html") { await HTMLScoringBenchmark(scorer: scorer, corpus: corpus, runs: options.runs).singleTask() }
    let training = TrainingBenchmark(corpus: corpus, runs: options.runs)
    try await run("train") { training.training() }
    try await run("merge") { try training.merging() }
    try await run("load") { try ModelLoadBenchmark(url: options.modelURL, runs: max(20, 4 * options.runs)).measurements() }
    try await run("memory") {
        try MemoryProbe.measure(.stream, options: options, modelFileBytes: modelBytes)
            + MemoryProbe.measure(.streamCached, options: options, modelFileBytes: modelBytes)
            + MemoryProbe.measure(.streamCachedDistinct, options: options, modelFileBytes: modelBytes)
            + MemoryProbe.measure(.hugeLine, options: options, modelFileBytes: modelBytes)
            + MemoryProbe.measure(.hugeLineUTF8, options: options, modelFileBytes: modelBytes)
    }
    // After the machine: how much of it this run had.
    table.context.insert(("steal time", steal.summary()), at: 2)
    print(options.json ? try table.json() : table.text(), terminator: options.json ? "\n" : "")
} catch {
    standardError("chaff-bench: \(error)")
    exit(1)
}
