/// Where the scan looks feature weights up: the model's ``WeightTable``
/// (training, calibration) or the scorer's ``BucketedWeightTable``. Both give
/// every key the same slot word, so calibration and scoring gather the same
/// evidence from either.
protocol WeightLookup {
    /// The ``WeightTable`` slot word of `key` (key, flags and weight), or 0
    /// when the model never saw it.
    func slot(of key: UInt32) -> UInt64

    /// The weights and lexicon flags of a line's distinct n-gram keys, with
    /// their occurrence counts: what ``LineEvidence`` is made of.
    func tally(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>) -> NGramTally
}

/// A line's distinct n-gram keys as the model weighs them.
struct NGramTally: Equatable {
    /// The keys' weights in fixed-point units (``WeightTable/fixedWeight(of:)``), summed.
    var fixedSum = 0
    /// The keys' occurrences, summed.
    var occurrences = 0
    /// The occurrences of the keys that are lexicon terms.
    var lexiconOccurrences = 0
    /// The keys that are lexicon terms.
    var lexiconDistinct = 0
}

extension WeightLookup {
    /// ``WeightLookup/tally(keys:counts:)`` a key at a time through ``slot(of:)``.
    func tally(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>) -> NGramTally {
        var tally = NGramTally()
        // Checked arithmetic on purpose: with wrapping additions the compiler
        // laid this loop out differently, at 13% more instructions.
        for i in 0..<keys.count {
            let count = Int(counts[i])
            tally.occurrences += count
            let slot = slot(of: keys[i])
            tally.fixedSum += WeightTable.fixedWeight(of: slot)
            // Without a branch: whether an n-gram is a lexicon term is a coin
            // toss on spam lines.
            let lexicon = WeightTable.flags(of: slot) & WeightTable.Flags.lexicon != 0 ? 1 : 0
            tally.lexiconOccurrences += count &* lexicon
            tally.lexiconDistinct += lexicon
        }
        return tally
    }

    /// The weight of `key` in fixed-point units (``WeightTable/fixedWeight(of:)``),
    /// 0 for unseen features.
    @inline(__always)
    func fixedWeight(of key: UInt32) -> Int {
        WeightTable.fixedWeight(of: slot(of: key))
    }

    /// The weight and flags of `key`, or nil when the model never saw it.
    @inline(__always)
    func lookUp(_ key: UInt32) -> (weight: Float, flags: UInt8)? {
        let slot = self.slot(of: key)
        guard slot != 0 else { return nil }
        return (WeightTable.weight(of: slot), WeightTable.flags(of: slot))
    }
}

extension WeightTable.Probe: WeightLookup {}
