@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct FeatureCountTableTests {
    func entry(_ n: UInt32) -> FeatureCounts.Entry { .init(spam: n, ham: n &* 3, family: UInt8(n % 5)) }

    /// Inserts and removes keys chosen to collide (many share their low bits)
    /// and checks every step against a `Dictionary`: removal must keep every
    /// remaining key reachable, including across the wrap-around at the end.
    @Test func agreesWithADictionaryUnderCollisionsAndRemovals() {
        var table = FeatureCountTable()
        var reference: [UInt32: FeatureCounts.Entry] = [:]
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return seed >> 33
        }
        for step in 0..<20_000 {
            // Keys 1…4095 with the low 4 bits mostly 15: long probe runs that wrap.
            let key = UInt32(next() % 256) << 4 | (next() % 4 == 0 ? UInt32(next() % 16) : 15)
            guard key != 0 else { continue }
            if next() % 3 == 0 {
                table[key] = nil
                reference[key] = nil
            } else {
                table[key] = entry(UInt32(step))
                reference[key] = entry(UInt32(step))
            }
            #expect(table.count == reference.count)
        }
        for (key, value) in reference { #expect(table[key] == value) }
        for (key, value) in table { #expect(reference[key] == value) }
        #expect(Set(table.unorderedKeys) == Set(reference.keys))
    }

    /// Batches of colliding keys (with repeats inside a batch) tallied at once
    /// give the counts of updating key by key.
    @Test func tallyAgreesWithUpdatingKeyByKey() {
        var table = FeatureCountTable()
        var reference = FeatureCountTable()
        var generator = SeededGenerator(seed: 5)
        for _ in 0..<2_000 {
            let keys = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                UInt32.random(in: 0..<512, using: &generator) << 4 | 15
            }
            let injected = Bool.random(using: &generator)
            let family = UInt8.random(in: 0..<5, using: &generator)
            table.tally(keys, family: family, injected: injected)
            for key in keys {
                reference.update(key, initial: .init(spam: 0, ham: 0, family: family)) { $0.add(injected: injected) }
            }
            #expect(table.count == reference.count)
        }
        #expect(table == reference)
        #expect(table.count > 400)
    }

    @Test func updateInsertsThenChanges() {
        var table = FeatureCountTable()
        for _ in 0..<3 { table.update(42, initial: .init(spam: 0, ham: 0, family: 2)) { $0.spam += 1 } }
        #expect(table[42] == .init(spam: 3, ham: 0, family: 2))
        #expect(table.count == 1)
    }

    /// Merged counts stop at their type's largest value: shards of a huge
    /// corpus, or a model file with altered counts, never overflow.
    @Test func mergedCountsSaturate() {
        var counts = FeatureCounts()
        counts.lines = [FeatureCounts.largestCount - 1, 7]
        counts.totals[0] = [FeatureCounts.largestCount, 1]
        counts.features[42] = FeatureCounts.Entry(spam: UInt32.max - 1, ham: 2, family: 0)
        var other = FeatureCounts()
        other.lines = [5, 3]
        other.totals[0] = [1, 1]
        other.features[42] = FeatureCounts.Entry(spam: 5, ham: 3, family: 0)
        other.features[43] = FeatureCounts.Entry(spam: 1, ham: 0, family: 0)
        counts.merge(other)
        #expect(counts.lines == [FeatureCounts.largestCount, 10])
        #expect(counts.totals[0] == [FeatureCounts.largestCount, 2])
        #expect(counts.features[42] == FeatureCounts.Entry(spam: UInt32.max, ham: 5, family: 0))
        #expect(counts.features[43] == FeatureCounts.Entry(spam: 1, ham: 0, family: 0))
        // A line's tally stops there too.
        var table = FeatureCountTable()
        table[7] = FeatureCounts.Entry(spam: UInt32.max, ham: 0, family: 0)
        table.tally([7, 8], family: 0, injected: true)
        #expect(table[7] == FeatureCounts.Entry(spam: UInt32.max, ham: 0, family: 0))
        #expect(table[8] == FeatureCounts.Entry(spam: 1, ham: 0, family: 0))
    }

    @Test func equalityIgnoresInsertionOrder() {
        var a = FeatureCountTable()
        var b = FeatureCountTable()
        for key in UInt32(1)...300 { a[key] = entry(key) }
        for key in (UInt32(1)...300).reversed() { b[key] = entry(key) }
        #expect(a == b)
        b[7] = nil
        #expect(a != b)
    }
}
