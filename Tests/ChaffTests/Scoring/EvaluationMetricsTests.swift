import Chaff
import Testing

@Suite struct EvaluationMetricsTests {
    @Test func computesLineAndPageFigures() {
        var metrics = EvaluationMetrics()
        metrics.add(labels: [false, true, true], flags: [false, true, false], scores: [0.1, 0.9, 0.4])
        metrics.add(labels: [false, false], flags: [true, false], scores: [0.6, 0.2])
        metrics.add(labels: [false], flags: [false], scores: [0.3])
        #expect(metrics.precision == 0.5)
        #expect(metrics.recall == 0.5)
        #expect(metrics.f1 == 0.5)
        #expect(metrics.pageDetectionRate == 1)
        #expect(metrics.pageFalseAlarmRate == 0.5)
        // Positives 0.9, 0.4; negatives 0.1, 0.6, 0.2, 0.3: 0.9 beats 4, 0.4 beats 3.
        #expect(metrics.rocAUC == 7.0 / 8.0)
    }
}
