import Dispatch
import Synchronization

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
    ///
    /// - Complexity: O(1) once ``finish()`` or ``merge(_:)`` has run; after
    ///   ``add(_:)``, O(*k*) in the keys of the distinct lines whose counts
    ///   wait in the line cache: they are added to a copy.
    public var counts: FeatureCounts {
        guard !lineTallies.isEmpty else { return tallied }
        var counts = tallied
        lineTallies.add(to: &counts, cache: lineCache)
        return counts
    }
    /// The counts of every line, but the lines and n-gram and shape keys of
    /// the lines tallied in ``lineTallies``.
    private var tallied = FeatureCounts()
    /// The features of page lines seen before, by their bytes: a repeated
    /// line is featured once (with a limit of 0 bytes, none is kept).
    private(set) var lineCache: ScannedLineCache
    /// How often each line of ``lineCache`` occurred: its lines and n-gram
    /// and shape keys are counted once with their multiplicity, when the
    /// cache fills or the counts are needed.
    private var lineTallies = LineTallies()
    /// The held-out sample so far.
    public private(set) var sample: CalibrationSample
    /// Pages added.
    public private(set) var pages: UInt64 = 0
    /// Order-independent digest of the pages added (wrapping sum of page digests).
    public private(set) var dataDigest: UInt64 = 0
    /// The text of every n-gram seen in an injected line, by key; of two texts
    /// with one key the smaller is kept, so the result is order-independent.
    ///
    /// - Complexity: O(*n*) in the total length of the names: they are kept as
    ///   scalars and turned into strings here.
    public var featureNames: [UInt32: String] { names.names }
    private var names = FeatureNameTable()
    /// Scratch for ``addStreaming(_:)``, kept between pages so that its
    /// buffers are allocated once, not grown again for every page.
    private var candidates = SampleCandidates()
    let extractor: FeatureExtractor

    /// Creates an empty trainer.
    ///
    /// - Parameters:
    ///   - configuration: the features to extract.
    ///   - parameters: smoothing and lexicon settings.
    ///   - sampleCapacity: the most lines the calibration sample keeps.
    ///   - lineCacheBytes: the most memory spent remembering the features of
    ///     lines already added, by their bytes, so that a repeated line is not
    ///     featured again (default 32 MB; 0 switches the cache off). It only
    ///     saves time: the model is the same either way.
    public init(
        configuration: FeatureConfiguration = .standard, parameters: WeightTable.Parameters = .init(),
        sampleCapacity: Int = CalibrationSample.defaultCapacity, lineCacheBytes: Int = ModelTrainer.defaultLineCacheBytes
    ) {
        self.configuration = configuration
        self.parameters = parameters
        self.sample = CalibrationSample(capacity: sampleCapacity)
        self.extractor = FeatureExtractor(configuration: configuration)
        self.lineCache = ScannedLineCache(byteLimit: max(0, lineCacheBytes))
    }

    /// The default memory for the cache of lines already added: 32 MB.
    public static let defaultLineCacheBytes = ScannedLineCache.defaultByteLimit

    /// Creates a trainer that continues from a model's counts and sample
    /// (incremental training, shard merging).
    public init(continuing model: NaiveBayesModel) throws(ModelFileError) {
        self.init(configuration: model.configuration, parameters: model.parameters, sampleCapacity: model.sampleCapacity)
        tallied = try model.counts()
        sample = try model.calibrationSample()
        names = FeatureNameTable(try model.featureNames())
        pages = model.metadata.pages
        dataDigest = model.metadata.dataDigest
    }

    /// Adds one labeled page. Empty lines are skipped: they carry no evidence.
    public mutating func add(_ page: LabeledPage) {
        if page.independentLines {
            let features = extractor.pageFeatures(of: page)
            for (line, injected) in zip(features.lines, page.labels) where !line.isEmpty {
                tallied.add(line, injected: injected)
                sample.offer(line, injected: injected)
            }
            for (index, injected) in page.labels.enumerated() where injected {
                names.offerNGrams(ofLine: index, in: page.lines, extractor: extractor)
            }
        } else {
            if lineCache.isFull { flushLineTallies() }
            addStreaming(page)
        }
        pages += 1
        dataDigest &+= page.digest
    }

    /// Counts a page's features straight from the extractor's buffers (or
    /// its line cache): only the lines the calibration sample may keep have
    /// their keys copied, into one flat buffer until their context keys are
    /// known; a cached line is tallied in ``lineTallies``, and its markup and
    /// context keys, like all the keys of a line not cached, go straight to the counts.
    /// Gives exactly the counts and sample of counting ``FeatureExtractor/features(of:markup:)``,
    /// and names the n-grams of injected lines from the scan's normalised text.
    private mutating func addStreaming(_ page: LabeledPage) {
        // Mutated locally and put back, so the scan's closure does not capture
        // self. The placeholders are shared empty values: no allocation per page.
        var counts = self.tallied
        self.tallied = Self.placeholderCounts
        var lineTallies = self.lineTallies
        self.lineTallies = LineTallies()
        var names = self.names
        self.names = Self.placeholderNames
        var candidates = self.candidates
        self.candidates = SampleCandidates()
        var lineCache = self.lineCache
        self.lineCache = Self.placeholderLineCache
        defer {
            candidates.removeAll()
            (self.tallied, self.lineTallies, self.names, self.candidates) = (counts, lineTallies, names, candidates)
            self.lineCache = lineCache
        }
        let sample = self.sample
        let ngrams = extractor.ngrams
        let extractor = self.extractor
        let scan = extractor.scan(page.lines, markup: page.markup, prefetch: NoPrefetch(), cache: &lineCache) { index, line in
            // Every line the cache keeps gets a tally, empty ones too, so
            // that tally i stays the one of cached line i.
            if line.cacheEntry == lineTallies.count {
                lineTallies.append(hash: CalibrationSample.contentHash(ngramKeys: line.keys, shapeKeys: line.shapeKeys))
            }
            guard line.statistics.length > 0 else { return }
            let injected = page.labels[index]
            let hash: UInt64
            var named = false
            if line.cacheEntry >= 0 {
                (hash, named) = lineTallies.count(line.cacheEntry, injected: injected)
            } else {
                hash = CalibrationSample.contentHash(ngramKeys: line.keys, shapeKeys: line.shapeKeys)
                counts.countLines(injected: injected ? 1 : 0, legit: injected ? 0 : 1)
                counts.add(line.keys, of: .ngram, injected: injected)
                counts.add(line.shapeKeys, of: .shape, injected: injected)
            }
            counts.add(line.markupKeys, of: .markup, injected: injected)
            // An injected line with these bytes was named already: the same
            // bytes give the same texts, so naming again changes nothing.
            if injected && !named {
                names.prefetch(line.keys)
                if line.scalars.isEmpty {
                    // From the line cache, which keeps no text: normalised again.
                    names.offerNGrams(ofLine: index, in: page.lines, extractor: extractor)
                } else {
                    names.offerNGrams(of: line.scalars, classes: line.classes, extractor: ngrams)
                }
            }
            guard sample.accepts(hash) else { return }
            candidates.append(index: index, hash: hash, line)
        }
        var next = 0
        extractor.forEachContextKeys(in: scan) { index, contextKeys in
            counts.add(contextKeys, of: .context, injected: page.labels[index])
            if next < candidates.count && candidates.lines[next].index == index {
                candidates.offer(
                    next, contextKeys: contextKeys, injected: page.labels[index], cache: lineCache, to: &self.sample)
                next += 1
            }
        }
    }

    /// Adds everything another trainer (of another shard) has counted.
    public mutating func merge(_ other: ModelTrainer) {
        flushLineTallies()
        // The counts merge on one thread while the sample and the names merge
        // on another: the three share nothing, and one after another they
        // were the merge's time, on one thread while the other cores waited.
        // Each is moved into a mutex and back (swapped, so that none is copied).
        let counts = Mutex(Self.placeholderCounts)
        let sampleAndNames = Mutex((sample: Self.placeholderSample, names: Self.placeholderNames))
        counts.withLock { swap(&$0, &tallied) }
        sampleAndNames.withLock { swap(&$0.sample, &sample); swap(&$0.names, &names) }
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 {
                counts.withLock { counts in
                    counts.merge(other.tallied)
                    // The other trainer's waiting lines go straight into these
                    // counts: its own would first copy its whole table to add them to.
                    other.lineTallies.add(to: &counts, cache: other.lineCache)
                }
            } else {
                sampleAndNames.withLock { merged in
                    merged.sample.merge(other.sample)
                    merged.names.merge(other.names)
                }
            }
        }
        counts.withLock { swap(&$0, &tallied) }
        sampleAndNames.withLock { swap(&$0.sample, &sample); swap(&$0.names, &names) }
        // At most what a model file holds (its reader refuses more): only
        // altered files come near it.
        pages.addSaturating(other.pages)
        pages = min(pages, UInt64(Int.max))
        dataDigest &+= other.dataDigest
    }

    /// Does the part of merging this trainer into another that needs only
    /// this trainer, now and on its own thread rather than on the merging
    /// one: adds its waiting line tallies to its counts and puts its sample
    /// in canonical order. What it has counted stays the same.
    mutating func prepareForMerge() {
        flushLineTallies()
        sample.normalize()
    }

    /// Adds the lines tallied in ``lineTallies`` to the counts and empties
    /// them and the line cache (which may be full of the hashes of lines
    /// seen once, with nothing tallied).
    private mutating func flushLineTallies() {
        if !lineTallies.isEmpty {
            lineTallies.add(to: &tallied, cache: lineCache)
            lineTallies.removeAll()
        }
        lineCache.removeAll()
    }

    // Empty values that ``addStreaming(_:)`` and ``merge(_:)`` leave in place
    // of the ones they work on, shared so that neither allocates any.
    private static let placeholderCounts = FeatureCounts()
    private static let placeholderNames = FeatureNameTable()
    private static let placeholderSample = CalibrationSample(capacity: 0)
    private static let placeholderLineCache = ScannedLineCache(byteLimit: 0)

    /// Builds the model: weights from all counts, and a calibrator averaged over
    /// ``calibrationParts`` fits, each on one part of the sample scored by
    /// weights from the counts without that part. The parts are fitted on
    /// all cores (`DispatchQueue.concurrentPerform`); the model is the same.
    public func finish() -> NaiveBayesModel {
        var trainer = self
        // Into the copy's counts, leaving this trainer's cache as it is (emptying
        // the copy's would allocate a fresh one).
        lineTallies.add(to: &trainer.tallied, cache: lineCache)
        trainer.lineTallies = LineTallies()
        trainer.lineCache = Self.placeholderLineCache
        return trainer.build()
    }

    /// ``finish()`` once every line is counted (``lineTallies`` is empty).
    private func build() -> NaiveBayesModel {
        var sample = self.sample
        sample.normalize()
        // Hold out at most a fifth of the lines, so that a small corpus still
        // keeps most of its counts. The sample is sorted, so its first k entries
        // are the bottom-k of the whole corpus: merging stays exact.
        var heldOutSample = sample
        heldOutSample.limit(to: Int(min(UInt64(sample.capacity), (counts.lines[0] + counts.lines[1]) / 5)))
        // A single letter of an alphabetic script is no keyword: as a lexicon
        // term it made any line "H." or "x" pure keyword density.
        let featureNames = self.featureNames
        let notKeywords = Set(featureNames.filter { _, text in
            text.unicodeScalars.count == 1 && !ScriptClass.of(text.unicodeScalars.first!.value).isIdeographic
        }.keys)
        let calibrator = calibrate(on: heldOutSample.entries, notKeywords: notKeywords)
        let table = WeightTable.build(from: counts, parameters: parameters, notKeywords: notKeywords)
        let metadata = ModelMetadata(
            pages: pages, injectedLines: counts.lines[1], legitLines: counts.lines[0],
            dataDigest: dataDigest, features: UInt64(counts.features.count))
        return NaiveBayesModel(
            configuration: configuration, parameters: parameters, table: table, calibrator: calibrator,
            metadata: metadata, sections: .decoded(counts: counts, sample: sample, names: featureNames))
    }
}

