@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct LineKeyCollectorTests {
    /// Lines of random keys (few distinct ones and many; short lines and
    /// lines that make the table grow), more lines than the generation stamp
    /// counts before it wraps: each line's keys in order of first occurrence,
    /// their counts and its vocabulary are those of a dictionary's count.
    @Test func linesCollectWhatADictionaryCounts() {
        var generator = SeededGenerator(seed: 41)
        var collector = LineKeyCollector(prefetch: NoPrefetch())
        for line in 0..<700 {
            // A fresh collector now and then, so that its table grows from
            // its first size again, at a generation other than the first.
            if line % 100 == 0 { collector = LineKeyCollector(prefetch: NoPrefetch()) }
            collector.reset()
            let length = line % 50 == 7 ? Int.random(in: 600...5_000, using: &generator)
                : Int.random(in: 0...120, using: &generator)
            // Few distinct keys, enough to make the table grow while they
            // repeat (the key that makes it grow too), or nearly all distinct.
            let keySpace = UInt32([40, 700, 3_000, 1_000_000].randomElement(using: &generator)!)
            var order: [UInt32] = []
            var counts: [UInt32: Int] = [:]
            var vocabulary: [UInt32] = []
            for _ in 0..<length {
                // Keys hashed from small numbers, so that nearby keys share slots.
                let key = UInt32.random(in: 1...keySpace, using: &generator) &* 2_654_435_761 | 1
                let kind: FeatureKind = [.word, .subword, .ideographNGram].randomElement(using: &generator)!
                let start = Int.random(in: 0..<50, using: &generator)
                let range = start..<(start + Int.random(in: 1...3, using: &generator))
                collector.add(key: key, kind: kind, range: range)
                if counts[key] == nil {
                    order.append(key)
                    if kind == .word || (kind == .ideographNGram && range.count == 2) { vocabulary.append(key) }
                }
                counts[key, default: 0] += 1
            }
            let (keys, collected, words) = collector.buffers
            #expect(Array(keys) == order, "line \(line)")
            #expect(collected.map(Int.init) == order.map { counts[$0]! }, "line \(line)")
            #expect(Array(words) == vocabulary, "line \(line)")
        }
    }

    /// A line that makes the table grow, some lines into a collector's life:
    /// every key it repeats after the growth (the one that made it grow
    /// among them) is still counted once.
    @Test func keysRepeatedAfterTheTableGrowsAreFound() {
        var collector = LineKeyCollector(prefetch: NoPrefetch())
        for _ in 0..<5 {
            collector.reset()
            collector.add(key: 5, kind: .word, range: 0..<1)
        }
        collector.reset()
        let keys = (1...600).map { UInt32($0) &* 2_654_435_761 | 1 }
        for _ in 0..<2 {
            for key in keys { collector.add(key: key, kind: .subword, range: 0..<4) }
        }
        #expect(Array(collector.buffers.keys) == keys)
        #expect(collector.buffers.counts.allSatisfy { $0 == 2 })
    }

    /// A key that repeats more often than a count holds stays at the most.
    @Test func countsSaturate() {
        var collector = LineKeyCollector(prefetch: NoPrefetch())
        collector.reset()
        for _ in 0..<70_000 { collector.add(key: 99, kind: .subword, range: 0..<4) }
        collector.add(key: 7, kind: .subword, range: 0..<4)
        #expect(Array(collector.buffers.keys) == [99, 7])
        #expect(Array(collector.buffers.counts) == [UInt16.max, 1])
    }
}
