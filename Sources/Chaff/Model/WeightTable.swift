import Foundation

/// The scoring form of a model: each feature's log-likelihood ratio, in an
/// open-addressing hash table that is stored in the model file as it is used.
///
/// Lookups cost one multiply-free mask and, on average, under two probes at the
/// table's load factor of at most one half. Key 0 marks an empty slot.
public struct WeightTable: Sendable, Equatable {
    /// Slot keys; 0 is empty.
    public internal(set) var keys: [UInt32]
    /// Log-likelihood ratio ln P(f | injected) − ln P(f | legit) per slot.
    public internal(set) var weights: [Float]
    /// ``Flags`` per slot.
    public internal(set) var flags: [UInt8]

    /// Per-feature flags.
    public enum Flags {
        /// The feature is in the spam lexicon used for keyword density.
        public static let lexicon: UInt8 = 1
    }

    /// The number of slots, a power of two.
    public var capacity: Int { keys.count }

    /// Creates a table from its parts; `keys.count` must be a power of two.
    init(keys: [UInt32], weights: [Float], flags: [UInt8]) {
        self.keys = keys
        self.weights = weights
        self.flags = flags
    }

    /// The slot of `key`, or nil when the model never saw it.
    @inlinable
    public func slot(of key: UInt32) -> Int? {
        let mask = keys.count - 1
        var slot = Int(key) & mask
        while true {
            let stored = keys[slot]
            if stored == key { return slot }
            if stored == 0 { return nil }
            slot = (slot + 1) & mask
        }
    }

    /// Raw views of the table for hot loops: look-ups without reference
    /// counting or bounds checks. Valid only inside ``withProbe(_:)``.
    public struct Probe {
        @usableFromInline let keys: UnsafeBufferPointer<UInt32>
        @usableFromInline let weights: UnsafeBufferPointer<Float>
        @usableFromInline let flags: UnsafeBufferPointer<UInt8>
        @usableFromInline let mask: Int

        @usableFromInline
        init(keys: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Float>, flags: UnsafeBufferPointer<UInt8>, mask: Int) {
            self.keys = keys
            self.weights = weights
            self.flags = flags
            self.mask = mask
        }

        /// The weight and flags of `key`, or nil when the model never saw it.
        @inlinable @inline(__always)
        public func lookUp(_ key: UInt32) -> (weight: Float, flags: UInt8)? {
            var slot = Int(key) & mask
            while true {
                let stored = keys[slot]
                if stored == key { return (weights[slot], flags[slot]) }
                if stored == 0 { return nil }
                slot = (slot + 1) & mask
            }
        }

        /// The weight of `key`, 0 for unseen features.
        @inlinable @inline(__always)
        public func weight(of key: UInt32) -> Float { lookUp(key)?.weight ?? 0 }
    }

    /// Calls `body` with a ``Probe`` over the table.
    @inlinable
    public func withProbe<T>(_ body: (Probe) -> T) -> T {
        keys.withUnsafeBufferPointer { keys in
            weights.withUnsafeBufferPointer { weights in
                flags.withUnsafeBufferPointer { flags in
                    body(Probe(keys: keys, weights: weights, flags: flags, mask: keys.count - 1))
                }
            }
        }
    }

    /// The weight of `key`, 0 for unseen features (they are evidence of nothing).
    @inlinable
    public func weight(of key: UInt32) -> Float {
        guard let slot = slot(of: key) else { return 0 }
        return weights[slot]
    }

    /// Smoothing and pruning settings for ``build(from:smoothing:)``.
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
    public static func build(from counts: FeatureCounts, parameters: Parameters = Parameters()) -> WeightTable {
        let sizes = counts.vocabularySizes
        var denominators: [(spam: Double, ham: Double)] = []
        for family in FeatureFamily.allCases {
            let v = Double(max(sizes[family.rawValue], 1))
            denominators.append((
                Double(counts.totals[family.rawValue][1]) + parameters.alpha * v,
                Double(counts.totals[family.rawValue][0]) + parameters.alpha * v))
        }
        var capacity = 16
        while capacity < counts.features.count * 2 { capacity <<= 1 }
        var keys = [UInt32](repeating: 0, count: capacity)
        var weights = [Float](repeating: 0, count: capacity)
        var flags = [UInt8](repeating: 0, count: capacity)
        let mask = capacity - 1
        // Insert in key order so that the table's bytes do not depend on the
        // dictionary's iteration order: the same counts give the same file.
        for key in counts.features.keys.sorted() {
            let entry = counts.features[key]!
            let d = denominators[Int(entry.family)]
            var weight = log((Double(entry.spam) + parameters.alpha) / d.spam)
                - log((Double(entry.ham) + parameters.alpha) / d.ham)

            weight = min(max(weight, -parameters.clip), parameters.clip)
            var slot = Int(key) & mask
            while keys[slot] != 0 { slot = (slot + 1) & mask }
            keys[slot] = key
            weights[slot] = Float(weight)
            if entry.family == UInt8(FeatureFamily.ngram.rawValue) && entry.spam >= parameters.lexiconMinimumSpam
                && weight >= parameters.lexiconMinimumWeight
            {
                flags[slot] |= Flags.lexicon
            }
        }
        return WeightTable(keys: keys, weights: weights, flags: flags)
    }
}
