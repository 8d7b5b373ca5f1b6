/// Turns the lines of a page into features: n-grams, line structure and page context.
///
/// Context needs the whole page (its main script, its vocabulary), so extraction
/// works on a page at a time. An extractor is an immutable value; extracting
/// allocates only per call, so any number of tasks can share one.
public struct FeatureExtractor: Sendable {
    /// The configuration in use.
    public let configuration: FeatureConfiguration
    let normalizer = TextNormalizer()
    let ngrams: NGramExtractor

    /// Creates an extractor.
    public init(configuration: FeatureConfiguration = .standard) {
        self.configuration = configuration
        ngrams = NGramExtractor(configuration: configuration)
    }

    /// The features of a page given as lines.
    ///
    /// - Parameters:
    ///   - lines: the page's lines.
    ///   - markup: for pages read from HTML, one ``LineMarkup`` per line.
    /// - Complexity: O(*n*) in the total length of the lines.
    public func features(of lines: [String], markup: [LineMarkup]? = nil) -> PageFeatures {
        var buffer = NormalizedLine()
        var classes: [ScriptClass] = []
        var collector = LineKeyCollector()
        var result: [LineFeatures] = []
        result.reserveCapacity(lines.count)
        var vocabularyOffsets: [Int] = [0]
        var vocabulary: [UInt32] = []
        var pageClassCounts = [Int](repeating: 0, count: ScriptClass.allCases.count)
        var simplifiedLines = 0
        var traditionalLines = 0

        for line in lines {
            normalizer.normalize(line, into: &buffer)
            var features = LineFeatures()
            collector.reset()
            buffer.scalars.withUnsafeBufferPointer { scalars in
                classes.removeAll(keepingCapacity: true)
                for value in scalars { classes.append(ScriptClass.of(value)) }
                classes.withUnsafeBufferPointer { classes in
                    features.statistics = LineStatistics(scalars: scalars, classes: classes, wideGaps: buffer.wideGapCount)
                    ngrams.visit(scalars, classes: classes, into: &collector)
                }
            }
            features.ngramKeys = collector.keys
            features.ngramCounts = collector.counts
            features.shapeKeys = ShapeToken.tokens(of: features.statistics).map(\.key)
            if let markup, result.count < markup.count, !features.isEmpty {
                features.markupKeys = MarkupToken.tokens(of: markup[result.count]).map(\.key)
            }
            vocabulary.append(contentsOf: collector.vocabulary)
            vocabularyOffsets.append(vocabulary.count)
            for (index, count) in features.statistics.classCounts.enumerated() { pageClassCounts[index] += count }
            switch features.statistics.hanVariant {
            case .simplified: simplifiedLines += 1
            case .traditional: traditionalLines += 1
            case .undetermined: break
            }
            result.append(features)
        }

        var page = PageFeatures(lines: result)
        addContext(
            to: &page, vocabulary: vocabulary, vocabularyOffsets: vocabularyOffsets,
            pageStatistics: PageStatistics(classCounts: pageClassCounts, simplifiedLines: simplifiedLines, traditionalLines: traditionalLines))
        return page
    }

    /// What the page as a whole looks like.
    struct PageStatistics {
        var script: ScriptClass?
        var simplifiedLines: Int
        var traditionalLines: Int

        init(classCounts: [Int], simplifiedLines: Int, traditionalLines: Int) {
            var statistics = LineStatistics()
            statistics.classCounts = classCounts
            script = statistics.dominantScript
            self.simplifiedLines = simplifiedLines
            self.traditionalLines = traditionalLines
        }
    }

