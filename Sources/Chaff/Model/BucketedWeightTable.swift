import CChaffSupport

/// The scorer's copy of a model's ``WeightTable``: features in buckets of
/// eight, one 64-byte cache line each, searched eight keys at a time.
///
/// A look-up reads one cache line and does not branch on whether the key is
/// there, in half the memory of session 13's sparse open-addressing copy:
/// - The file's table is at most two thirds full (the default model: half).
///   Probing it one slot at a time branched on whether the first slot held
///   the key, was empty or sent the probe on, and that branch went wrong
///   often. Session 13 spread it to a quarter full for fewer probes: 8 MB for
///   the default model.
/// - On the AMD EPYC machine this was measured on, a prefetched random read
///   cost about 2 ns in a table of 4 MB and 6 to 9 ns in one of 8 MB, and the
///   scan's samples piled up on its prefetches (docs/benchmarks-history.md,
///   "Session 14's changes"). The default model's buckets take 4 MB: 65,536 buckets,
///   four features in each on average.
///
/// Layout of a bucket, eight lanes:
/// - bytes 0–31: the keys of lanes 0–7 (0 for an empty lane: no feature has key 0);
/// - bytes 32–63: each lane's value: its flags in bits 16–23 and its
///   fixed-point weight in bits 0–15, as in the low half of a ``WeightTable``
///   slot word. Bit 31 of lane 7's value is set when the bucket overflowed:
///   features whose bucket this is may be in the next ones.
///
/// A feature goes into the bucket its key's low bits name, or, when that one
/// is full, into the first bucket after it with room; every full bucket it
/// passes is marked. A look-up stops at the first bucket that holds the key
/// or is not marked. With four features per bucket on average, about 2% of
/// the default model's buckets overflow (1,477 of 65,536).
///
/// Immutable once built: a scorer shares one between threads.
struct BucketedWeightTable: @unchecked Sendable {
    /// The buckets' memory, freed with the last copy of the table.
    private final class Storage {
        let buckets: UnsafeMutableRawPointer
        let count: Int

        init(count: Int) {
            self.count = count
            buckets = .allocate(byteCount: count * BucketedWeightTable.bucketBytes, alignment: BucketedWeightTable.bucketBytes)
            buckets.initializeMemory(as: UInt8.self, repeating: 0, count: count * BucketedWeightTable.bucketBytes)
        }

        deinit { buckets.deallocate() }
    }

    /// Bytes per bucket: one cache line.
    static let bucketBytes = 64
    /// Features per bucket.
    static let lanes = 8
    /// Features per bucket on average, at most: the bucket count is the
    /// smallest power of two that keeps the table at most half full.
    static let averageLoad = 4

    /// Where a bucket's values start.
    static let valuesOffset = 32
    /// Where lane 7's value is: its top bit is the overflow mark.
    static let lastValueOffset = 60
    /// Set in lane 7's value when the bucket overflowed into the next.
    static let overflowBit: UInt32 = 1 << 31

    private let storage: Storage
    /// Whether look-ups may use AVX2 (`chaff_cpu_has_avx2`), asked once per table.
    let usesAVX2: Bool

    /// The number of buckets, a power of two.
    var bucketCount: Int { storage.count }

    /// Buckets that overflowed into the next (diagnostics and tests).
    var overflowedBuckets: Int {
        (0..<storage.count).reduce(0) { total, bucket in
            let last = storage.buckets.load(fromByteOffset: bucket * Self.bucketBytes + Self.lastValueOffset, as: UInt32.self)
            return total + (last & Self.overflowBit != 0 ? 1 : 0)
        }
    }

    /// Copies every feature of `table`.
    ///
    /// - Complexity: O(*capacity*) of `table`.
    init(_ table: WeightTable) {
        let features = table.slots.reduce(0) { $1 >> 32 == 0 ? $0 : $0 &+ 1 }
        var count = 1
        while count * Self.averageLoad < features { count <<= 1 }
        storage = Storage(count: count)
        usesAVX2 = chaff_cpu_has_avx2() != 0
        let mask = count - 1
        let buckets = storage.buckets
        // The lanes each bucket has filled, in 64 KB that stay in the cache:
        // placing a feature reads no bucket memory. Lanes fill in order, so a
        // bucket's next free lane is its count.
        var filled = [UInt8](repeating: 0, count: count)
        filled.withUnsafeMutableBufferPointer { filled in
            for slot in table.slots where slot >> 32 != 0 {
                let key = UInt32(truncatingIfNeeded: slot >> 32)
                let value = UInt32(truncatingIfNeeded: slot) & 0x00FF_FFFF
                var bucket = Int(key) & mask
                while Int(filled[bucket]) == Self.lanes {
                    // Full: marked as overflowed, and the feature goes on.
                    let base = buckets + bucket * Self.bucketBytes
                    let last = base.load(fromByteOffset: Self.lastValueOffset, as: UInt32.self)
                    base.storeBytes(of: last | Self.overflowBit, toByteOffset: Self.lastValueOffset, as: UInt32.self)
                    bucket = (bucket + 1) & mask
                }
                let lane = Int(filled[bucket])
                filled[bucket] += 1
                let base = buckets + bucket * Self.bucketBytes
                base.storeBytes(of: key, toByteOffset: lane * 4, as: UInt32.self)
                // Lane 7's value may carry the overflow mark already.
                let old = base.load(fromByteOffset: Self.valuesOffset + lane * 4, as: UInt32.self)
                base.storeBytes(of: old | value, toByteOffset: Self.valuesOffset + lane * 4, as: UInt32.self)
            }
        }
    }

