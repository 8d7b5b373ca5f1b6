/// Where the scan looks feature weights up: the model's ``WeightTable``
/// (training, calibration) or the scorer's ``BucketedWeightTable``. Both give
/// every key the same slot word, so calibration and scoring gather the same
/// evidence from either.
protocol WeightLookup {
    /// The ``WeightTable`` slot word of `key` (key, flags and weight), or 0
    /// when the model never saw it.
    func slot(of key: UInt32) -> UInt64
}

extension WeightLookup {
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
