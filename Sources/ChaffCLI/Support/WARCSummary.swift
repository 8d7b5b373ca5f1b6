import Chaff

/// The counts `chaff score --warc` prints on standard error when it is done.
struct WARCSummary {
    var files = 0
    var records = 0
    var scored = 0
    var injected = 0
    /// Records not scored, by reason (`request`, `warcinfo`, `response: image/png`, ...).
    var skipped: [String: Int] = [:]
    /// Malformed or truncated records, damaged compression, unreadable files.
    var problems = 0
    var started = ContinuousClock.now

    var skippedTotal: Int { skipped.values.reduce(0, +) }

    /// Counts a record that was not scored.
    mutating func skip(_ reason: String) { skipped[reason, default: 0] += 1 }

    /// One paragraph: totals, then the skip reasons, most common first.
    var text: String {
        let seconds = Double((ContinuousClock.now - started).components.attoseconds) / 1e18
            + Double((ContinuousClock.now - started).components.seconds)
        var text = "\(counted(files, "WARC file")): \(records) records read, \(scored) scored"
            + " (\(injected) injected), \(skippedTotal) skipped, \(problems) malformed or truncated"
            + " in \(JSONWriter.format(seconds, decimals: 2)) s"
        if seconds > 0 { text += " (\(Int((Double(records) / seconds).rounded())) records/s)" }
        if !skipped.isEmpty {
            let reasons = skipped.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            text += "\n  skipped: " + reasons.prefix(8).map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            if reasons.count > 8 { text += ", other \(reasons.dropFirst(8).map(\.value).reduce(0, +))" }
        }
        return text
    }
}