extension ModelTrainer {
    /// How many calibrators ``finish()`` fits and averages, each on its own part
    /// of the held-out sample.
    ///
    /// One calibrator fitted on one 4,000-line sample depended on which lines
    /// the sample happened to hold: the same data with three hash salts gave
    /// devset page detection from 0.945 to 0.973 and HTML false alarms from
    /// 1.7% to 3.0%. The mean of eight non-negative fits moved a few tenths of
    /// a point instead (Models/README.md, "Calibration stability, measured").
    public static let calibrationParts = 8

    /// Fits one calibrator per part of `entries` (every ``calibrationParts``-th
    /// entry, in canonical order), each on evidence from the counts without
    /// that part, and averages them.
    ///
    /// A small sample is cut into fewer parts, so that each part has on average
    /// twice ``Calibrator/minimumExamples`` lines of the rarer class.
    func calibrate(on entries: [CalibrationSample.Entry], notKeywords: Set<UInt32>) -> Calibrator {
        let positives = entries.count(where: \.injected)
        let rarer = min(positives, entries.count - positives)
        let partCount = max(1, min(Self.calibrationParts, rarer / (2 * Calibrator.minimumExamples)))
        let vocabularySizes = counts.vocabularySizes
        // The parts are fitted on as many threads as there are cores; each
        // fit depends on its part alone, and the mean takes them in order.
        let fits = Mutex([Calibrator](repeating: .uncalibrated, count: partCount))
        DispatchQueue.concurrentPerform(iterations: partCount) { part in
            let heldOutEntries = stride(from: part, to: entries.count, by: partCount).map { entries[$0] }
            let table = heldOutTable(without: heldOutEntries, vocabularySizes: vocabularySizes, notKeywords: notKeywords)
            let examples = heldOutEntries.map { entry in
                (inputs: LineEvidence(line: entry.features, table: table).vector(enabled: configuration.enabledFamilies),
                 injected: entry.injected)
            }
            let fit = Calibrator.fit(examples)
            fits.withLock { $0[part] = fit }
        }
        // A part that still came out too small to fit is left out of the mean.
        let fitted = fits.withLock { $0 }.filter { $0 != .uncalibrated }
        return fitted.isEmpty ? .uncalibrated : Calibrator.average(fitted)
    }

