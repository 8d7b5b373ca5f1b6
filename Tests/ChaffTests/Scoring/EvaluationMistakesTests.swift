@testable import Chaff
import Testing

/// ``EvaluationMistakes``: what `chaff eval --errors` lists.
@Suite struct EvaluationMistakesTests {
    @Test func eachKindOfMistakeIsRecorded() {
        var mistakes = EvaluationMistakes()
        let clean = LabeledPage(id: "clean", lines: ["a", "b"], labels: [false, false], groups: ["lang": "en"])
        let injected = LabeledPage(id: "injected", lines: ["a", "spam", "more spam"], labels: [false, true, true])
        let missed = LabeledPage(id: "missed", lines: ["a", "spam"], labels: [false, true])
        mistakes.add(clean, flags: [false, true], scores: [0.1, 0.7])
        mistakes.add(injected, flags: [true, true, false], scores: [0.9, 0.95, 0.3])
        mistakes.add(missed, flags: [false, false], scores: [0.1, 0.2])

        #expect(mistakes.falseAlarmPages.map(\.id) == ["clean"])
        #expect(mistakes.falseAlarmPages.first?.groups == ["lang": "en"])
        #expect(mistakes.undetectedPages.map(\.id) == ["missed"], "a page with one injected line caught is detected")
        #expect(mistakes.falsePositives.map { "\($0.pageID):\($0.number)" } == ["injected:1", "clean:2"])
        #expect(mistakes.falseNegatives.map { "\($0.pageID):\($0.number) \($0.text)" } == ["missed:2 spam", "injected:3 more spam"])
    }

    @Test func theListsCountWhatTheMetricsCount() {
        // A TSV file of labeled lines is one page to the metrics, so to the lists too.
        let pages = [
            LabeledPage(id: "lines.tsv", lines: ["ham", "spam"], labels: [false, true], independentLines: true),
            LabeledPage(id: "clean.tsv", lines: ["ham", "ham"], labels: [false, false], independentLines: true),
        ]
        let flags = [[true, false], [false, true]]
        var mistakes = EvaluationMistakes()
        var metrics = EvaluationMetrics()
        for (page, flags) in zip(pages, flags) {
            mistakes.add(page, flags: flags, scores: [0.8, 0.1])
            metrics.add(labels: page.labels, flags: flags, scores: [0.8, 0.1])
        }
        #expect(mistakes.undetectedPages.map(\.id) == ["lines.tsv"])
        #expect(mistakes.undetectedPages.count == metrics.injectedPages - metrics.detectedPages)
        #expect(mistakes.falseAlarmPages.map(\.id) == ["clean.tsv"])
        #expect(mistakes.falseAlarmPages.count == metrics.falseAlarmPages)
        #expect(mistakes.falsePositives.count == metrics.falsePositives)
        #expect(mistakes.falseNegatives.count == metrics.falseNegatives)
    }

    @Test func anEvaluationListsItsMistakesInPageOrder() throws {
        let pages = Fixtures.pages
        // At threshold 0 every non-empty line is flagged: every clean page is a
        // false alarm, and every legit line a false positive.
        let result = Evaluator(threshold: 0, keepsMistakes: true).evaluate(Fixtures.smallModel, on: pages)
        let mistakes = try #require(result.mistakes)
        #expect(mistakes.falseAlarmPages.map(\.id) == pages.filter { !$0.isInjected }.map(\.id))
        #expect(mistakes.falsePositives.count == result.overall.falsePositives)
        #expect(mistakes.falsePositives.count == pages.reduce(0) { $0 + $1.labels.count(where: { !$0 }) })
        #expect(mistakes.undetectedPages.isEmpty && mistakes.falseNegatives.isEmpty)
        #expect(Evaluator().evaluate(Fixtures.smallModel, on: pages).mistakes == nil, "kept only when asked")
    }
}
