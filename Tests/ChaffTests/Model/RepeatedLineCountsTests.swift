@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct RepeatedLineCountsTests {
    /// A line of few possible contents, so that most lines repeat one before.
    struct Line {
        var ngramKeys: [UInt32]
        var shapeKeys: [UInt32]
        var markupKeys: [UInt32]
        var injected: Bool
    }

    func lines(_ count: Int, seed: UInt64) -> [Line] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let content = UInt32.random(in: 1..<60, using: &generator)
            // Lengths 0 to 6, so that the comparison's two-key steps and its
            // odd last key are both exercised.
            let ngramKeys = (0..<content % 7).map { content &* 31 &+ $0 }
            return Line(ngramKeys: ngramKeys, shapeKeys: [content % 4 + 1],
                        markupKeys: content % 3 == 0 ? [content + 100] : [], injected: Bool.random(using: &generator))
        }
    }

    /// Adds `lines` to the table under `hash` (the content hash unless given)
    /// and checks that the counts equal those of adding each line on its own.
    func expectSameCounts(_ lines: [Line], hash: (Line) -> UInt64 = {
        CalibrationSample.contentHash(ngramKeys: $0.ngramKeys, shapeKeys: $0.shapeKeys)
    }) -> Int {
        var table = RepeatedLineCounts()
        var reference = FeatureCounts()
        for line in lines {
            _ = line.ngramKeys.withUnsafeBufferPointer { ngramKeys in
                line.shapeKeys.withUnsafeBufferPointer { shapeKeys in
                    line.markupKeys.withUnsafeBufferPointer { markupKeys in
                        table.add(hash: hash(line), ngramKeys: ngramKeys, shapeKeys: shapeKeys, markupKeys: markupKeys,
                                  injected: line.injected)
                    }
                }
            }
            var features = LineFeatures()
            features.ngramKeys = line.ngramKeys
            features.ngramCounts = line.ngramKeys.map { _ in 1 }
            features.shapeKeys = line.shapeKeys
            features.markupKeys = line.markupKeys
            reference.add(features, injected: line.injected)
        }
        var counts = FeatureCounts()
        table.add(to: &counts)
        #expect(counts == reference)
        let distinct = table.count
        table.removeAll()
        #expect(table.isEmpty)
        var none = FeatureCounts()
        table.add(to: &none)
        #expect(none == FeatureCounts())
        return distinct
    }

    @Test func countsEachLineWithItsMultiplicity() {
        let lines = lines(3_000, seed: 11)
        let distinct = expectSameCounts(lines)
        // Every content once, however often it came (59 contents at most).
        #expect(distinct == Set(lines.map { $0.ngramKeys + [0] + $0.shapeKeys + [0] + $0.markupKeys }).count)
        #expect(distinct < 60)
    }

    /// Lines of different keys under one hash stay apart: the keys decide.
    @Test func linesThatShareAHashButNotTheirKeysStayApart() {
        let lines = lines(500, seed: 12)
        let distinct = expectSameCounts(lines) { _ in 42 }
        #expect(distinct == Set(lines.map { $0.ngramKeys + [0] + $0.shapeKeys + [0] + $0.markupKeys }).count)
    }
}
