import Chaff

/// Scoring throughput: one task, then several tasks sharing one scorer.
struct ScoringBenchmark {
    /// The scorer every task shares.
    let scorer: PageScorer
    /// The pages to score.
    let corpus: BenchmarkCorpus
    /// Timed runs per measurement.
    let runs: Int

    /// Scores every page in one task: MB/s of page text, lines/s and pages/s.
    func singleTask() -> [Measurement] {
        let pages = corpus.texts
        let lines = Self.score(pages, with: scorer)
        let timing = TimedRuns.measure(runs: runs) { Self.score(pages, with: scorer) }
        let megabytes = Double(corpus.textBytes) / 1e6
        return [
            .rate(group: "score", name: "score text, 1 task", unit: "MB/s", amount: megabytes, runs: timing,
                  note: "score(utf8:), \(pages.count) pages", target: .atLeast(50, "scoring plain text, one core (#5)")),
            .rate(group: "score", name: "score text, 1 task", unit: "lines/s", amount: Double(lines), runs: timing),
            .rate(group: "score", name: "score text, 1 task", unit: "pages/s", amount: Double(pages.count), runs: timing),
        ]
    }

    /// Scores the pages with 1, 2 and all active cores' worth of concurrent
    /// tasks sharing one scorer; task *t* of *k* takes pages *t*, *t*+*k*, ...
    ///
    /// The task counts take turns, one run of each per round, and a speed-up
    /// is the median over rounds of the 1-task time over the *k*-task time of
    /// the same round: measured one after the other, all 1-task runs could fall
    /// in a fast spell of the machine and all *k*-task runs in a slow one.
    func scaling(cores: Int) async -> [Measurement] {
        let pages = corpus.texts
        let megabytes = Double(corpus.textBytes) / 1e6
        let taskCounts = Array(Set([1, 2, cores])).sorted()
        let timings = await TimedRuns.interleaved(
            runs: runs, taskCounts.map { tasks in { await Self.score(pages, with: scorer, tasks: tasks) } })
        var results: [Measurement] = []
        for (tasks, timing) in zip(taskCounts, timings) {
            results.append(.rate(group: "scaling", name: "score text, \(tasks) task\(tasks == 1 ? "" : "s")", unit: "MB/s",
                                 amount: megabytes, runs: timing, note: "one shared PageScorer"))
            guard tasks > 1 else { continue }
            results.append(.ratio(
                group: "scaling", name: "speedup, \(tasks) vs 1 task", timings[0], over: timing,
                note: "\(cores) active cores; per round of runs",
                target: tasks == 2 ? .atLeast(1.8, "scoring on two cores against one (#5)") : nil))
        }
        return results
    }

    /// Scores each distinct page once, in order, without a cache and then
    /// through a fresh ``PageScorer/LineCache`` per run, in alternating rounds:
    /// what a task gains from lines repeated across the pages it scores.
    ///
    /// The corpus's own repeats only: cycling through its pages again would
    /// find every line cached.
    func lineCache() async -> [Measurement] {
        let pages = Array(corpus.texts.prefix(corpus.distinctTexts))
        let megabytes = Double(pages.reduce(0) { $0 + $1.count }) / 1e6
        let scorer = self.scorer
        let timings = await TimedRuns.interleaved(runs: runs, [
            { Self.score(pages, with: scorer) },
            {
                var cache = PageScorer.LineCache()
                return Self.score(pages, with: scorer, cache: &cache)
            },
        ])
        let repeated = Self.repeatedShare(of: pages)
        var filled = PageScorer.LineCache()
        _ = Self.score(pages, with: scorer, cache: &filled)
        return [
            .rate(group: "cache", name: "score text once, no cache", unit: "MB/s", amount: megabytes, runs: timings[0],
                  note: "each of \(pages.count) distinct pages once"),
            .rate(group: "cache", name: "score text once, line cache", unit: "MB/s", amount: megabytes, runs: timings[1],
                  note: "a fresh LineCache per run; \((100 * repeated).fixed(0))% of line bytes repeat a line before them; "
                    + "\(filled.count) lines cached in \((Double(filled.footprint) / 1e6).fixed(1)) MB"),
            .ratio(group: "cache", name: "speedup, line cache vs none", timings[0], over: timings[1], note: "per round of runs"),
        ]
    }

    /// Scores the pages with the shared scorer and with one that leaves
    /// blocks unexplained (`explainsBlocks: false`), in alternating rounds:
    /// what a block's reasons cost, and what a crawler that wants verdicts
    /// only gains.
    func withoutReasons() async -> [Measurement] {
        let pages = corpus.texts
        let megabytes = Double(corpus.textBytes) / 1e6
        let (scorer, bare) = (self.scorer, PageScorer(model: scorer.model, threshold: scorer.threshold, explainsBlocks: false))
        let timings = await TimedRuns.interleaved(runs: runs, [
            { Self.score(pages, with: scorer) }, { Self.score(pages, with: bare) },
        ])
        let blocks = pages.reduce(0) { $0 + scorer.score(utf8: $1).blocks.count }
        return [
            .rate(group: "reasons", name: "score text, reasons", unit: "MB/s", amount: megabytes, runs: timings[0],
                  note: "\(blocks) blocks explained"),
            .rate(group: "reasons", name: "score text, no reasons", unit: "MB/s", amount: megabytes, runs: timings[1],
                  note: "PageScorer(model:explainsBlocks: false)"),
            .ratio(group: "reasons", name: "speedup, no reasons vs reasons", timings[0], over: timings[1], note: "per round of runs"),
        ]
    }

    /// The share of the pages' non-empty line bytes that repeat a line of an
    /// earlier page or an earlier line of the same page.
    static func repeatedShare(of pages: [[UInt8]]) -> Double {
        var seen = Set<ArraySlice<UInt8>>()
        var (total, repeated) = (0, 0)
        for page in pages {
            for line in page.split(separator: 0x0A) {
                total += line.count
                if !seen.insert(line).inserted { repeated += line.count }
            }
        }
        return total == 0 ? 0 : Double(repeated) / Double(total)
    }

    /// Scores `pages` in order through `cache`; returns the number of lines reported.
    static func score(_ pages: [[UInt8]], with scorer: PageScorer, cache: inout PageScorer.LineCache) -> Int {
        var lines = 0
        for page in pages { lines += scorer.score(utf8: page, cache: &cache).lines.count }
        return lines
    }

    /// Scores `pages` in order; returns the number of lines reported.
    static func score(_ pages: [[UInt8]], with scorer: PageScorer) -> Int {
        var lines = 0
        for page in pages { lines += scorer.score(utf8: page).lines.count }
        return lines
    }

    /// Scores `pages` over `tasks` concurrent child tasks; returns the lines reported.
    static func score(_ pages: [[UInt8]], with scorer: PageScorer, tasks: Int) async -> Int {
        await withTaskGroup(of: Int.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    var lines = 0
                    for index in stride(from: task, to: pages.count, by: tasks) {
                        lines += scorer.score(utf8: pages[index]).lines.count
                    }
                    return lines
                }
            }
            return await group.reduce(0, +)
        }
    }
}
