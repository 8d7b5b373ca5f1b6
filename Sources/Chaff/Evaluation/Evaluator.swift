import Foundation
import Synchronization

/// Scores labeled pages and measures the result: held-out evaluation of a
/// model, and K-fold cross-validation that trains and tests on the same data.
public struct Evaluator: Sendable {
    /// Figures overall and per group value (`lang=zh`, `variant=clean`).
    public struct Result: Sendable {
        /// All pages.
        public var overall = EvaluationMetrics()
        /// Per `field=value`, sorted by key when read.
        public var groups: [String: EvaluationMetrics] = [:]
        /// What was got wrong, when ``Evaluator/keepsMistakes`` is set.
        public var mistakes: EvaluationMistakes?

        mutating func add(_ page: LabeledPage, flags: [Bool], scores: [Double]) {
            overall.add(labels: page.labels, flags: flags, scores: scores)
            for (field, value) in page.groups {
                groups["\(field)=\(value)", default: EvaluationMetrics()].add(labels: page.labels, flags: flags, scores: scores)
            }
            mistakes?.add(page, flags: flags, scores: scores)
        }

        mutating func merge(_ other: Result) {
            overall.merge(other.overall)
            for (key, metrics) in other.groups { groups[key, default: EvaluationMetrics()].merge(metrics) }
            if let theirs = other.mistakes { mistakes = (mistakes ?? EvaluationMistakes()).merged(with: theirs) }
        }
    }

    /// The flagging threshold.
    public var threshold: Double
    /// Whether results list the lines and pages got wrong (``Result/mistakes``).
    public var keepsMistakes: Bool

    /// Creates an evaluator.
    public init(threshold: Double = PageScorer.defaultThreshold, keepsMistakes: Bool = false) {
        self.threshold = threshold
        self.keepsMistakes = keepsMistakes
    }

    /// An empty result, with room for mistakes when they are kept.
    private var emptyResult: Result {
        var result = Result()
        if keepsMistakes { result.mistakes = EvaluationMistakes() }
        return result
    }

    /// Scores every page with `model` and measures the flags, using all cores.
    public func evaluate(_ model: NaiveBayesModel, on pages: [LabeledPage]) -> Result {
        // Measuring needs each line's score and flag, not the blocks' reasons.
        let scorer = PageScorer(model: model, threshold: threshold, explainsBlocks: false)
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, pages.count))
        let empty = emptyResult
        let results = Mutex([Result](repeating: empty, count: workers))
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            var local = empty
            // Test sets hold variants of one page and its menus: each line is featured once.
            var cache = PageScorer.LineCache()
            var index = worker
            while index < pages.count {
                let page = pages[index]
                let (flags, scores) = Self.flags(of: page, scorer: scorer, cache: &cache)
                local.add(page, flags: flags, scores: scores)
                index += workers
            }
            results.withLock { $0[worker] = local }
        }
        // Worker w took pages w, w + workers, …: mistakes are put back in page order.
        var result = results.withLock { all in all.reduce(into: empty) { $0.merge($1) } }
        result.mistakes?.sort(pageOrder: pages.map(\.id))
        return result
    }

    /// Line flags and scores of a page; independent lines are scored one by one.
    static func flags(of page: LabeledPage, scorer: PageScorer, cache: inout PageScorer.LineCache) -> ([Bool], [Double]) {
        if page.independentLines {
            var flags: [Bool] = []
            var scores: [Double] = []
            for line in page.lines {
                let report = scorer.score(lines: [line], cache: &cache)
                flags.append(report.lines[0].injected)
                scores.append(report.lines[0].score)
            }
            return (flags, scores)
        }
        let report = scorer.score(lines: page.lines, markup: page.markup, source: page.id, cache: &cache)
        return (report.lines.map(\.injected), report.lines.map(\.score))
    }

    /// K-fold cross-validation: pages are assigned to folds by a hash of their
    /// fold key (the record's `doc_id` when present, so variants of one article
    /// stay together), a model is trained on K−1 folds and tested on the last.
    ///
    /// - Parameter progress: called after each fold with its number.
    public func crossValidate(
        _ pages: [LabeledPage], folds: Int, configuration: FeatureConfiguration,
        parameters: WeightTable.Parameters = .init(), progress: (Int) -> Void = { _ in }
    ) -> Result {
        var result = emptyResult
        let assignments = pages.map { Int(Self.foldHash($0.foldKey) % UInt64(folds)) }
        for fold in 0..<folds {
            var trainer = ModelTrainer(configuration: configuration, parameters: parameters)
            var test: [LabeledPage] = []
            for (page, assigned) in zip(pages, assignments) {
                if assigned == fold { test.append(page) } else { trainer.add(page) }
            }
            result.merge(evaluate(trainer.finish(), on: test))
            progress(fold + 1)
        }
        result.mistakes?.sort(pageOrder: pages.map(\.id))
        return result
    }

    static func foldHash(_ key: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }
}
