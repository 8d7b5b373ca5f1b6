import Chaff
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
}
