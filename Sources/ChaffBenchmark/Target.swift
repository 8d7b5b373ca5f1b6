/// A figure a measurement is held to: issue #5's speed and memory targets,
/// and issue #4's for reading HTML. `chaff-bench` judges each row that has one
/// by its median and prints the verdicts under the table, so that one command
/// says which targets this machine meets.
struct Target: Sendable, Equatable {
    /// Which side of ``limit`` a median must be on.
    enum Bound: String, Sendable {
        /// At least the limit.
        case atLeast
        /// At most the limit.
        case atMost
    }

    /// Which side of the limit is wanted.
    var bound: Bound
    /// The limit, in the row's unit.
    var limit: Double
    /// What the target is, as the issue puts it ("scoring plain text, one core").
    var label: String

    /// A lower bound.
    static func atLeast(_ limit: Double, _ label: String) -> Target { Target(bound: .atLeast, limit: limit, label: label) }
    /// An upper bound.
    static func atMost(_ limit: Double, _ label: String) -> Target { Target(bound: .atMost, limit: limit, label: label) }

    /// Whether `figure` meets the target; a figure on the limit does.
    func isMet(by figure: Double) -> Bool {
        switch bound {
        case .atLeast: figure >= limit
        case .atMost: figure <= limit
        }
    }

    /// How far `figure` is from the limit, as a factor of at least 1 (1 when
    /// it meets the target): 1.4 for 35.7 MB/s against at least 50.
    func shortfall(of figure: Double) -> Double {
        guard !isMet(by: figure) else { return 1 }
        switch bound {
        case .atLeast: return figure > 0 ? limit / figure : .infinity
        case .atMost: return limit > 0 ? figure / limit : .infinity
        }
    }

    /// The verdict on `figure`: "met", or "missed, 1.40× short".
    func verdict(on figure: Double) -> String {
        if isMet(by: figure) { return "met" }
        let factor = shortfall(of: figure)
        return factor.isFinite ? "missed, \(factor.fixed(2))× \(bound == .atLeast ? "short" : "over")" : "missed"
    }

    /// The limit with its side and unit: "≥ 50 MB/s", "≤ 1 x".
    func wanted(unit: String) -> String {
        "\(bound == .atLeast ? "≥" : "≤") \(ResultTable.figure(limit)) \(unit)"
    }
}
