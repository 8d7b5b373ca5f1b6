import Chaff

/// HTML scoring throughput in one task: decoding, reading the markup into
/// lines, then scoring, as `PageScorer.score(html:contentType:source:)` does
/// for a crawler.
struct HTMLScoringBenchmark {
    /// The scorer.
    let scorer: PageScorer
    /// The pages; ``BenchmarkCorpus/html`` is scored.
    let corpus: BenchmarkCorpus
    /// Timed runs.
    let runs: Int

    /// MB/s of raw HTML, lines/s (lines the reader produced) and pages/s.
    func singleTask() -> [Measurement] {
        let pages = corpus.html
        let lines = Self.score(pages, with: scorer)
        let timing = TimedRuns.measure(runs: runs) { Self.score(pages, with: scorer) }
        let megabytes = Double(corpus.htmlBytes) / 1e6
        let origin = "\(pages.count) pages (cycled through \(corpus.distinctHTML) distinct): \(corpus.htmlOrigin)"
        return [
            .rate(group: "html", name: "score HTML, 1 task", unit: "MB/s", amount: megabytes, runs: timing, note: origin),
            .rate(group: "html", name: "score HTML, 1 task", unit: "lines/s", amount: Double(lines), runs: timing),
            .rate(group: "html", name: "score HTML, 1 task", unit: "pages/s", amount: Double(pages.count), runs: timing),
        ]
    }

    /// Scores `pages` as HTML with no `Content-Type`; returns the lines reported.
    static func score(_ pages: [[UInt8]], with scorer: PageScorer) -> Int {
        var lines = 0
        for page in pages { lines += scorer.score(html: page, contentType: nil, source: "-").lines.count }
        return lines
    }
}
