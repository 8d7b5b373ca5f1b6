import Chaff
import Foundation

/// Peak memory of scoring, measured in a fresh subprocess of this binary per
/// probe so that one probe's peak (or the parent's corpus and timings) cannot
/// mix into another's.
///
/// Each probe loads its input, then the model, records the resident size,
/// resets the kernel's peak (`/proc/self/clear_refs`), scores, and reports the
/// peak resident size minus the size after loading: the memory scoring itself
/// needs on top of the model.
struct MemoryProbe {
    /// What a probe scores.
    enum Kind: String, Sendable {
        /// Every corpus page, one after another, reports dropped (a crawler's stream).
        case stream = "--memory-stream"
        /// The same stream through one ``PageScorer/LineCache`` of the default size.
        case streamCached = "--memory-stream-cached"
        /// The stream three times over, every line made distinct (a running
        /// number appended), through one default ``PageScorer/LineCache``:
        /// a crawl that never repeats a line, which fills the cache again and again.
        case streamCachedDistinct = "--memory-stream-cached-distinct"
        /// One page of a single 100 MB line, given as a `String` line.
        case hugeLine = "--memory-huge-line"
        /// The same line given as UTF-8 bytes, which the line scanner cuts at 1 MiB.
        case hugeLineUTF8 = "--memory-huge-line-utf8"
    }

    /// Bytes of the single line of the huge-line probe.
    static let hugeLineBytes = 100_000_000

    /// Runs inside the subprocess: measures and prints one JSON object.
    static func run(_ kind: Kind, options: BenchmarkOptions) throws {
        let before = ProcessMemory.resident ?? 0
        var corpus: BenchmarkCorpus?
        var hugeLine = ""
        var hugeBytes: [UInt8] = []
        switch kind {
        case .stream, .streamCached, .streamCachedDistinct:
            corpus = try BenchmarkCorpus(
                url: options.corpusURL, htmlURL: nil, trainingFallback: options.corpusURL, megabytes: options.corpusMegabytes)
        case .hugeLine, .hugeLineUTF8:
            // Mixed Han, Latin, digits and separators, like a keyword block that never ends.
            let segment = "亚洲无码视频在线观看 | casino bonus 777 free spins | 澳门新葡京官网2024 | "
            hugeLine = String(repeating: segment, count: hugeLineBytes / segment.utf8.count)
            if kind == .hugeLineUTF8 { hugeBytes = Array(hugeLine.utf8); hugeLine = "" }
        }
        var texts = corpus?.texts ?? []
        if kind == .streamCachedDistinct { texts = Self.distinctLines(texts, passes: 3) }
        let inputLoaded = ProcessMemory.resident ?? 0
        let model = try ModelFile.read(options.modelURL)
        let scorer = PageScorer(model: model)
        let modelLoaded = ProcessMemory.resident ?? 0
        let reset = ProcessMemory.resetPeak()
        let clock = ContinuousClock()
        let start = clock.now
        var lines = 0
        var largestCache = 0
        switch kind {
        case .stream:
            for page in texts { lines += scorer.score(utf8: page).lines.count }
        case .streamCached, .streamCachedDistinct:
            var cache = PageScorer.LineCache()
            for page in texts {
                lines += scorer.score(utf8: page, cache: &cache).lines.count
                largestCache = max(largestCache, cache.footprint)
            }
        case .hugeLine:
            lines = scorer.score(lines: [hugeLine]).lines.count
        case .hugeLineUTF8:
            lines = scorer.score(utf8: hugeBytes).lines.count
        }
        let seconds = (clock.now - start).seconds
        let peak = ProcessMemory.peakResident ?? 0
        let result: [String: Any] = [
            "rssStart": before, "rssInputLoaded": inputLoaded, "rssModelLoaded": modelLoaded,
            "peak": peak, "peakReset": reset, "seconds": seconds, "lines": lines,
            "inputBytes": corpus == nil ? hugeLine.utf8.count + hugeBytes.count : texts.reduce(0) { $0 + $1.count },
            "pages": corpus == nil ? 1 : texts.count, "largestCache": largestCache,
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
        withExtendedLifetime((hugeLine, hugeBytes, texts)) {}
    }

    /// `pages` `passes` times over, with a running number appended to every
    /// non-empty line, so that no line repeats.
    static func distinctLines(_ pages: [[UInt8]], passes: Int) -> [[UInt8]] {
        var number = 0
        var result: [[UInt8]] = []
        result.reserveCapacity(pages.count * passes)
        for _ in 0..<passes {
            for page in pages {
                var distinct: [UInt8] = []
                distinct.reserveCapacity(page.count + page.count / 8)
                for line in page.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    if !distinct.isEmpty { distinct.append(0x0A) }
                    distinct.append(contentsOf: line)
                    guard !line.isEmpty else { continue }
                    number += 1
                    distinct.append(contentsOf: " \(number)".utf8)
                }
                result.append(distinct)
            }
        }
        return result
    }

