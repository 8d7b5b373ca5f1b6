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
                  note: "score(utf8:), \(pages.count) pages"),
            .rate(group: "score", name: "score text, 1 task", unit: "lines/s", amount: Double(lines), runs: timing),
            .rate(group: "score", name: "score text, 1 task", unit: "pages/s", amount: Double(pages.count), runs: timing),
        ]
    }

    /// Scores the pages with 1, 2 and all active cores' worth of concurrent
    /// tasks sharing one scorer; task *t* of *k* takes pages *t*, *t*+*k*, ...
    /// The speedup is the 1-task time over the *k*-task time, both measured here
    /// with the same task-group harness.
    func scaling(cores: Int) async -> [Measurement] {
        let pages = corpus.texts
        let megabytes = Double(corpus.textBytes) / 1e6
        var results: [Measurement] = []
        var oneTask: TimedRuns?
        for tasks in Array(Set([1, 2, cores])).sorted() {
            let timing = await TimedRuns.measure(runs: runs) { await Self.score(pages, with: scorer, tasks: tasks) }
            results.append(.rate(group: "scaling", name: "score text, \(tasks) task\(tasks == 1 ? "" : "s")", unit: "MB/s",
                                 amount: megabytes, runs: timing, note: "one shared PageScorer"))
            if let base = oneTask {
                results.append(Measurement(
                    group: "scaling", name: "speedup, \(tasks) vs 1 task", unit: "x", median: base.median / timing.median,
                    minimum: base.median / timing.slowest, maximum: base.median / timing.fastest, runs: timing.seconds.count,
                    note: "\(cores) active cores"))
            } else {
                oneTask = timing
            }
        }
        return results
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
