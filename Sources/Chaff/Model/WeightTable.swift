import Foundation

/// The scoring form of a model: each feature's log-likelihood ratio, in an
/// open-addressing hash table that is stored in the model file as it is used.
///
/// Each slot is one 64-bit word — key, weight and flags together — so a look-up
/// touches one cache line: on the scoring path, where every n-gram is a random
/// probe into a table of megabytes, memory latency is the cost that matters
/// (three parallel arrays made it three cache misses). Weights are stored as
/// fixed-point 16-bit values (1/4096 steps over ±8); they are clipped to ±5.
/// The table is at most two thirds full (the default model: 0.50). A scorer
/// looks n-grams up in a copy laid out in cache-line buckets
/// (``BucketedWeightTable``), whose bucket for each key the scan prefetches
/// as it finds the key. Key 0 marks an empty slot.
public struct WeightTable: Sendable, Equatable {
    /// Slots: key in the high 32 bits, flags in bits 16–23, weight in the low 16.
    public internal(set) var slots: [UInt64]

    /// Per-feature flags.
    public enum Flags {
        /// The feature is in the spam lexicon used for keyword density.
        public static let lexicon: UInt8 = 1
    }

    /// Fixed-point scale of stored weights.
    @usableFromInline static let scale: Float = 4096

    /// The number of slots, a power of two.
    public var capacity: Int { slots.count }

    /// Creates a table from its slots; `slots.count` must be a power of two.
    init(slots: [UInt64]) {
        self.slots = slots
    }

    /// Packs one slot.
    @inlinable
    static func pack(key: UInt32, weight: Double, flags: UInt8) -> UInt64 {
        let fixed = Int16(clamping: Int((weight * Double(scale)).rounded()))
        return UInt64(key) << 32 | UInt64(flags) << 16 | UInt64(UInt16(bitPattern: fixed))
    }

    /// The weight stored in a slot word.
    @inlinable @inline(__always)
    static func weight(of slot: UInt64) -> Float {
        Float(Int16(bitPattern: UInt16(truncatingIfNeeded: slot))) / scale
    }

    /// The weight stored in a slot word, in fixed-point units of 1/``scale``.
    @inlinable @inline(__always)
    static func fixedWeight(of slot: UInt64) -> Int {
        Int(Int16(bitPattern: UInt16(truncatingIfNeeded: slot)))
    }

    /// A sum of ``fixedWeight(of:)`` values as a weight: exact, since every
    /// stored weight is a multiple of 1/4096 (a `Double` holds such sums exactly).
    @inlinable @inline(__always)
    static func weight(fixedSum: Int) -> Double {
        Double(fixedSum) / Double(scale)
    }

    /// The flags stored in a slot word.
    @inlinable @inline(__always)
    static func flags(of slot: UInt64) -> UInt8 {
        UInt8(truncatingIfNeeded: slot >> 16)
    }

    /// The slot word of `key`, or nil when the model never saw it.
    @inlinable
    public func lookUp(_ key: UInt32) -> (weight: Float, flags: UInt8)? {
        withProbe { $0.lookUp(key) }
    }

    /// Raw view of the table for hot loops: look-ups without reference
    /// counting or bounds checks. Valid only inside ``withProbe(_:)``.
    public struct Probe {
        @usableFromInline let slots: UnsafeBufferPointer<UInt64>
        @usableFromInline let mask: Int

        @usableFromInline
        init(slots: UnsafeBufferPointer<UInt64>) {
            self.slots = slots
            self.mask = slots.count - 1
        }

        /// The weight and flags of `key`, or nil when the model never saw it.
        @inlinable @inline(__always)
        public func lookUp(_ key: UInt32) -> (weight: Float, flags: UInt8)? {
            let slot = self.slot(of: key)
            guard slot != 0 else { return nil }
            return (WeightTable.weight(of: slot), WeightTable.flags(of: slot))
        }

        /// The slot word of `key`, or 0 when the model never saw it: an unseen
        /// feature then reads as weight 0 with no flags, without a branch.
        @inlinable @inline(__always)
        public func slot(of key: UInt32) -> UInt64 {
            var index = Int(key) & mask
            let wanted = UInt64(key)
            while true {
                let slot = slots[index]
                let stored = slot >> 32
                if stored == wanted { return slot }
                if stored == 0 { return 0 }
                index = (index + 1) & mask
            }
        }

        /// The weight of `key` in the table's fixed-point units (1/4096), 0
        /// for unseen features. Sums of these are exact integers, and equal to
        /// the sums of ``weight(of:)`` in `Double` once divided by 4096.
        @inlinable @inline(__always)
        public func fixedWeight(of key: UInt32) -> Int {
            WeightTable.fixedWeight(of: slot(of: key))
        }