    /// Runs in the parent: starts the subprocess and turns its report into rows.
    static func measure(_ kind: Kind, options: BenchmarkOptions, modelFileBytes: Int) throws -> [Measurement] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.executablePath)
        process.arguments = [kind.rawValue] + options.probeArguments
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0,
              let report = try JSONSerialization.jsonObject(with: data) as? [String: Any],
              let modelLoaded = report["rssModelLoaded"] as? Int, let inputLoaded = report["rssInputLoaded"] as? Int,
              let peak = report["peak"] as? Int, let seconds = report["seconds"] as? Double
        else {
            throw BenchmarkError.probeFailed(kind: kind.rawValue, reason: "exit status \(process.terminationStatus)")
        }
        let reset = report["peakReset"] as? Bool ?? false
        let resetNote = reset ? "" : "; peak could not be reset, includes loading"
        let megabyte = 1e6
        let modelSize = Double(modelFileBytes) / megabyte
        let cacheLimit = Double(PageScorer.LineCache.defaultByteLimit) / megabyte
        // Issue #5: scoring stays under the model's size plus 32 MB in all, so
        // what scoring adds may take that less what the loaded model takes.
        let modelResident = Double(modelLoaded - inputLoaded) / megabyte
        func budget(_ label: String) -> Target { .atMost(modelSize + 32 - modelResident, label) }
        switch kind {
        case .stream:
            let input = Double(report["inputBytes"] as? Int ?? 0) / megabyte
            let pages = report["pages"] as? Int ?? 0
            return [
                .single(group: "memory", name: "RSS added by model load", unit: "MB", value: modelResident,
                        note: "model file \(modelSize.fixed(1)) MB"),
                .single(group: "memory", name: "peak RSS − RSS after load, page stream", unit: "MB",
                        value: Double(peak - modelLoaded) / megabyte,
                        note: "\(pages) pages, \(input.fixed(1)) MB, in \(seconds.fixed(1)) s\(resetNote)",
                        target: budget("a page stream within the model's size + 32 MB (#5)")),
            ]
        case .streamCached:
            return [
                .single(group: "memory", name: "peak RSS − RSS after load, page stream, line cache", unit: "MB",
                        value: Double(peak - modelLoaded) / megabyte,
                        note: "the same pages through a LineCache of \(cacheLimit.fixed(1)) MB, in \(seconds.fixed(1)) s\(resetNote)",
                        target: budget("a page stream through a line cache, the same budget (#5)")),
            ]
        case .streamCachedDistinct:
            let input = Double(report["inputBytes"] as? Int ?? 0) / megabyte
            let largest = Double(report["largestCache"] as? Int ?? 0) / megabyte
            return [
                .single(group: "memory", name: "peak RSS − RSS after load, distinct lines, line cache", unit: "MB",
                        value: Double(peak - modelLoaded) / megabyte,
                        note: "the pages 3 times, no line repeated (\(input.fixed(1)) MB), through a LineCache of \(cacheLimit.fixed(1)) MB (fullest: \(largest.fixed(1)) MB), in \(seconds.fixed(1)) s\(resetNote)",
                        target: budget("a full line cache, the same budget (#5)")),
            ]
        case .hugeLine, .hugeLineUTF8:
            let call = kind == .hugeLine ? "score(lines:) of one String line" : "score(utf8:) of the line's bytes"
            return [
                .single(group: "memory", name: "peak RSS − RSS after load, 100 MB line, \(kind == .hugeLine ? "String" : "UTF-8")", unit: "MB",
                        value: Double(peak - modelLoaded) / megabyte,
                        note: "\(call), \(seconds.fixed(2)) s\(resetNote)",
                        target: budget("a 100 MB line (\(kind == .hugeLine ? "String" : "UTF-8")), the same budget (#5)")),
            ]
        }
    }
}
