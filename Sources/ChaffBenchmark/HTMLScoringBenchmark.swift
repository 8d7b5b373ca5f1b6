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
    func singleTask() async -> [Measurement] {
        let pages = corpus.html
        let lines = Self.score(pages, with: scorer)
        let timing = TimedRuns.measure(runs: runs) { Self.score(pages, with: scorer) }
        let megabytes = Double(corpus.htmlBytes) / 1e6
        let origin = "\(pages.count) pages (cycled through \(corpus.distinctHTML) distinct): \(corpus.htmlOrigin)"
        // The same work split in two: reading (charset, markup → lines) alone,
        // then scoring the extracted lines alone, to compare HTML reading with
        // feature extraction and scoring of the same pages (issue #4: reading
        // should take no longer). The two alternate run by run, so that load
        // from other work on a shared machine falls on both alike.
        let documents = pages.map { HTMLDocument(bytes: $0) }
        let split = await TimedRuns.interleaved(runs: runs, [{ Self.read(pages) }, { Self.score(documents, with: scorer) }])
        return [
            .rate(group: "html", name: "score HTML, 1 task", unit: "MB/s", amount: megabytes, runs: timing, note: origin),
            .rate(group: "html", name: "score HTML, 1 task", unit: "lines/s", amount: Double(lines), runs: timing),
            .rate(group: "html", name: "score HTML, 1 task", unit: "pages/s", amount: Double(pages.count), runs: timing),
            .rate(group: "html", name: "HTML reading only", unit: "MB/s", amount: megabytes, runs: split[0],
                  note: "decode + HTMLReader + markup, same pages"),
            .rate(group: "html", name: "scoring the extracted lines only", unit: "MB/s", amount: megabytes, runs: split[1],
                  note: "features + model + blocks, same pages (MB of HTML)"),
            .ratio(group: "html", name: "reading time ÷ scoring time", split[0], over: split[1],
                   note: "per pair of runs", target: .atMost(1, "reading HTML no slower than scoring its lines (#4)")),
        ]
    }

    /// Scores already read documents; returns the lines reported.
    static func score(_ documents: [HTMLDocument], with scorer: PageScorer) -> Int {
        var lines = 0
        for document in documents { lines += scorer.score(document: document, source: "-").lines.count }
        return lines
    }

    /// Reads `pages` into documents; returns the lines read.
    static func read(_ pages: [[UInt8]]) -> Int {
        var count = 0
        for page in pages { count += HTMLDocument(bytes: page).lines.count }
        return count
    }

    /// Scores `pages` as HTML with no `Content-Type`; returns the lines reported.
    static func score(_ pages: [[UInt8]], with scorer: PageScorer) -> Int {
        var lines = 0
        for page in pages { lines += scorer.score(html: page, contentType: nil, source: "-").lines.count }
        return lines
    }
}
