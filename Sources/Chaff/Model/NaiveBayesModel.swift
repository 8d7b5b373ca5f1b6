import Foundation

/// A trained model: the weights a scorer needs, the calibrator, and the counts
/// and sample that let it be merged with other models or trained further.
///
/// Immutable once built or loaded, and `Sendable`: load it once and share it.
/// Loading reads only the parts scoring needs; ``counts()``,
/// ``calibrationSample()`` and ``featureNames()`` read the rest of the file on demand.
public struct NaiveBayesModel: Sendable {
    /// The feature configuration the model was trained with.
    public let configuration: FeatureConfiguration
    /// Smoothing and lexicon settings the weights were built with.
    public let parameters: WeightTable.Parameters
    /// Feature weights.
    public let table: WeightTable
    /// Evidence-to-probability calibration.
    public let calibrator: Calibrator
    /// What the model was trained on.
    public let metadata: ModelMetadata
    /// Counts, sample and feature names, decoded or still in the file.
    let sections: Sections
    /// The calibrator's weights with switched-off families zeroed, so that
    /// scoring a line builds no input vector.
    let effectiveWeights: [Double]

    /// Where the mergeable parts of a model are.
    enum Sections: Sendable {
        /// In memory, as built by a trainer.
        case decoded(counts: FeatureCounts, sample: CalibrationSample, names: [UInt32: String])
        /// In a model file, read again when asked for.
        case file(URL, sampleCapacity: Int)
    }

    init(configuration: FeatureConfiguration, parameters: WeightTable.Parameters, table: WeightTable,
         calibrator: Calibrator, metadata: ModelMetadata, sections: Sections) {
        self.configuration = configuration
        self.parameters = parameters
        self.table = table
        self.calibrator = calibrator
        self.metadata = metadata
        self.sections = sections
        effectiveWeights = zip(calibrator.weights, LineEvidence.mask(enabled: configuration.enabledFamilies)).map { $0 * $1 }
    }

    /// The most lines the calibration sample keeps.
    public var sampleCapacity: Int {
        switch sections {
        case .decoded(_, let sample, _): return sample.capacity
        case .file(_, let capacity): return capacity
        }
    }

    /// The per-class counts the model was built from.
    public func counts() throws(ModelFileError) -> FeatureCounts {
        switch sections {
        case .decoded(let counts, _, _): return counts
        case .file(let url, _): return try ModelFile.readMergeableSections(of: url).counts
        }
    }

    /// The held-out lines the calibrator was fitted on.
    public func calibrationSample() throws(ModelFileError) -> CalibrationSample {
        switch sections {
        case .decoded(_, let sample, _): return sample
        case .file(let url, _): return try ModelFile.readMergeableSections(of: url).sample
        }
    }

    /// The text of every n-gram the model saw in an injected line, by key
    /// (the model otherwise knows features only by hash).
    public func featureNames() throws(ModelFileError) -> [UInt32: String] {
        switch sections {
        case .decoded(_, _, let names): return names
        case .file(let url, _): return try ModelFile.readMergeableSections(of: url).names
        }
    }

    /// The calibrated probability that a line with these features is injected.
    public func probability(of line: LineFeatures) -> Double {
        probability(of: LineEvidence(line: line, table: table))
    }

    /// The calibrated probability for already gathered evidence.
    public func probability(of evidence: LineEvidence) -> Double {
        calibrator.probability(evidence, weights: effectiveWeights)
    }
}