    func addContext(to page: inout PageFeatures, vocabulary: [UInt32], vocabularyOffsets: [Int], pageStatistics: PageStatistics) {
        var counter = KeyCounter(expectedKeys: vocabulary.count)
        for key in vocabulary { counter.increment(key) }

        let nonEmpty = page.lines.indices.filter { !page.lines[$0].isEmpty }
        guard let firstIndex = nonEmpty.first, let lastIndex = nonEmpty.last else { return }
        let span = max(page.lines.count - 1, 1)
        let dense = page.lines.map { $0.statistics.separatorDensity >= 0.05 && $0.statistics.segments >= 3 }
        var previousDense = false
        for (order, index) in nonEmpty.enumerated() {
            let statistics = page.lines[index].statistics
            var tokens: [ContextToken] = []
            tokens.append(ContextToken(observation: .position, bucket: UInt32(min(4, index * 5 / (span + 1)))))
            tokens.append(ContextToken(observation: .edge, bucket: index == firstIndex ? 1 : index == lastIndex ? 2 : 0))

            let lineScript = statistics.dominantScript
            let scriptBucket: UInt32 = lineScript == nil || pageStatistics.script == nil ? 2 : lineScript == pageStatistics.script ? 0 : 1
            tokens.append(ContextToken(observation: .scriptAgainstPage, bucket: scriptBucket))
            let separatorBucket = ShapeToken.bucket(statistics.separatorDensity, edges: [0.0001, 0.02, 0.05, 0.1, 0.2])
            tokens.append(ContextToken(observation: .foreignScriptBySeparators, bucket: scriptBucket * 8 + separatorBucket))

            // The line against the rest of the page, by lines, so that a long
            // Simplified block cannot make a Traditional page look Simplified.
            let lineVariant = statistics.hanVariant
            let restVariant = HanVariant.decideByLines(
                simplified: pageStatistics.simplifiedLines - (lineVariant == .simplified ? 1 : 0),
                traditional: pageStatistics.traditionalLines - (lineVariant == .traditional ? 1 : 0))
            let variantBucket: UInt32 = lineVariant == .undetermined || restVariant == .undetermined ? 2
                : lineVariant == restVariant ? 0 : 1
            tokens.append(ContextToken(observation: .hanVariantAgainstPage, bucket: variantBucket))

            let lineVocabulary = vocabulary[vocabularyOffsets[index]..<vocabularyOffsets[index + 1]]
            if lineVocabulary.count >= 3 {
                var shared = 0
                for key in lineVocabulary where counter.count(of: key) >= 2 { shared += 1 }
                let share = Double(shared) / Double(lineVocabulary.count)
                tokens.append(ContextToken(observation: .sharedVocabulary, bucket: ShapeToken.bucket(share, edges: [0.0001, 0.1, 0.3, 0.6])))
            }
            let nextDense = order + 1 < nonEmpty.count ? dense[nonEmpty[order + 1]] : false
            tokens.append(ContextToken(observation: .previousSeparatorDense, bucket: previousDense ? 1 : 0))
            tokens.append(ContextToken(observation: .nextSeparatorDense, bucket: nextDense ? 1 : 0))
            previousDense = dense[index]
            page.lines[index].contextKeys = tokens.map(\.key)
        }
    }
}

/// Counts 32-bit keys in an open-addressing table: several times faster than
/// `Dictionary` for the page-sized counts context features need.
struct KeyCounter {
    private var keys: [UInt32]
    private var counts: [UInt32]
    private let mask: Int

    init(expectedKeys: Int) {
        var capacity = 16
        while capacity < expectedKeys * 2 { capacity <<= 1 }
        keys = [UInt32](repeating: 0, count: capacity)
        counts = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    mutating func increment(_ key: UInt32) {
        var slot = Int(key) & mask
        while true {
            if keys[slot] == key {
                counts[slot] += 1
                return
            }
            if keys[slot] == 0 {
                keys[slot] = key
                counts[slot] = 1
                return
            }
            slot = (slot + 1) & mask
        }
    }

    func count(of key: UInt32) -> UInt32 {
        var slot = Int(key) & mask
        while keys[slot] != 0 {
            if keys[slot] == key { return counts[slot] }
            slot = (slot + 1) & mask
        }
        return 0
    }
}

extension FeatureExtractor {
    /// The features of a labeled page; independent lines (TSV data) are featured
    /// one by one and get no page-context keys.
    public func pageFeatures(of page: LabeledPage) -> PageFeatures {
        guard page.independentLines else { return features(of: page.lines) }
        return PageFeatures(lines: page.lines.map { line in
            var features = features(of: [line]).lines[0]
            features.contextKeys = []
            return features
        })
    }
}
