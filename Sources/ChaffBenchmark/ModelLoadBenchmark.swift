import Chaff
import Foundation

/// How long a crawler waits at start-up for its model and scorer, and how big the file is.
struct ModelLoadBenchmark {
    /// The model file.
    let url: URL
    /// Timed loads: many, since one load takes milliseconds.
    let runs: Int

    func measurements() throws -> [Measurement] {
        let model = try ModelFile.read(url)
        let timing = TimedRuns.measure(runs: runs) { try? ModelFile.read(url) }
        let scorerTiming = TimedRuns.measure(runs: runs) { PageScorer(model: model) }
        return [
            .time(group: "load", name: "model load (ModelFile.read)", unit: "ms", scale: 1000, runs: timing,
                  note: "checks the CRC-32 of the sections scoring reads", target: .atMost(20, "loading the model (#5)")),
            .time(group: "load", name: "scorer (PageScorer(model:))", unit: "ms", scale: 1000, runs: scorerTiming,
                  note: "copies the weight table into cache-line buckets"),
            .single(group: "load", name: "model file size", unit: "MB", value: Double(try Self.fileSize(url)) / 1e6,
                    note: url.lastPathComponent),
        ]
    }

    /// The size of a file in bytes.
    static func fileSize(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? NSNumber)?.intValue ?? 0
    }
}
