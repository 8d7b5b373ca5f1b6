import Chaff
import ChaffTestSupport
import Testing

@Suite struct BlockDetectorTests {
    let detector = BlockDetector(threshold: 0.5)

    @Test func consecutiveFlaggedLinesFormOneBlock() {
        let (flags, blocks) = detector.detect(probabilities: [0.01, 0.9, 0.95, 0.99, 0.02], lengths: [40, 60, 60, 60, 40])
        #expect(flags == [false, true, true, true, false])
        #expect(blocks == [1...3])
    }

    @Test func aShortLineInsideABlockStaysInIt() {
        let (flags, blocks) = detector.detect(probabilities: [0.9, 0.1, 0.95], lengths: [60, 6, 60])
        #expect(flags == [true, true, true])
        #expect(blocks == [0...2])
    }

    @Test func aLongLegitLineBetweenBlocksSplitsThem() {
        let (_, blocks) = detector.detect(probabilities: [0.9, 0.01, 0.95], lengths: [60, 80, 60])
        #expect(blocks == [0...0, 2...2])
    }

    @Test func emptyLinesInsideABlockAreSpannedButNotFlagged() {
        let (flags, blocks) = detector.detect(probabilities: [0.9, 0, 0.95, 0.01], lengths: [60, 0, 60, 30])
        #expect(flags == [true, false, true, false])
        #expect(blocks == [0...2])
    }

    @Test func aStrayShortLineInAMenuIsNotABlock() {
        let (flags, blocks) = detector.detect(probabilities: [0.05, 0.02, 0.7, 0.03, 0.04], lengths: [4, 5, 6, 4, 5])
        #expect(!flags.contains(true))
        #expect(blocks.isEmpty)
    }

    @Test func aConfidentShortLineStaysFlagged() {
        let (flags, _) = detector.detect(probabilities: [0.01, 0.9995, 0.03], lengths: [4, 8, 4])
        #expect(flags == [false, true, false])
    }

    @Test func aBlockGrowsIntoWeakNeighboursBothWays() {
        // Only line 3 passes the threshold; lines 1, 2, 5 and 6 reach the
        // extension score (0.05) and join, across the empty line 4.
        let (flags, blocks) = detector.detect(
            probabilities: [0.02, 0.08, 0.07, 0.9, 0, 0.06, 0.3, 0.01], lengths: [40, 12, 12, 60, 0, 12, 12, 40])
        #expect(flags == [false, true, true, true, false, true, true, false])
        #expect(blocks == [1...6])
    }

    @Test func extensionNeverStartsABlock() {
        let (flags, blocks) = detector.detect(probabilities: [0.4, 0.3, 0.45], lengths: [30, 30, 30])
        #expect(flags == [false, false, false])
        #expect(blocks.isEmpty)
    }

    @Test func aLineDroppedAsIsolatedDoesNotGrow() {
        let (_, blocks) = detector.detect(probabilities: [0.3, 0.9, 0.3], lengths: [10, 10, 10])
        #expect(blocks.isEmpty)
    }

    /// Lines past the end of `lengths` count as empty, not as an error.
    @Test func linesWithoutALengthAreEmpty() {
        let (flags, blocks) = detector.detect(probabilities: [0.9, 0.9, 0.9], lengths: [60])
        #expect(flags == [true, false, false])
        #expect(blocks == [0...0])
    }

    /// Random pages of lines (empty, short and long; clear, weak and strong
    /// scores) give the flags and blocks of the rules written out plainly,
    /// one array at a time, as ``BlockDetector`` documents them.
    @Test func randomPagesFollowTheRulesAsWritten() {
        var generator = SeededGenerator(seed: 29)
        let scores = [0.0, 0.01, 0.06, 0.12, 0.2, 0.45, 0.5, 0.7, 0.99, 0.9995]
        for _ in 0..<2_000 {
            let count = Int.random(in: 0...14, using: &generator)
            let lengths = (0..<count).map { _ in [0, 0, 5, 16, 17, 23, 24, 80].randomElement(using: &generator)! }
            let probabilities = lengths.map { $0 == 0 ? 0 : scores.randomElement(using: &generator)! }
            let (flags, blocks) = detector.detect(probabilities: probabilities, lengths: lengths)
            let expected = Self.plainDetect(detector, probabilities: probabilities, lengths: lengths)
            #expect(flags == expected.flags, "\(probabilities) \(lengths)")
            #expect(blocks == expected.blocks, "\(probabilities) \(lengths)")
        }
    }

    /// The rules of ``BlockDetector``, one whole-page step at a time.
    static func plainDetect(
        _ detector: BlockDetector, probabilities: [Double], lengths: [Int]
    ) -> (flags: [Bool], blocks: [ClosedRange<Int>]) {
        let nonEmpty = lengths.indices.filter { lengths[$0] > 0 }
        var flags = lengths.indices.map { lengths[$0] > 0 && probabilities[$0] >= detector.threshold }
        let raw = flags
        for (position, index) in nonEmpty.enumerated() where position > 0 && position < nonEmpty.count - 1 {
            if !raw[index] && raw[nonEmpty[position - 1]] && raw[nonEmpty[position + 1]]
                && (lengths[index] <= detector.gapMaximumLength
                    || probabilities[index] >= detector.threshold * detector.gapScoreShare) {
                flags[index] = true
            }
        }
        let afterGaps = flags
        for (position, index) in nonEmpty.enumerated() where afterGaps[index] {
            let previous = position > 0 && afterGaps[nonEmpty[position - 1]]
            let next = position < nonEmpty.count - 1 && afterGaps[nonEmpty[position + 1]]
            if !previous && !next && lengths[index] < detector.isolatedMaximumLength
                && probabilities[index] < detector.isolatedMinimumScore {
                flags[index] = false
            }
        }
        // Extension to a fixed point: grow every block by one eligible line
        // on each side until nothing changes.
        let extensionScore = detector.threshold * detector.extensionScoreShare
        var changed = true
        while changed {
            changed = false
            for (position, index) in nonEmpty.enumerated() where !flags[index] && probabilities[index] >= extensionScore {
                let previous = position > 0 && flags[nonEmpty[position - 1]]
                let next = position < nonEmpty.count - 1 && flags[nonEmpty[position + 1]]
                if previous || next {
                    flags[index] = true
                    changed = true
                }
            }
        }
        var blocks: [ClosedRange<Int>] = []
        var run: [Int] = []
        for index in nonEmpty {
            if flags[index] {
                run.append(index)
            } else if let first = run.first, let last = run.last {
                blocks.append(first...last)
                run = []
            }
        }
        if let first = run.first, let last = run.last { blocks.append(first...last) }
        return (flags, blocks)
    }
}
