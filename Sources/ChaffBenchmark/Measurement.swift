/// One row of the result table: a figure with its median, minimum and maximum
/// over the timed runs.
///
/// For rates (MB/s, lines/s) the minimum comes from the slowest run and the
/// maximum from the fastest; for times and sizes they are as measured.
struct Measurement: Sendable {
    /// The group the row belongs to, as `--only` names it (`score`, `scaling`, ...).
    var group: String
    /// What was measured.
    var name: String
    /// The unit of the three figures.
    var unit: String
    /// The median over the timed runs.
    var median: Double
    /// The lowest figure over the timed runs.
    var minimum: Double
    /// The highest figure over the timed runs.
    var maximum: Double
    /// Timed runs behind the figures (1 for single observations such as a peak).
    var runs: Int
    /// A short remark printed after the figures.
    var note: String = ""
    /// The target the median is judged against, if the row has one.
    var target: Target?

    /// A rate of `amount` units of work per second, from run times.
    static func rate(
        group: String, name: String, unit: String, amount: Double, runs: TimedRuns, note: String = "", target: Target? = nil
    ) -> Measurement {
        Measurement(
            group: group, name: name, unit: unit, median: amount / runs.median,
            minimum: amount / runs.slowest, maximum: amount / runs.fastest, runs: runs.seconds.count, note: note,
            target: target)
    }

    /// The ratio of two measurements' times, run by run (`numerator`'s run
    /// *i* over `denominator`'s run *i*, taken in the same round of
    /// alternating runs): median, lowest and highest of the ratios.
    static func ratio(
        group: String, name: String, _ numerator: TimedRuns, over denominator: TimedRuns, note: String,
        target: Target? = nil
    ) -> Measurement {
        let ratios = zip(numerator.seconds, denominator.seconds).map { $0 / $1 }.sorted()
        return Measurement(
            group: group, name: name, unit: "x", median: TimedRuns(seconds: ratios).median,
            minimum: ratios.first ?? 0, maximum: ratios.last ?? 0, runs: ratios.count, note: note, target: target)
    }

    /// A duration, scaled by `scale` (1000 for milliseconds).
    static func time(
        group: String, name: String, unit: String, scale: Double, runs: TimedRuns, note: String = "", target: Target? = nil
    ) -> Measurement {
        Measurement(
            group: group, name: name, unit: unit, median: runs.median * scale,
            minimum: runs.fastest * scale, maximum: runs.slowest * scale, runs: runs.seconds.count, note: note,
            target: target)
    }

    /// A single observation (a size, a peak, a ratio).
    static func single(
        group: String, name: String, unit: String, value: Double, note: String = "", target: Target? = nil
    ) -> Measurement {
        Measurement(
            group: group, name: name, unit: unit, median: value, minimum: value, maximum: value, runs: 1, note: note,
            target: target)
    }
}