        /// The weight of `key`, 0 for unseen features.
        @inlinable @inline(__always)
        public func weight(of key: UInt32) -> Float { lookUp(key)?.weight ?? 0 }
    }

    /// Calls `body` with a ``Probe`` over the table.
    @inlinable
    public func withProbe<T>(_ body: (Probe) -> T) -> T {
        slots.withUnsafeBufferPointer { body(Probe(slots: $0)) }
    }

    /// The weight of `key`, 0 for unseen features (they are evidence of nothing).
    @inlinable
    public func weight(of key: UInt32) -> Float {
        lookUp(key)?.weight ?? 0
    }

    /// Whether `key` is in the spam lexicon.
    public func isLexicon(_ key: UInt32) -> Bool {
        (lookUp(key)?.flags ?? 0) & Flags.lexicon != 0
    }

    /// Smoothing and pruning settings for ``build(from:parameters:)``.
    public struct Parameters: Sendable, Equatable {
        /// Additive (Lidstone) smoothing per feature and class. 0.1 was best of
        /// 0.05, 0.1 and 0.5 in 5-fold cross-validation on TrainingData/ (line F1
        /// 0.9735 against 0.9704 at 0.5).
        public var alpha: Double = 0.1
        /// Weights are clipped to ±this: one feature never decides a line alone.
        public var clip: Double = 5
        /// Minimum spam lines for an n-gram to enter the lexicon.
        public var lexiconMinimumSpam: UInt32 = 3
        /// Minimum weight for an n-gram to enter the lexicon (ln 7: seven times
        /// likelier in injected lines than in legit ones).
        public var lexiconMinimumWeight: Double = 1.95
        /// Creates the defaults.
        public init() {}
    }

    /// Builds the table of a set of counts.
    ///
    /// Multinomial naive Bayes with Lidstone smoothing per family:
    /// w(f) = ln((s_f + α) / (S + αV)) − ln((h_f + α) / (H + αV)), where S and H
    /// are the family's feature occurrences per class and V its vocabulary size.
    ///
    /// - Parameter notKeywords: n-gram keys that never enter the lexicon
    ///   whatever their weight (see ``ModelTrainer``: single Latin letters).
    public static func build(
        from counts: FeatureCounts, parameters: Parameters = Parameters(), notKeywords: Set<UInt32> = []
    ) -> WeightTable {
        // Insert in key order so that the table's bytes do not depend on the
        // count table's layout: the same counts give the same file.
        return build(
            sortedEntries: counts.features.entriesByKey,
            denominators: denominators(totals: counts.totals, vocabularySizes: counts.vocabularySizes, parameters: parameters),
            parameters: parameters, notKeywords: notKeywords)
    }

    /// The Lidstone denominators `(S + αV, H + αV)` of each family, in
    /// ``FeatureFamily`` order.
    static func denominators(totals: [[UInt64]], vocabularySizes: [Int], parameters: Parameters) -> [(spam: Double, ham: Double)] {
        FeatureFamily.allCases.map { family in
            let v = Double(max(vocabularySizes[family.rawValue], 1))
            return (Double(totals[family.rawValue][1]) + parameters.alpha * v,
                    Double(totals[family.rawValue][0]) + parameters.alpha * v)
        }
    }

    /// A table of just `sortedEntries` (in ascending key order), weighed with
    /// `denominators`: ``build(from:parameters:notKeywords:)`` for a subset of
    /// the keys, with the same weight and flags for each key it holds.
    static func build(
        sortedEntries: [(key: UInt32, entry: FeatureCounts.Entry)], denominators: [(spam: Double, ham: Double)],
        parameters: Parameters, notKeywords: Set<UInt32>
    ) -> WeightTable {
        var capacity = 16
        while capacity * 2 < sortedEntries.count * 3 { capacity <<= 1 }
        var slots = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        let clip = min(parameters.clip, 7.9)
        for (key, entry) in sortedEntries {
            let d = denominators[Int(entry.family)]
            var weight = log((Double(entry.spam) + parameters.alpha) / d.spam)
                - log((Double(entry.ham) + parameters.alpha) / d.ham)
            weight = min(max(weight, -clip), clip)
            var index = Int(key) & mask
            while slots[index] != 0 { index = (index + 1) & mask }
            let lexicon = entry.family == UInt8(FeatureFamily.ngram.rawValue) && entry.spam >= parameters.lexiconMinimumSpam
                && weight >= parameters.lexiconMinimumWeight && !notKeywords.contains(key)
            slots[index] = pack(key: key, weight: weight, flags: lexicon ? Flags.lexicon : 0)
        }
        return WeightTable(slots: slots)
    }
}
