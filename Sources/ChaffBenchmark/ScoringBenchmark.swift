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
            let speedups = zip(timings[0].seconds, timing.seconds).map { $0 / $1 }.sorted()
            results.append(Measurement(
                group: "scaling", name: "speedup, \(tasks) vs 1 task", unit: "x", median: TimedRuns(seconds: speedups).median,
                minimum: speedups.first ?? 0, maximum: speedups.last ?? 0, runs: speedups.count,
                note: "\(cores) active cores; per round of runs"))
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
