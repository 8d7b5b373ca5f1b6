@testable import Chaff
import CChaffSupport
import ChaffTestSupport
import Testing

@Suite struct BucketedWeightTableTests {
    /// The scorer looks n-gram keys up in a bucketed copy of the model's
    /// table: every key must find the same slot word there (so the same weight
    /// and flags), and unseen keys nothing.
    @Test func everyKeyOfAModelLooksUpTheSame() {
        let table = Fixtures.smallModel.table
        let keys = table.slots.map { UInt32($0 >> 32) }.filter { $0 != 0 }
        let buckets = BucketedWeightTable(table)
        #expect(buckets.bucketCount & (buckets.bucketCount - 1) == 0)
        #expect(buckets.bucketCount * BucketedWeightTable.averageLoad >= keys.count)
        table.withProbe { probe in
            buckets.withProbe { bucketed in
                for key in keys { #expect(bucketed.slot(of: key) == probe.slot(of: key)) }
            }
        }
        let held = Set(keys)
        let unseen = (UInt32(1)...5000).lazy.map { $0 &* 2_654_435_761 }.filter { !held.contains($0) }
        buckets.withProbe { bucketed in #expect(unseen.allSatisfy { bucketed.slot(of: $0) == 0 }) }
    }

    /// Keys that all name the same bucket fill it and the ones after it; a
    /// look-up must follow the overflow marks to find each of them, and stop
    /// at the first unmarked bucket for a key that is not there.
    @Test func keysThatOverflowTheirBucketAreFound() {
        // 64 features (so 16 buckets), 20 of them in bucket 3.
        let crowded = (1...20).map { UInt32($0) << 16 | 3 }
        let others = (1...44).map { UInt32($0) << 8 | 0x8000_0000 | UInt32($0 % 16) }
        let entries = (crowded + others).enumerated().map { (key: $1, weight: Double($0 % 9) - 4, flags: UInt8($0 % 2)) }
        let table = Self.table(entries)
        let buckets = BucketedWeightTable(table)
        #expect(buckets.bucketCount == 16)
        #expect(buckets.overflowedBuckets >= 2)
        table.withProbe { probe in
            buckets.withProbe { bucketed in
                for entry in entries {
                    #expect(bucketed.slot(of: entry.key) == probe.slot(of: entry.key))
                    #expect(bucketed.lookUp(entry.key)?.weight == Float(entry.weight))
                    #expect(bucketed.lookUp(entry.key)?.flags == entry.flags)
                }
                // Same bucket, not a feature: the search ends without it.
                #expect(bucketed.slot(of: 21 << 16 | 3) == 0)
                #expect(bucketed.slot(of: 3) == 0)
            }
        }
    }

    /// A line's keys tallied through the buckets at once (the scorer's C
    /// loops, SSE2 and, where the processor has it, AVX2) give the sums of
    /// looking them up one by one in the model's own table: random lines of
    /// present and missing keys, with random counts, over a model and over
    /// buckets that overflow into the next ones.
    @Test func tallyingALineMatchesLookingItsKeysUpOneByOne() {
        let crowded = (1...20).map { UInt32($0) << 16 | 3 }
        let others = (1...44).map { UInt32($0) << 8 | 0x8000_0000 | UInt32($0 % 16) }
        let entries = (crowded + others).enumerated().map { (key: $1, weight: Double($0 % 9) - 4, flags: UInt8($0 % 2)) }
        let model = Fixtures.smallModel.table
        for table in [Self.table(entries), model] {
            let held = table.slots.map { UInt32($0 >> 32) }.filter { $0 != 0 }
            let missing = (crowded.map { $0 &+ 0x0100_0000 }) + (1...200).map { UInt32($0) &* 2_654_435_761 }
            let buckets = BucketedWeightTable(table)
            var generator = SeededGenerator(seed: UInt64(held.count))
            var lexiconSeen = 0
            table.withProbe { probe in
                buckets.withProbe { bucketed in
                    for length in [0, 1, 2, 7, 8, 9, 40, 300] {
                        let keys = (0..<length).map { _ in
                            Bool.random(using: &generator) ? held.randomElement(using: &generator)!
                                : missing.randomElement(using: &generator)!
                        }
                        let counts = keys.map { _ in UInt16.random(in: 1...5, using: &generator) }
                        keys.withUnsafeBufferPointer { keys in
                            counts.withUnsafeBufferPointer { counts in
                                let expected = probe.tally(keys: keys, counts: counts)
                                // The SSE2 loop, and the AVX2 one where this processor has it.
                                var sse2 = bucketed
                                sse2.usesAVX2 = false
                                #expect(sse2.tally(keys: keys, counts: counts) == expected, "\(length) keys")
                                if buckets.usesAVX2 {
                                    #expect(bucketed.usesAVX2)
                                    #expect(bucketed.tally(keys: keys, counts: counts) == expected, "\(length) keys, AVX2")
                                }
                                lexiconSeen += expected.lexiconDistinct
                            }
                        }
                    }
                }
            }
            #expect(lexiconSeen > 0, "the lines hold lexicon terms")
        }
    }

    /// A line of more distinct n-grams than one C tally takes
    /// (`CHAFF_TALLY_MAXIMUM_KEYS`) is tallied in runs: with every key a
    /// lexicon term seen 65,535 times, one run's lexicon occurrences would
    /// pass 2^32 and spill into its count of lexicon keys.
    @Test func aLineOfMoreKeysThanOneTallyTakesIsTalliedInRuns() {
        let lexicon = (1...64).map { (key: UInt32($0) &* 2_654_435_761, weight: 2.5, flags: WeightTable.Flags.lexicon) }
        let table = Self.table(lexicon)
        let buckets = BucketedWeightTable(table)
        let count = Int(CHAFF_TALLY_MAXIMUM_KEYS) + 4_465
        let keys = (0..<count).map { lexicon[$0 % lexicon.count].key }
        let counts = [UInt16](repeating: .max, count: count)
        table.withProbe { probe in
            buckets.withProbe { bucketed in
                keys.withUnsafeBufferPointer { keys in
                    counts.withUnsafeBufferPointer { counts in
                        let expected = probe.tally(keys: keys, counts: counts)
                        #expect(expected.lexiconDistinct == count)
                        #expect(expected.lexiconOccurrences == count * Int(UInt16.max))
                        var sse2 = bucketed
                        sse2.usesAVX2 = false
                        #expect(sse2.tally(keys: keys, counts: counts) == expected)
                        #expect(bucketed.tally(keys: keys, counts: counts) == expected)
                    }
                }
            }
        }
    }

    /// A model with no features gives a table in which nothing is found.
    @Test func anEmptyTableFindsNothing() {
        let buckets = BucketedWeightTable(Self.table([]))
        #expect(buckets.bucketCount == 1)
        buckets.withProbe { bucketed in #expect([1, 2, 0xFFFF_FFFF].allSatisfy { bucketed.slot(of: $0) == 0 }) }
        #expect(buckets.weight(of: 7) == 0)
    }

    /// A ``WeightTable`` holding `entries`, placed as the model's builder
    /// places them (linear probing from the key's low bits), at most half full.
    static func table(_ entries: [(key: UInt32, weight: Double, flags: UInt8)]) -> WeightTable {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        for entry in entries {
            var index = Int(entry.key) & (capacity - 1)
            while slots[index] != 0 { index = (index + 1) & (capacity - 1) }
            slots[index] = WeightTable.pack(key: entry.key, weight: entry.weight, flags: entry.flags)
        }
        return WeightTable(slots: slots)
    }
}
