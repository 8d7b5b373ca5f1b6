/// Accumulates labeled pages into counts and a calibration sample, then builds
/// a ``NaiveBayesModel``.
///
/// Training is counting: ``add(_:)`` any number of pages in any order (or
/// ``merge(_:)`` trainers of shards), then ``finish(namingFeaturesFrom:)``.
/// The result depends only on the multiset of pages, so training the same data
/// twice, or in shards, gives a byte-identical model file.
public struct ModelTrainer: Sendable {
    /// The feature configuration.
    public let configuration: FeatureConfiguration
    /// Smoothing and lexicon settings.
    public let parameters: WeightTable.Parameters
    /// The counts so far.
    public private(set) var counts = FeatureCounts()
    /// The held-out sample so far.
    public private(set) var sample: CalibrationSample
    /// Pages added.
    public private(set) var pages: UInt64 = 0
    /// Order-independent digest of the pages added (wrapping sum of page digests).
    public private(set) var dataDigest: UInt64 = 0
    let extractor: FeatureExtractor

    /// Creates an empty trainer.
    public init(
        configuration: FeatureConfiguration = .standard, parameters: WeightTable.Parameters = .init(),
        sampleCapacity: Int = CalibrationSample.defaultCapacity
    ) {
        self.configuration = configuration
        self.parameters = parameters
        self.sample = CalibrationSample(capacity: sampleCapacity)
        self.extractor = FeatureExtractor(configuration: configuration)
    }

    /// Creates a trainer that continues from a model's counts and sample
    /// (incremental training, shard merging).
    public init(continuing model: NaiveBayesModel) throws(ModelFileError) {
        self.init(configuration: model.configuration, parameters: model.parameters, sampleCapacity: model.sampleCapacity)
        counts = try model.counts()
        sample = try model.calibrationSample()
        pages = model.metadata.pages
        dataDigest = model.metadata.dataDigest
    }

    /// Adds one labeled page. Empty lines are skipped: they carry no evidence.
    public mutating func add(_ page: LabeledPage) {
        let features = extractor.pageFeatures(of: page)
        for (line, injected) in zip(features.lines, page.labels) where !line.isEmpty {
            counts.add(line, injected: injected)
            sample.offer(line, injected: injected)
        }
        pages += 1
        dataDigest &+= page.digest
    }

    /// Adds everything another trainer (of another shard) has counted.
    public mutating func merge(_ other: ModelTrainer) {
        counts.merge(other.counts)
        sample.merge(other.sample)
        pages += other.pages
        dataDigest &+= other.dataDigest
    }

    /// Builds the model: weights from all counts, a calibrator fitted on the
    /// sample scored by weights from the counts without the sample.
    ///
    /// - Parameter pages: pages to find the text of the model's top features in,
    ///   for `chaff inspect` and reasons; features not found keep their hash.
    public func finish(namingFeaturesFrom pages: [LabeledPage] = [], previousNames: [UInt32: String] = [:]) -> NaiveBayesModel {
        var sample = self.sample
        sample.normalize()
        var heldOut = counts
        for entry in sample.entries { heldOut.remove(entry.features, injected: entry.injected) }
        let heldOutTable = WeightTable.build(from: heldOut, parameters: parameters)
        let examples = sample.entries.map { entry in
            (inputs: LineEvidence(line: entry.features, table: heldOutTable).vector(enabled: configuration.enabledFamilies),
             injected: entry.injected)
        }
        let calibrator = Calibrator.fit(examples)
        let table = WeightTable.build(from: counts, parameters: parameters)
        let metadata = ModelMetadata(
            pages: self.pages, injectedLines: counts.lines[1], legitLines: counts.lines[0],
            dataDigest: dataDigest, features: UInt64(counts.features.count))
        var model = NaiveBayesModel(
            configuration: configuration, parameters: parameters, table: table, calibrator: calibrator,
            metadata: metadata, featureNames: [:], sections: .init(counts: counts, sample: sample))
        model.featureNames = FeatureNamer(model: model).names(from: pages, previous: previousNames)
        return model
    }
}
