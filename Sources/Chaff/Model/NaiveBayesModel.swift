import Foundation

/// A trained model: the weights a scorer needs, the calibrator, and the counts
/// and sample that let it be merged with other models or trained further.
///
/// Immutable once built or loaded, and `Sendable`: load it once and share it.
/// Loading reads only the parts scoring needs; ``counts()`` and
/// ``calibrationSample()`` read the rest of the file on demand.
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
    /// Text of the model's strongest n-gram features, by key.
    public internal(set) var featureNames: [UInt32: String]
    /// Counts and sample, decoded or still in the file.
    let sections: Sections

    /// Where the mergeable parts of a model are.
    enum Sections: Sendable {
        /// In memory, as built by a trainer.
        case decoded(counts: FeatureCounts, sample: CalibrationSample)
        /// In a model file, read again when asked for.
        case file(URL, sampleCapacity: Int)

        init(counts: FeatureCounts, sample: CalibrationSample) {
            self = .decoded(counts: counts, sample: sample)
        }
    }

    init(configuration: FeatureConfiguration, parameters: WeightTable.Parameters, table: WeightTable,
         calibrator: Calibrator, metadata: ModelMetadata, featureNames: [UInt32: String], sections: Sections) {
        self.configuration = configuration
        self.parameters = parameters
        self.table = table
        self.calibrator = calibrator
        self.metadata = metadata
        self.featureNames = featureNames
        self.sections = sections
    }

    /// The most lines the calibration sample keeps.
    public var sampleCapacity: Int {
        switch sections {
        case .decoded(_, let sample): return sample.capacity
        case .file(_, let capacity): return capacity
        }
    }

    /// The per-class counts the model was built from.
    public func counts() throws(ModelFileError) -> FeatureCounts {
        switch sections {
        case .decoded(let counts, _): return counts
        case .file(let url, _): return try ModelFile.readMergeableSections(of: url).counts
        }
    }

    /// The held-out lines the calibrator was fitted on.
    public func calibrationSample() throws(ModelFileError) -> CalibrationSample {
        switch sections {
        case .decoded(_, let sample): return sample
        case .file(let url, _): return try ModelFile.readMergeableSections(of: url).sample
        }
    }

    /// The calibrated probability that a line with these features is injected.
    public func probability(of line: LineFeatures) -> Double {
        probability(of: LineEvidence(line: line, table: table))
    }

    /// The calibrated probability for already gathered evidence.
    public func probability(of evidence: LineEvidence) -> Double {
        calibrator.probability(evidence.vector(enabled: configuration.enabledFamilies))
    }
}
