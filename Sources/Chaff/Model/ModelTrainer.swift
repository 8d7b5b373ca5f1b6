/// Accumulates labeled pages into counts and a calibration sample, then builds
/// a ``NaiveBayesModel``.
///
/// Training is counting: ``add(_:)`` any number of pages in any order (or
/// ``merge(_:)`` trainers of shards), then ``finish()``.
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
    /// The text of every n-gram seen in an injected line, by key; of two texts
    /// with one key the smaller is kept, so the result is order-independent.
    public private(set) var featureNames: [UInt32: String] = [:]
    let extractor: FeatureExtractor
    let explainer: FeatureExplainer

    /// Creates an empty trainer.
    public init(
        configuration: FeatureConfiguration = .standard, parameters: WeightTable.Parameters = .init(),
        sampleCapacity: Int = CalibrationSample.defaultCapacity
    ) {
        self.configuration = configuration
        self.parameters = parameters
        self.sample = CalibrationSample(capacity: sampleCapacity)
        self.extractor = FeatureExtractor(configuration: configuration)
        self.explainer = FeatureExplainer(configuration: configuration)
    }

    /// Creates a trainer that continues from a model's counts and sample
    /// (incremental training, shard merging).
    public init(continuing model: NaiveBayesModel) throws(ModelFileError) {
        self.init(configuration: model.configuration, parameters: model.parameters, sampleCapacity: model.sampleCapacity)
        counts = try model.counts()
        sample = try model.calibrationSample()
        featureNames = try model.featureNames()
        pages = model.metadata.pages
        dataDigest = model.metadata.dataDigest
    }

    /// Adds one labeled page. Empty lines are skipped: they carry no evidence.
    public mutating func add(_ page: LabeledPage) {
        if page.independentLines {
            let features = extractor.pageFeatures(of: page)
            for (line, injected) in zip(features.lines, page.labels) where !line.isEmpty {
                counts.add(line, injected: injected)
                sample.offer(line, injected: injected)
            }
        } else {
            addStreaming(page)
        }
        for (index, injected) in page.labels.enumerated() where injected { nameNGrams(ofLine: index, in: page.lines) }
        pages += 1
        dataDigest &+= page.digest
    }

    /// Counts a page's features straight from the extractor's buffers: only the
    /// lines the calibration sample may keep are copied into ``LineFeatures``.
    /// Gives exactly the counts and sample of counting ``FeatureExtractor/features(of:markup:)``.
    private mutating func addStreaming(_ page: LabeledPage) {
        // Mutated locally and put back, so the scan's closure does not capture self.
        var counts = self.counts
        self.counts = FeatureCounts()
        defer { self.counts = counts }
        let sample = self.sample
        var candidates: [(index: Int, hash: UInt64, features: LineFeatures)] = []
        let scan = extractor.scan(page.lines, markup: page.markup) { index, line in
            guard line.statistics.length > 0 else { return }
            let injected = page.labels[index]
            counts.countLine(injected: injected)
            counts.add(line.keys, of: .ngram, injected: injected)
            counts.add(line.shapeKeys, of: .shape, injected: injected)
            counts.add(line.markupKeys, of: .markup, injected: injected)
            let hash = CalibrationSample.contentHash(ngramKeys: line.keys, shapeKeys: line.shapeKeys)
            guard sample.accepts(hash) else { return }
            candidates.append((index, hash, LineFeatures(line)))
        }
        var contextKeys: [UInt32] = []
        var next = 0
        for index in scan.nonEmpty {
            extractor.contextKeys(of: index, in: scan, into: &contextKeys)
            counts.add(contextKeys, of: .context, injected: page.labels[index])
            if next < candidates.count && candidates[next].index == index {
                candidates[next].features.contextKeys = contextKeys
                self.sample.offer(candidates[next].features, hash: candidates[next].hash, injected: page.labels[index])
                next += 1
            }
        }
    }

    /// Adds everything another trainer (of another shard) has counted.
    public mutating func merge(_ other: ModelTrainer) {
        counts.merge(other.counts)
        sample.merge(other.sample)
        pages += other.pages
        dataDigest &+= other.dataDigest
        for (key, text) in other.featureNames { Self.offer(text, for: key, to: &featureNames) }
    }

    /// Offers the text of every n-gram of line `index` to ``featureNames``,
    /// building text only where the name is missing or differs (a hash collision).
    private mutating func nameNGrams(ofLine index: Int, in lines: [String]) {
        var found = NGramRanges()
        let scalars = lines.withUTF8(ofLine: index) { explainer.visitNGrams(ofUTF8: $0, into: &found) }
        scalars.withUnsafeBufferPointer { scalars in
            for (key, range) in found.ngrams {
                let ngram = UnsafeBufferPointer(rebasing: scalars[range])
                if let existing = featureNames[key], existing.unicodeScalars.elementsEqual(ngram, by: { $0.value == $1 }) {
                    continue
                }
                Self.offer(FeatureExplainer.text(of: ngram), for: key, to: &featureNames)
            }
        }
    }

    static func offer(_ text: String, for key: UInt32, to names: inout [UInt32: String]) {
        if let existing = names[key], existing <= text { return }
        names[key] = text
    }

    /// Builds the model: weights from all counts, a calibrator fitted on the
    /// sample scored by weights from the counts without the sample.
    public func finish() -> NaiveBayesModel {
        var sample = self.sample
        sample.normalize()
        // Hold out at most a fifth of the lines, so that a small corpus still
        // keeps most of its counts. The sample is sorted, so its first k entries
        // are the bottom-k of the whole corpus: merging stays exact.
        var heldOutSample = sample
        heldOutSample.limit(to: Int(min(UInt64(sample.capacity), (counts.lines[0] + counts.lines[1]) / 5)))
        var heldOut = counts
        for entry in heldOutSample.entries { heldOut.remove(entry.features, injected: entry.injected) }
        // A single letter of an alphabetic script is no keyword: as a lexicon
        // term it made any line "H." or "x" pure keyword density.
        let notKeywords = Set(featureNames.filter { _, text in
            text.unicodeScalars.count == 1 && !ScriptClass.of(text.unicodeScalars.first!.value).isIdeographic
        }.keys)
        let heldOutTable = WeightTable.build(from: heldOut, parameters: parameters, notKeywords: notKeywords)
        let examples = heldOutSample.entries.map { entry in
            (inputs: LineEvidence(line: entry.features, table: heldOutTable).vector(enabled: configuration.enabledFamilies),
             injected: entry.injected)
        }
        let calibrator = Calibrator.fit(examples)
        let table = WeightTable.build(from: counts, parameters: parameters, notKeywords: notKeywords)
        let metadata = ModelMetadata(
            pages: pages, injectedLines: counts.lines[1], legitLines: counts.lines[0],
            dataDigest: dataDigest, features: UInt64(counts.features.count))
        return NaiveBayesModel(
            configuration: configuration, parameters: parameters, table: table, calibrator: calibrator,
            metadata: metadata, sections: .decoded(counts: counts, sample: sample, names: featureNames))
    }
}

/// Collects each n-gram occurrence's key and scalar range.
private struct NGramRanges: NGramSink {
    var ngrams: [(key: UInt32, range: Range<Int>)] = []

    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        ngrams.append((key, range))
    }
}
