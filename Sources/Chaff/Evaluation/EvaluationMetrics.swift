/// Quality figures of line flags and scores against labels, as DESIGN.md defines them.
///
/// Accumulate pages with ``add(labels:flags:scores:)``; the figures are computed
/// on demand. `../shared/tools/page-metrics` computes the same from the JSONL
/// contract, and the two agree.
public struct EvaluationMetrics: Sendable {
    /// Injected lines flagged.
    public private(set) var truePositives = 0
    /// Legit lines flagged.
    public private(set) var falsePositives = 0
    /// Injected lines not flagged.
    public private(set) var falseNegatives = 0
    /// Pages with at least one injected line.
    public private(set) var injectedPages = 0
    /// Injected pages with at least one truly injected line flagged.
    public private(set) var detectedPages = 0
    /// Pages without injected lines.
    public private(set) var cleanPages = 0
    /// Clean pages with any line flagged.
    public private(set) var falseAlarmPages = 0
    /// Line scores and labels, for ROC AUC.
    private var scored: [(score: Double, injected: Bool)] = []

    /// Creates empty metrics.
    public init() {}

    /// Adds one page's labels, flags and scores (one of each per line).
    public mutating func add(labels: [Bool], flags: [Bool], scores: [Double]) {
        var found = false
        for i in labels.indices {
            switch (labels[i], flags[i]) {
            case (true, true): truePositives += 1; found = true
            case (false, true): falsePositives += 1
            case (true, false): falseNegatives += 1
            case (false, false): break
            }
            scored.append((scores[i], labels[i]))
        }
        if labels.contains(true) {
            injectedPages += 1
            if found { detectedPages += 1 }
        } else {
            cleanPages += 1
            if flags.contains(true) { falseAlarmPages += 1 }
        }
    }

    /// Adds another set of metrics.
    public mutating func merge(_ other: EvaluationMetrics) {
        truePositives += other.truePositives
        falsePositives += other.falsePositives
        falseNegatives += other.falseNegatives
        injectedPages += other.injectedPages
        detectedPages += other.detectedPages
        cleanPages += other.cleanPages
        falseAlarmPages += other.falseAlarmPages
        scored += other.scored
    }

    /// Pages added.
    public var pages: Int { injectedPages + cleanPages }
    /// Share of flagged lines that are injected.
    public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
    /// Share of injected lines flagged.
    public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
    /// Harmonic mean of precision and recall.
    public var f1: Double {
        precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall)
    }
    /// Share of injected pages detected; nil without injected pages.
    public var pageDetectionRate: Double? { injectedPages == 0 ? nil : ratio(detectedPages, injectedPages) }
    /// Share of clean pages with a false alarm; nil without clean pages.
    public var pageFalseAlarmRate: Double? { cleanPages == 0 ? nil : ratio(falseAlarmPages, cleanPages) }

    /// Area under the ROC curve of line scores, ties counted half; nil when a
    /// class is missing.
    ///
    /// - Complexity: O(*n* log *n*) in the number of lines.
    public var rocAUC: Double? {
        let positives = scored.filter(\.injected).count
        let negatives = scored.count - positives
        guard positives > 0 && negatives > 0 else { return nil }
        let sorted = scored.sorted { $0.score < $1.score }
        var rankSum = 0.0
        var i = 0
        while i < sorted.count {
            var j = i
            while j < sorted.count && sorted[j].score == sorted[i].score { j += 1 }
            let averageRank = Double(i + 1 + j) / 2
            for k in i..<j where sorted[k].injected { rankSum += averageRank }
            i = j
        }
        return (rankSum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
}
