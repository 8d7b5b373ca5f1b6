/// What an evaluation got wrong, line by line and page by page, for error
/// analysis: the pages a crawler would have marked as hacked, the lines flagged
/// without being injected, and the injected lines and pages that were missed.
///
/// Kept only when asked (``Evaluator/keepsMistakes``): the metrics need counts
/// alone, while this holds the text of every line it lists.
public struct EvaluationMistakes: Sendable {
    /// One line scored the wrong way.
    public struct Line: Sendable, Equatable {
        /// The page's `id` (for labeled lines from a TSV file, the file).
        public var pageID: String
        /// The line's number in its page, from 1.
        public var number: Int
        /// The line's probability.
        public var score: Double
        /// The line's text.
        public var text: String
    }

    /// Pages without injection that had a line flagged: false alarms, in the
    /// order they were read, with their groups (`lang=en`, `variant=clean`).
    public internal(set) var falseAlarmPages: [(id: String, groups: [String: String])] = []
    /// Injected pages without any injected line flagged.
    public internal(set) var undetectedPages: [(id: String, groups: [String: String])] = []
    /// Lines flagged but not injected, highest score first (sorted on each call).
    public var falsePositives: [Line] { flagged.sorted { $0.score != $1.score ? $0.score > $1.score : ($0.pageID, $0.number) < ($1.pageID, $1.number) } }
    /// Injected lines not flagged, lowest score first: the most confident
    /// misses (sorted on each call).
    public var falseNegatives: [Line] { missed.sorted { $0.score != $1.score ? $0.score < $1.score : ($0.pageID, $0.number) < ($1.pageID, $1.number) } }

    private var flagged: [Line] = []
    private var missed: [Line] = []

    public init() {}

    /// Records the mistakes on one scored page, page by page as
    /// ``EvaluationMetrics/add(labels:flags:scores:)`` counts them.
    mutating func add(_ page: LabeledPage, flags: [Bool], scores: [Double]) {
        var caught = false
        var anyFlag = false
        for index in page.labels.indices where index < flags.count {
            anyFlag = anyFlag || flags[index]
            switch (page.labels[index], flags[index]) {
            case (true, true): caught = true
            case (false, true): flagged.append(Line(pageID: page.id, number: index + 1, score: scores[index], text: page.lines[index]))
            case (true, false): missed.append(Line(pageID: page.id, number: index + 1, score: scores[index], text: page.lines[index]))
            case (false, false): break
            }
        }
        // As in EvaluationMetrics, so the lists and the rates count the same
        // pages (a TSV file of labeled lines is one page).
        if page.isInjected {
            if !caught { undetectedPages.append((page.id, page.groups)) }
        } else if anyFlag {
            falseAlarmPages.append((page.id, page.groups))
        }
    }

    /// These mistakes and another part's after them.
    func merged(with other: EvaluationMistakes) -> EvaluationMistakes {
        var both = self
        both.falseAlarmPages += other.falseAlarmPages
        both.undetectedPages += other.undetectedPages
        both.flagged += other.flagged
        both.missed += other.missed
        return both
    }

    /// Puts the page lists in the order of `ids` (the pages as they were read),
    /// whatever order the threads that scored them finished in.
    mutating func sort(pageOrder ids: [String]) {
        var position: [String: Int] = [:]
        for (index, id) in ids.enumerated() where position[id] == nil { position[id] = index }
        falseAlarmPages.sort { position[$0.id, default: .max] < position[$1.id, default: .max] }
        undetectedPages.sort { position[$0.id, default: .max] < position[$1.id, default: .max] }
    }
}
