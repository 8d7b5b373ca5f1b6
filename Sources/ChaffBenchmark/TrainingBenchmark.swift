import Chaff
import Foundation

/// Training throughput on one core, and the cost of merging shard trainers.
struct TrainingBenchmark {
    /// The labeled pages.
    let corpus: BenchmarkCorpus
    /// Timed runs.
    let runs: Int
    /// Shards for the merge measurement.
    let shards = 4

    /// Adding every page to one trainer (MB/s of labeled text, lines/s), then
    /// ``ModelTrainer/finish()`` (weights, lexicon and calibration). A trainer
    /// counts the keys of lines it caches when it finishes, so training's
    /// whole cost is the two together.
    func training() -> [Measurement] {
        let pages = corpus.labeled
        let add = TimedRuns.measure(runs: runs) { Self.train(pages) }
        let trainer = Self.train(pages)
        let finish = TimedRuns.measure(runs: runs) { trainer.finish() }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let addParallel = TimedRuns.measure(runs: runs) { () -> ModelTrainer in
            var trainer = ModelTrainer(configuration: .standard)
            trainer.add(pages, jobs: cores)
            return trainer
        }
        return [
            .rate(group: "train", name: "train: add pages, 1 core", unit: "MB/s", amount: Double(corpus.labeledBytes) / 1e6,
                  runs: add, note: "\(pages.count) labeled pages", target: .atLeast(20, "training, one core (#5)")),
            .rate(group: "train", name: "train: add pages, 1 core", unit: "lines/s", amount: Double(corpus.labeledLines), runs: add),
            .rate(group: "train", name: "train: add pages, \(cores) jobs", unit: "MB/s", amount: Double(corpus.labeledBytes) / 1e6,
                  runs: addParallel, note: "add(_:jobs:): shard trainers, merged"),
            .time(group: "train", name: "train: finish → model", unit: "s", scale: 1, runs: finish,
                  note: "cached lines' counts, weights, lexicon, calibration"),
        ]
    }

    /// Merging shard trainers (page *i* in shard *i* mod 4) into an empty
    /// trainer, and merging plus finishing; checks that the merged model's
    /// bytes equal the single-pass model's.
    func merging() throws -> [Measurement] {
        let pages = corpus.labeled
        let shardTrainers = (0..<shards).map { shard in
            Self.train(stride(from: shard, to: pages.count, by: shards).map { pages[$0] })
        }
        let merge = TimedRuns.measure(runs: runs) { Self.merge(shardTrainers) }
        let mergeAndFinish = TimedRuns.measure(runs: runs) { Self.merge(shardTrainers).finish() }
        let identical = try ModelFile.encode(Self.merge(shardTrainers).finish()) == ModelFile.encode(Self.train(pages).finish())
        return [
            .time(group: "merge", name: "merge \(shards) shard trainers", unit: "ms", scale: 1000, runs: merge),
            .time(group: "merge", name: "merge \(shards) shards + finish → model", unit: "s", scale: 1, runs: mergeAndFinish,
                  note: identical ? "byte-identical to the single-pass model" : "DIFFERS from the single-pass model"),
        ]
    }

    static func train(_ pages: [LabeledPage]) -> ModelTrainer {
        var trainer = ModelTrainer(configuration: .standard)
        for page in pages { trainer.add(page) }
        return trainer
    }

    static func merge(_ shards: [ModelTrainer]) -> ModelTrainer {
        var merged = ModelTrainer(configuration: .standard)
        for shard in shards { merged.merge(shard) }
        return merged
    }
}