    /// Whether `other` is this table or a copy of it (their buckets are one).
    func sharesBuckets(with other: BucketedWeightTable) -> Bool { storage === other.storage }

    /// Calls `body` with a ``Probe`` over the table.
    func withProbe<T>(_ body: (Probe) -> T) -> T {
        withExtendedLifetime(storage) {
            body(Probe(buckets: UnsafeRawPointer(storage.buckets), mask: storage.count - 1, usesAVX2: usesAVX2))
        }
    }

    /// The weight of `key`, 0 for unseen features.
    func weight(of key: UInt32) -> Float {
        withProbe { WeightTable.weight(of: $0.slot(of: key)) }
    }

    /// Raw view of the table for hot loops. Valid only inside ``withProbe(_:)``.
    struct Probe: WeightLookup, KeyPrefetching {
        let buckets: UnsafeRawPointer
        let mask: Int
        /// Whether ``tally(keys:counts:)`` compares a bucket's keys with AVX2.
        var usesAVX2: Bool

        /// The ``WeightTable`` slot word of `key` (key, flags and weight), or 0
        /// when the model never saw it.
        @inline(__always)
        func slot(of key: UInt32) -> UInt64 {
            var bucket = Int(key) & mask
            let wanted = SIMD8<UInt32>(repeating: key)
            while true {
                let base = buckets + bucket &* BucketedWeightTable.bucketBytes
                let keys = base.load(as: SIMD8<UInt32>.self)  // 32-byte aligned: buckets are 64
                // All ones in the lane that holds the key, zero in the others:
                // `d | -d` has its top bit set exactly when `d` is not zero.
                // Written with integer lane operations, which compile to two
                // vector compares; `.==` was compiled lane by lane.
                let difference = keys ^ wanted
                let hit = ((difference | (SIMD8<UInt32>() &- difference)) &>> 31) &- 1
                // One byte per lane (0xFF for the key's), read as an integer
                // whose lowest byte is lane 0 on either byte order: its lowest
                // set bit names the lane. No lane holds the key when it is 0;
                // lane 7's value is then read and discarded.
                let lanes = unsafeBitCast(SIMD8<UInt8>(truncatingIfNeeded: hit), to: UInt64.self).littleEndian
                let lane = (lanes | 1 << 63).trailingZeroBitCount &>> 3
                let value = base.load(fromByteOffset: BucketedWeightTable.valuesOffset &+ lane &* 4, as: UInt32.self)
                let found: UInt32 = lanes == 0 ? 0 : 1
                let last = base.load(fromByteOffset: BucketedWeightTable.lastValueOffset, as: UInt32.self)
                let unmarked = (last ^ BucketedWeightTable.overflowBit) >> 31
                // One branch, taken unless the key is missing from a bucket
                // that overflowed: whether a key is found is a coin toss on
                // real text, and a branch on it went wrong often.
                if found | unmarked != 0 {
                    let word = UInt64(key) << 32 | UInt64(value & 0x00FF_FFFF)
                    return found == 0 ? 0 : word
                }
                bucket = (bucket &+ 1) & mask
            }
        }

        /// ``WeightLookup/tally(keys:counts:)`` in C (`chaff_tally_buckets`):
        /// the same sums as the key-at-a-time loop over ``slot(of:)``, whose
        /// vector compares Swift turned into lane packing, in fewer
        /// instructions; with AVX2, where the processor has it, in one
        /// compare a bucket.
        @inline(__always)
        func tally(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>) -> NGramTally {
            guard let keyBase = keys.baseAddress, let countBase = counts.baseAddress else { return NGramTally() }
            @inline(__always) func run(_ start: Int, _ count: Int) -> NGramTally {
                let sums = chaff_tally_buckets(
                    buckets, mask, keyBase + start, countBase + start, count, UInt32(WeightTable.Flags.lexicon),
                    usesAVX2 ? 1 : 0)
                return NGramTally(
                    fixedSum: Int(sums.fixed_sum), occurrences: Int(sums.occurrences),
                    lexiconOccurrences: Int(sums.lexicon_occurrences), lexiconDistinct: Int(sums.lexicon_distinct))
            }
            let count = min(keys.count, counts.count)
            let longest = Int(CHAFF_TALLY_MAXIMUM_KEYS)
            guard count > longest else { return run(0, count) }
            // A line of more distinct n-grams than that, in runs whose
            // occurrences fit the C loop's 32-bit lexicon count.
            var tally = NGramTally()
            for start in stride(from: 0, to: count, by: longest) {
                let part = run(start, min(longest, count - start))
                tally.fixedSum += part.fixedSum
                tally.occurrences += part.occurrences
                tally.lexiconOccurrences += part.lexiconOccurrences
                tally.lexiconDistinct += part.lexiconDistinct
            }
            return tally
        }

        /// Starts loading the bucket of `key` into the cache.
        @inline(__always)
        func prefetch(_ key: UInt32) {
            chaff_prefetch(buckets + (Int(key) & mask) &* BucketedWeightTable.bucketBytes)
        }
    }
}