    /// The weights the counts without `heldOut` give, for the keys of
    /// `heldOut`'s lines only: what their evidence looks up.
    ///
    /// Gives each of those keys the weight and flags of
    /// ``WeightTable/build(from:parameters:notKeywords:)`` over a copy of the
    /// counts with the lines removed, without copying the counts or weighing
    /// every other feature (eight such builds were half of `chaff train`).
    func heldOutTable(
        without heldOut: [CalibrationSample.Entry], vocabularySizes: [Int], notKeywords: Set<UInt32>
    ) -> WeightTable {
        var totals = counts.totals
        // The held-out lines' counts per key, in the table type the counts
        // themselves use (a `Dictionary` here, and an array of the four key
        // lists per line, were most of this function's time).
        var removed = FeatureCountTable()
        for entry in heldOut {
            let classIndex = entry.injected ? 1 : 0
            let features = entry.features
            func remove(_ keys: [UInt32], _ family: FeatureFamily) {
                totals[family.rawValue][classIndex] -= UInt64(keys.count)
                removed.tally(keys, family: UInt8(family.rawValue), injected: entry.injected)
            }
            remove(features.ngramKeys, .ngram)
            remove(features.shapeKeys, .shape)
            remove(features.contextKeys, .context)
            remove(features.markupKeys, .markup)
        }
        var sizes = vocabularySizes
        var remaining: [(key: UInt32, entry: FeatureCounts.Entry)] = []
        remaining.reserveCapacity(removed.count)
        for (key, minus) in removed {
            guard let entry = counts.features[key] else { continue }
            let left = FeatureCounts.Entry(spam: entry.spam - minus.spam, ham: entry.ham - minus.ham, family: entry.family)
            if left.spam == 0 && left.ham == 0 {
                sizes[Int(entry.family)] -= 1
            } else {
                remaining.append((key, left))
            }
        }
        remaining.sort { $0.key < $1.key }
        return WeightTable.build(
            sortedEntries: remaining,
            denominators: WeightTable.denominators(totals: totals, vocabularySizes: sizes, parameters: parameters),
            parameters: parameters, notKeywords: notKeywords)
    }
}
