@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct CalibrationSampleTests {
    /// Lines with few distinct contents (so many share a hash) and both labels.
    func lines(_ count: Int, seed: UInt64) -> [(features: LineFeatures, injected: Bool)] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            var features = LineFeatures()
            let content = UInt32.random(in: 0..<300, using: &generator)
            features.ngramKeys = [content, content &* 7 + 1, content % 13]
            features.ngramCounts = [1, 1, 1]
            features.shapeKeys = [content % 5]
            // The same n-gram and shape keys (same hash) with other context keys.
            features.contextKeys = Bool.random(using: &generator) ? [1] : [2, 3]
            return (features, Bool.random(using: &generator))
        }
    }

    @Test(arguments: [1, 7, 64, 500])
    func keepsTheBottomOfTheCanonicalOrder(capacity: Int) {
        let offered = lines(3000, seed: UInt64(capacity))
        var sample = CalibrationSample(capacity: capacity)
        for line in offered { sample.offer(line.features, injected: line.injected) }
        sample.normalize()
        // The reference: every line, sorted by the documented order, cut to capacity.
        let all = offered.map { CalibrationSample.Entry(hash: CalibrationSample.contentHash(of: $0.features), injected: $0.injected, features: $0.features) }
        let expected = Array(all.sorted { $0.precedes($1) }.prefix(capacity))
        #expect(sample.entries == expected)
    }

    @Test func mergingShardsInAnyOrderGivesTheWholeSample() {
        let offered = lines(2000, seed: 3)
        func sample(_ part: ArraySlice<(features: LineFeatures, injected: Bool)>) -> CalibrationSample {
            var sample = CalibrationSample(capacity: 150)
            for line in part { sample.offer(line.features, injected: line.injected) }
            return sample
        }
        var whole = sample(offered[...])
        whole.normalize()
        var merged = sample(offered[1200...])
        merged.merge(sample(offered[..<500]))
        merged.merge(sample(offered[500..<1200]))
        #expect(merged.entries == whole.entries)
    }

    @Test(arguments: [1, 7, 150, 5000])
    func mergingKeepsWhatOfferingTheOtherLinesAfterwardsKeeps(capacity: Int) {
        // Equal lines (one fingerprint) that differ in their n-gram counts,
        // which the canonical order does not compare: which copy stays
        // depends on the order lines came in, and a merge must keep this
        // sample's copies first, as offering the other's lines after it does.
        var generator = SeededGenerator(seed: UInt64(capacity))
        let offered = lines(2500, seed: 11).map { line in
            var line = line
            line.features.ngramCounts[0] = UInt16.random(in: 1...3, using: &generator)
            return line
        }
        func sample(_ part: ArraySlice<(features: LineFeatures, injected: Bool)>) -> CalibrationSample {
            var sample = CalibrationSample(capacity: capacity)
            for line in part { sample.offer(line.features, injected: line.injected) }
            return sample
        }
        // Neither part normalized: each has lines offered since its last trim.
        var merged = sample(offered[..<1100])
        merged.merge(sample(offered[1100...]))
        var offeredInTurn = sample(offered[...])
        offeredInTurn.normalize()
        #expect(merged.entries == offeredInTurn.entries)
        #expect(merged.count == min(capacity, 2500))
    }
}
