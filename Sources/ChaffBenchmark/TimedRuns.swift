/// The durations of the timed runs of one measurement, after a warm-up run.
struct TimedRuns: Sendable {
    /// Seconds taken by each timed run, in run order.
    let seconds: [Double]

    /// Runs `body` once to warm up (caches, page faults, lazy initialisation),
    /// then `runs` times under a monotonic clock.
    ///
    /// - Parameters:
    ///   - runs: timed runs, at least 1.
    ///   - body: the work; its result is kept alive so the optimiser cannot drop it.
    static func measure<Result>(runs: Int, _ body: () throws -> Result) rethrows -> TimedRuns {
        blackHole(try body())
        let clock = ContinuousClock()
        var seconds: [Double] = []
        for _ in 0..<max(1, runs) {
            var result: Result?
            let elapsed = try clock.measure { result = try body() }
            blackHole(result)
            seconds.append(elapsed.seconds)
        }
        return TimedRuns(seconds: seconds)
    }

    /// Times several pieces of work in rounds: each round runs every body
    /// once, in order, so that a change in the machine's pace between
    /// rounds falls on all of them alike. Each body runs once to warm up first.
    ///
    /// - Returns: each body's runs, in the order of `bodies`; run *i* of every
    ///   one belongs to round *i*.
    static func interleaved<Result>(runs: Int, _ bodies: [() async -> Result]) async -> [TimedRuns] {
        for body in bodies { blackHole(await body()) }
        let clock = ContinuousClock()
        var seconds = [[Double]](repeating: [], count: bodies.count)
        for _ in 0..<max(1, runs) {
            for (index, body) in bodies.enumerated() {
                let start = clock.now
                let result = await body()
                seconds[index].append((clock.now - start).seconds)
                blackHole(result)
            }
        }
        return seconds.map(TimedRuns.init(seconds:))
    }

    /// The median run time in seconds (mean of the middle two for an even count).
    var median: Double {
        let sorted = seconds.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// The fastest run, in seconds.
    var fastest: Double { seconds.min() ?? 0 }

    /// The slowest run, in seconds.
    var slowest: Double { seconds.max() ?? 0 }
}

extension Duration {
    /// The duration in seconds.
    var seconds: Double {
        let (whole, attoseconds) = components
        return Double(whole) + Double(attoseconds) * 1e-18
    }
}

/// Keeps a value alive past the optimiser without costing anything measurable.
@inline(never)
func blackHole<T>(_ value: T) {
    withExtendedLifetime(value) {}
}
