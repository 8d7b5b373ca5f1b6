/// Turns the lines of a page into features: n-grams, line structure, page
/// context and markup.
///
/// Context needs the whole page (its main script, its vocabulary), so extraction
/// works on a page at a time, in two passes: ``scan(_:markup:_:)`` measures
/// every line and hands its n-grams to a callback while they are in a reusable
/// buffer; ``contextKeys(of:in:into:)`` then places each line in its page.
/// Training keeps the keys (``features(of:markup:)``); scoring looks their
/// weights up on the spot and never stores them. An extractor is an immutable
/// value; all scratch space belongs to a call, so any number of tasks can share one.
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
    public func features<Lines: PageLines>(of lines: Lines, markup: [LineMarkup]? = nil) -> PageFeatures {
        var result: [LineFeatures] = []
        result.reserveCapacity(lines.lineCount)
        let scan = self.scan(lines, markup: markup) { _, line in
            result.append(LineFeatures(line))
        }
        var page = PageFeatures(lines: result)
        forEachContextKeys(in: scan) { index, keys in page.lines[index].contextKeys = Array(keys) }
        return page
    }

    // MARK: Pass 1: lines

    /// One line as the scan sees it; valid only inside the callback.
    public struct ScannedLine {
        /// Distinct n-gram keys, in order of first occurrence.
        public let keys: UnsafeBufferPointer<UInt32>
        /// Occurrences of each key.
        public let counts: UnsafeBufferPointer<UInt16>
        /// The line's measurements.
        public let statistics: LineStatistics
        /// Line-structure keys (left empty by a scorer's scan without a line
        /// cache, which reads their weights by measure and bucket; the
        /// public scans write them).
        public let shapeKeys: UnsafeBufferPointer<UInt32>
        /// Markup keys (empty for plain text).
        public let markupKeys: [UInt32]
        /// The normalised line, which the n-gram visitor's ranges index (empty
        /// for a line whose features a trainer took from its cache of lines
        /// seen before; the public scans never use one).
        public let scalars: UnsafeBufferPointer<UInt32>
        /// The class of each scalar.
        public let classes: UnsafeBufferPointer<ScriptClass>
        /// The line's index in the scan's ``ScannedLineCache``, or -1 when it is not cached.
        var cacheEntry = -1
    }

    /// What pass 2 needs to know about a scanned page.
    public struct PageScan: Sendable {
        /// Each line's measurements.
        public internal(set) var statistics: [LineStatistics] = []
        var vocabulary = PageVocabulary()
        var classCounts = SIMD16<Int32>()
        var simplifiedLines = 0
        var traditionalLines = 0
        var nonEmpty: [Int] = []
        var separatorDense: [Bool] = []
        var script: ScriptClass?
    }

    /// Measures every line and calls `body` with its n-grams, structure and
    /// markup keys, then prepares what ``contextKeys(of:in:into:)`` needs.
    public func scan<Lines: PageLines>(
        _ lines: Lines, markup: [LineMarkup]?, _ body: (Int, ScannedLine) -> Void
    ) -> PageScan {
        scan(lines, markup: markup, prefetch: NoPrefetch(), body)
    }

    /// ``scan(_:markup:_:)`` for a `body` that looks the n-gram keys up in
    /// `prefetch`, which is told of each key as it is found.
    func scan<Lines: PageLines, Prefetch: KeyPrefetching>(
        _ lines: Lines, markup: [LineMarkup]?, prefetch: Prefetch, _ body: (Int, ScannedLine) -> Void
    ) -> PageScan {
        var noCache = NoLineCache()
        return scan(lines, markup: markup, prefetch: prefetch, cache: &noCache, body)
    }

    /// ``scan(_:markup:_:)`` that takes the features of lines seen before
    /// from `cache`, and adds the lines it has not seen. A line taken from
    /// the cache reaches `body` without its normalised text: its
    /// ``ScannedLine/scalars`` and ``ScannedLine/classes`` are empty.
    ///
    /// - Parameter shapeKeys: whether `body` reads the lines'
    ///   ``ScannedLine/shapeKeys``; when it does not (a scorer, which reads the
    ///   shape tokens' weights by measure and bucket) and `cache` keeps no
    ///   lines, they are left empty.
    func scan<Lines: PageLines, Prefetch: KeyPrefetching, Cache: LineCaching>(
        _ lines: Lines, markup: [LineMarkup]?, prefetch: Prefetch, cache: inout Cache, shapeKeys wanted: Bool = true,
        _ body: (Int, ScannedLine) -> Void
    ) -> PageScan {
        let writesShapeKeys = wanted || Cache.keepsLines
        var scan = PageScan()
        let lineCount = lines.lineCount
        scan.statistics.reserveCapacity(lineCount)
        scan.separatorDense.reserveCapacity(lineCount)
        scan.nonEmpty.reserveCapacity(lineCount)
        var vocabulary = PageVocabulary.Builder(lines: lineCount)
        var buffer = NormalizedLineBuffer()
        var collector = LineKeyCollector(prefetch: prefetch)
        let shapeKeys = UnsafeMutablePointer<UInt32>.allocate(capacity: ShapeToken.maximumKeysPerLine)
        defer { shapeKeys.deallocate() }
        func markupKeys(of index: Int, _ statistics: LineStatistics) -> [UInt32] {
            statistics.length == 0 || markup == nil || index >= markup!.count ? [] : MarkupToken.keys(of: markup![index])
        }
        for index in 0..<lineCount {
            var cached: Int?
            lines.withUTF8(ofLine: index) { bytes in
                cached = cache.lookUp(bytes)
                if cached == nil { buffer.normalize(bytes, with: normalizer) }
            }
            if Cache.prefetches && index + 1 < lineCount { lines.withUTF8(ofLine: index + 1) { cache.prefetch($0) } }
            let statistics: LineStatistics
            if let cached {
                statistics = cache.withLine(cached) { line in
                    body(index, ScannedLine(keys: line.keys, counts: line.counts, statistics: line.statistics,
                                            shapeKeys: line.shapeKeys, markupKeys: markupKeys(of: index, line.statistics),
                                            scalars: UnsafeBufferPointer(start: nil, count: 0),
                                            classes: UnsafeBufferPointer(start: nil, count: 0), cacheEntry: cached))
                    // Each line's vocabulary once, so the page counter counts lines.
                    vocabulary.appendLine(line.vocabulary)
                    return line.statistics
                }
            } else {
                collector.reset()
                let (scalars, classes) = buffer.line
                ngrams.visit(scalars, classes: classes, into: &collector)
                statistics = LineStatistics(scalars: scalars, classes: classes, wideGaps: buffer.wideGaps)
                let shapeCount = statistics.length == 0 || !writesShapeKeys ? 0 : ShapeToken.writeKeys(of: statistics, into: shapeKeys)
                let shapes = UnsafeBufferPointer(start: shapeKeys, count: shapeCount)
                let (keys, counts, lineVocabulary) = collector.buffers
                let entry = cache.store(ScannedLineCache.Line(
                    keys: keys, counts: counts, vocabulary: lineVocabulary, shapeKeys: shapes, statistics: statistics))
                body(index, ScannedLine(keys: keys, counts: counts, statistics: statistics, shapeKeys: shapes,
                                        markupKeys: markupKeys(of: index, statistics), scalars: scalars, classes: classes,
                                        cacheEntry: entry ?? -1))
                vocabulary.appendLine(lineVocabulary)
            }
            scan.classCounts &+= statistics.classCounts
            switch statistics.hanVariant {
            case .simplified: scan.simplifiedLines += 1
            case .traditional: scan.traditionalLines += 1
            case .undetermined: break
            }
            if statistics.length > 0 { scan.nonEmpty.append(index) }
            scan.separatorDense.append(statistics.separatorDensity >= 0.05 && statistics.segments >= 3)
            scan.statistics.append(statistics)
        }
        scan.vocabulary = vocabulary.finish()
        var pageStatistics = LineStatistics()
        pageStatistics.classCounts = scan.classCounts
        scan.script = pageStatistics.dominantScript
        return scan
    }

    // MARK: Pass 2: context

    /// The context keys of line `index` of a scanned page, written into `keys`.
    public func contextKeys(of index: Int, in scan: PageScan, into keys: inout [UInt32]) {
        keys.removeAll(keepingCapacity: true)
        guard let order = Self.position(of: index, in: scan.nonEmpty) else { return }
        // Gathered on the stack and appended at once: appending them one by
        // one was a third of this function.
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumContextKeys) { found in
            let count = contextKeys(ofNonEmpty: order, in: scan, into: found)
            keys.append(contentsOf: UnsafeBufferPointer(rebasing: found[0..<count]))
        }
    }

    /// Calls `body` with the index and the context keys of every non-empty
    /// line of a scanned page, in order; the keys are valid only inside the
    /// call. One stack buffer serves the whole page: an array per line cost
    /// more than finding the keys.
    func forEachContextKeys(in scan: PageScan, _ body: (_ index: Int, _ keys: UnsafeBufferPointer<UInt32>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.maximumContextKeys) { found in
            for (order, index) in scan.nonEmpty.enumerated() {
                let count = contextKeys(ofNonEmpty: order, in: scan, into: found)
                body(index, UnsafeBufferPointer(rebasing: found[0..<count]))
            }
        }
    }

    /// The context tokens of line `index` of a scanned page (none for an
    /// empty line): those whose keys ``contextKeys(of:in:into:)`` writes, in
    /// the same order.
    public func contextTokens(of index: Int, in scan: PageScan) -> [ContextToken] {
        guard let order = Self.position(of: index, in: scan.nonEmpty) else { return [] }
        var tokens: [ContextToken] = []
        tokens.reserveCapacity(Self.maximumContextKeys)
        visitContextTokens(ofNonEmpty: order, in: scan) { tokens.append(ContextToken(observation: $0, bucket: $1)) }
        return tokens
    }

    /// The most context keys a line has: one per ``ContextToken/Observation``.
    private static let maximumContextKeys = ContextToken.Observation.allCases.count

    /// Calls `body` with the index and the summed fixed-point weights of the
    /// context tokens of every non-empty line of a scanned page, in order:
    /// ``forEachContextKeys(in:_:)`` for a scorer, which reads the weights by
    /// observation and bucket instead of looking keys up.
    func forEachContextWeight(
        in scan: PageScan, _ weights: TokenWeightTable<ContextToken>.Reader, _ body: (_ index: Int, _ fixedSum: Int) -> Void
    ) {
        for (order, index) in scan.nonEmpty.enumerated() {
            var sum = 0
            visitContextTokens(ofNonEmpty: order, in: scan) { sum &+= weights.fixedWeight(code: $0.rawValue, bucket: $1) }
            body(index, sum)
        }
    }

    /// The context keys of the page's non-empty line number `order`
    /// (`scan.nonEmpty[order]`), written into `found`, which has room for
    /// ``maximumContextKeys``; returns how many.
    private func contextKeys(ofNonEmpty order: Int, in scan: PageScan, into found: UnsafeMutableBufferPointer<UInt32>) -> Int {
        var count = 0
        let table = ContextToken.keyTable
        visitContextTokens(ofNonEmpty: order, in: scan) { observation, bucket in
            found[count] = table.key(code: observation.rawValue, bucket: bucket)
            count += 1
        }
        return count
    }

    /// Calls `add` with each context token of the page's non-empty line
    /// number `order` (`scan.nonEmpty[order]`), in a fixed order.
    @inline(__always)
    private func visitContextTokens(
        ofNonEmpty order: Int, in scan: PageScan, _ add: (ContextToken.Observation, UInt32) -> Void
    ) {
        let index = scan.nonEmpty[order]
        // The three measurements read in place: a copy of the line's whole
        // `LineStatistics` was a `memmove` per line, 0.7% of scoring's time.
        let (lineScript, separatorDensity, lineVariant) = scan.statistics.withUnsafeBufferPointer { all in
            (all[index].dominantScript, all[index].separatorDensity, all[index].hanVariant)
        }
        // No position-in-page tokens: where injections sit in authored training
        // pages is the composition script's habit, not the attackers'. With them
        // the model learnt the script's placements (page false alarms on the
        // devset 0.76% with them, 0.38% without; cross-validated F1 equal).

        let scriptBucket: UInt32 = lineScript == nil || scan.script == nil ? 2 : lineScript == scan.script ? 0 : 1
        add(.scriptAgainstPage, scriptBucket)
        let separatorBucket = ShapeToken.bucket(separatorDensity, edges: ShapeToken.separatorEdges)
        add(.foreignScriptBySeparators, scriptBucket * ContextToken.separatorBuckets + separatorBucket)

        // The line against the rest of the page, by lines, so that a long
        // Simplified block cannot make a Traditional page look Simplified.
        let restVariant = HanVariant.decideByLines(
            simplified: scan.simplifiedLines - (lineVariant == .simplified ? 1 : 0),
            traditional: scan.traditionalLines - (lineVariant == .traditional ? 1 : 0))
        add(.hanVariantAgainstPage, lineVariant == .undetermined || restVariant == .undetermined ? 2
            : lineVariant == restVariant ? 0 : 1)

        let vocabulary = scan.vocabulary.sharing[index]
        if vocabulary.size >= 3 {
            let share = Double(vocabulary.shared) / Double(vocabulary.size)
            add(.sharedVocabulary, ShapeToken.bucket(share, edges: Self.sharedVocabularyEdges))
        }
        let previous = order > 0 ? scan.separatorDense[scan.nonEmpty[order - 1]] : false
        let next = order + 1 < scan.nonEmpty.count ? scan.separatorDense[scan.nonEmpty[order + 1]] : false
        add(.previousSeparatorDense, previous ? 1 : 0)
        add(.nextSeparatorDense, next ? 1 : 0)
    }

    /// Bucket edges of the share of a line's vocabulary found on other lines.
    static let sharedVocabularyEdges: [Double] = [0.0001, 0.1, 0.3, 0.6]

    /// The position of `index` in the sorted `nonEmpty`, by binary search.
    static func position(of index: Int, in nonEmpty: [Int]) -> Int? {
        var low = 0
        var high = nonEmpty.count
        while low < high {
            let middle = (low + high) / 2
            if nonEmpty[middle] < index { low = middle + 1 } else { high = middle }
        }
        return low < nonEmpty.count && nonEmpty[low] == index ? low : nil
    }
}

extension LineFeatures {
    /// A scanned line's features, copied out of the scan's buffers; the page
    /// context keys are left for ``FeatureExtractor/contextKeys(of:in:into:)``.
    init(_ line: FeatureExtractor.ScannedLine) {
        self.init()
        statistics = line.statistics
        ngramKeys = Array(line.keys)
        ngramCounts = Array(line.counts)
        shapeKeys = Array(line.shapeKeys)
        markupKeys = line.markupKeys
    }
}

extension FeatureExtractor {
    /// The features of a labeled page; independent lines (TSV data) are featured
    /// one by one and get no page-context keys.
    public func pageFeatures(of page: LabeledPage) -> PageFeatures {
        guard page.independentLines else { return features(of: page.lines, markup: page.markup) }
        return PageFeatures(lines: page.lines.map { line in
            var features = features(of: [line]).lines[0]
            features.contextKeys = []
            return features
        })
    }
}
