import Foundation

/// The output of a benchmark run: what it ran on, and the measurements.
struct ResultTable {
    /// Facts printed above the table (machine, build, corpus, model), in order.
    var context: [(key: String, value: String)]
    /// The rows, in the order measured.
    var measurements: [Measurement]

    /// The human-readable table, one row per figure, as a Markdown table so it
    /// pastes into `docs/benchmarks.md` as is.
    func text() -> String {
        var out = ""
        for (key, value) in context { out += "\(key): \(value)\n" }
        out += "\n| measurement | unit | median | min | max | runs | note |\n"
        out += "|---|---|---:|---:|---:|---:|---|\n"
        for row in measurements {
            out += "| \(row.name) | \(row.unit) | \(Self.figure(row.median)) | \(Self.figure(row.minimum)) | "
            out += "\(Self.figure(row.maximum)) | \(row.runs) | \(row.note) |\n"
        }
        let judged = measurements.filter { $0.target != nil }
        guard !judged.isEmpty else { return out }
        out += "\ntargets, judged by the median (fastText's speed, F1 and false alarms: Scripts/compare-peers):\n"
        out += "\n| target | wanted | median | verdict |\n"
        out += "|---|---:|---:|---|\n"
        for row in judged {
            guard let target = row.target else { continue }
            out += "| \(target.label) | \(target.wanted(unit: row.unit)) | \(Self.figure(row.median)) | "
            out += "\(target.verdict(on: row.median)) |\n"
        }
        return out
    }

    /// One JSON object: `context` (strings) and `measurements` (objects with
    /// `group`, `name`, `unit`, `median`, `min`, `max`, `runs`, `note`, and for
    /// a row with a target, `target`: `label`, `bound` (`atLeast` or
    /// `atMost`), `limit` and `met`).
    func json() throws -> String {
        let object: [String: Any] = [
            "context": Dictionary(context.map { ($0.key, $0.value) }, uniquingKeysWith: { $1 }),
            "measurements": measurements.map { row in
                var object: [String: Any] = [
                    "group": row.group, "name": row.name, "unit": row.unit, "median": row.median,
                    "min": row.minimum, "max": row.maximum, "runs": row.runs, "note": row.note,
                ]
                if let target = row.target {
                    object["target"] = [
                        "label": target.label, "bound": target.bound.rawValue, "limit": target.limit,
                        "met": target.isMet(by: row.median),
                    ] as [String: Any]
                }
                return object
            },
        ]
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
        return String(decoding: data, as: UTF8.self)
    }

    /// Three significant figures at least, no exponent: 1234567, 812, 8.12, 0.0123.
    static func figure(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 100 { return String(Int(value.rounded())) }
        if magnitude >= 10 { return value.fixed(1) }
        if magnitude >= 1 || magnitude == 0 { return value.fixed(2) }
        return String(format: "%.3g", value)
    }
}

extension Double {
    /// The value with `digits` digits after the point.
    func fixed(_ digits: Int) -> String {
        String(format: "%.\(digits)f", self)
    }
}
