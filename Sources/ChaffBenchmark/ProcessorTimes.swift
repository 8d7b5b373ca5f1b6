import Foundation

/// The kernel's tally of the processors' time, from the `cpu` line of Linux's
/// `/proc/stat`, for the steal time of a run: the time a hypervisor gave this
/// virtual machine's processors to other machines while they had work.
///
/// Steal time slows a run on a shared host without showing in its timings
/// (a timed run simply takes longer), so the header of the table reports it
/// for the whole run and for each group of measurements, and a reader can
/// tell a slow host from slow code.
struct ProcessorTimes: Equatable {
    /// Ticks spent by all processors, of every kind (user, nice, system,
    /// idle, I/O wait, interrupts, soft interrupts, steal).
    var total: UInt64
    /// Ticks stolen: the processors had work and the hypervisor ran
    /// something else.
    var stolen: UInt64

    /// Reads the `cpu` line (all processors together) of a `/proc/stat`
    /// text; nil when there is none or its first four counts are missing.
    /// A kernel that counts no steal time (before Linux 2.6.11) reads as
    /// none stolen.
    init?(procStat: String) {
        guard let line = procStat.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else { return nil }
        // user nice system idle iowait irq softirq steal guest guest_nice:
        // guest time is counted in user time already, so it is left out.
        let counts = line.split(separator: " ").dropFirst().prefix(8).compactMap { UInt64($0) }
        guard counts.count >= 4 else { return nil }
        total = counts.reduce(0, &+)
        stolen = counts.count >= 8 ? counts[7] : 0
    }

    /// The times now; nil where `/proc/stat` cannot be read (not Linux).
    static func now() -> ProcessorTimes? {
        (try? String(contentsOfFile: "/proc/stat", encoding: .utf8)).flatMap(ProcessorTimes.init(procStat:))
    }

    /// The share of the processors' time stolen since `earlier`, in [0, 1];
    /// nil when no tick passed in between.
    func stolenShare(since earlier: ProcessorTimes) -> Double? {
        guard total > earlier.total, stolen >= earlier.stolen else { return nil }
        return min(1, Double(stolen - earlier.stolen) / Double(total - earlier.total))
    }
}

/// Steal time over a run, by group of measurements, for the table's header.
struct StealTimeLog {
    /// The reading where the run started, nil where there is none.
    let start: ProcessorTimes?
    /// Each group measured so far and its share of stolen time.
    private(set) var groups: [(name: String, share: Double?)] = []

    init(start: ProcessorTimes? = ProcessorTimes.now()) {
        self.start = start
    }

    /// Records `group`, measured between `before` and `after`.
    mutating func record(_ group: String, from before: ProcessorTimes?, to after: ProcessorTimes?) {
        groups.append((group, before.flatMap { before in after?.stolenShare(since: before) }))
    }

    /// The header line: the whole run's share, then each group's
    /// ("0.4% of the processors' time (score 0.0%, scaling 1.2%)").
    func summary(end: ProcessorTimes? = ProcessorTimes.now()) -> String {
        guard let start, let end else { return "not counted here (no /proc/stat)" }
        // nil: no tick passed (a group of under 10 ms), or a reading failed.
        func percent(_ share: Double?) -> String { share.map { "\(($0 * 100).fixed(1))%" } ?? "n/a" }
        let whole = "\(percent(end.stolenShare(since: start))) of the processors' time"
        guard !groups.isEmpty else { return whole }
        return whole + " (" + groups.map { "\($0.name) \(percent($0.share))" }.joined(separator: ", ") + ")"
    }
}
