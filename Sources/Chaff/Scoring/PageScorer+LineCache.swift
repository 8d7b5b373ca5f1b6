extension PageScorer {
    /// What one task has learned about the lines it scored, so that a line
    /// repeated across pages is featured and looked up once.
    ///
    /// Pages of one site share their menus, footers and notices, and hijacked
    /// sites carry the same keyword block on page after page: 62% of the line
    /// bytes of the devset's text pages repeat a line seen before. A line's
    /// n-grams, structure, measurements and their weights depend on its bytes
    /// alone; its page context and markup are found afresh on every page.
    /// Reports are the same with or without a cache.
    ///
    /// A ``PageScorer`` holds no mutable state, so the cache is the caller's:
    /// keep one per task (per thread, per fetch worker) and pass it to every
    /// page that task scores.
    ///
    /// ```swift
    /// var cache = PageScorer.LineCache()
    /// for (body, contentType, url) in responses {
    ///     if let report = scorer.score(httpBody: body, contentType: contentType, url: url, cache: &cache) { ... }
    /// }
    /// ```
    ///
    /// Every line up to 16 KB is cached as it is scored: its bytes, its
    /// measurements, its words (for the page context) and its evidence, some
    /// 450–550 bytes a line. Once the cache holds ``byteLimit`` bytes it takes no
    /// more lines, and it is emptied before the next page. Its arrays set
    /// their room aside once and are never copied into bigger ones, so its
    /// resident memory grows with what it holds: `chaff-bench --only memory`
    /// scored three times 22 MB of lines that never repeat through a
    /// default cache, and peak memory rose by 30.7 MB, the cache's 25.2 MB
    /// plus the scan's buffers and the 2 MB pages its arenas are given.
    /// A cache used with a scorer of another model empties itself first.
    ///
    /// `chaff-bench --only cache` scores each page of a corpus once with and
    /// without a cache (docs/benchmarks.md): 1.36–1.47× as fast on the devset's
    /// text pages (27,000 lines in 15 MB), 1.17–1.32× on `TrainingData/pages`.
    public struct LineCache: Sendable {
        /// The cached lines' bytes, measurements and words.
        var lines: ScannedLineCache
        /// The evidence of each cached line's own n-gram and structure keys,
        /// by cache entry (no markup: that is looked up on every page).
        var evidence: [LineEvidence] = []
        /// The weights ``evidence`` was looked up in (kept alive by the cache
        /// until it scores with another model); nil before the first page.
        private var weights: BucketedWeightTable?

        /// The default ``byteLimit``: 24 MiB (25.2 MB), so that a scoring task
        /// with its cache stays within 32 MB of the model; the devset's 27,000
        /// distinct text lines take 15 MB.
        public static let defaultByteLimit = 24 << 20

        /// The most bytes the cache holds: its lines, their evidence and its table.
        ///
        /// The limit it was made with, until it first scores a page. It then
        /// sets aside the address space it may fill, once; when the system
        /// refuses that much (`ulimit -v`, strict overcommit, or gigabytes
        /// more than the machine has), the limit halves until the system
        /// agrees, and becomes 0, no cache, below 1 MiB.
        public var byteLimit: Int { lines.byteLimit }

        /// Creates an empty cache that takes at most `byteLimit` bytes (0 caches nothing).
        public init(byteLimit: Int = LineCache.defaultByteLimit) {
            // Each line's evidence is counted in the lines' own limit.
            lines = ScannedLineCache(
                byteLimit: max(0, byteLimit), keepsKeys: false, cachesFirstOccurrences: true,
                ownerBytesPerLine: MemoryLayout<LineEvidence>.stride)
        }

        /// The number of lines cached.
        public var count: Int { lines.count }

        /// The bytes the cache holds now (at most ``byteLimit``; its arrays'
        /// spare capacity aside).
        public var footprint: Int { lines.footprint }

        /// Makes the cache ready for a page scored with `table`: emptied when
        /// it is full, or when its evidence came from other weights.
        mutating func prepare(for table: BucketedWeightTable) {
            if let weights, weights.sharesBuckets(with: table), !lines.isFull { return }
            lines.removeAll()
            evidence.removeAll(keepingCapacity: true)
            // Room for as many lines as ``lines`` can hold, set aside once, as
            // its own arrays' is (and counted in what it asked the system
            // for): address space until it is written.
            lines.setAsideRoom()
            evidence.reserveCapacity(lines.mostLines)
            weights = table
        }
    }

    /// Scores a page through `cache`: ``score(page:markup:source:)`` with the
    /// features and evidence of lines seen before taken from it.
    func score<Lines: PageLines>(page lines: Lines, markup: [LineMarkup]?, source: String, cache: inout LineCache) -> PageReport {
        cache.prepare(for: table)
        return score(page: lines, markup: markup, source: source, lines: &cache.lines, evidence: &cache.evidence)
    }

    /// ``score(text:source:)`` through a cache of lines seen before (``LineCache``).
    public func score(text: String, source: String = "-", cache: inout LineCache) -> PageReport {
        score(utf8: Array(text.utf8), source: source, cache: &cache)
    }

    /// ``score(utf8:source:)`` through a cache of lines seen before (``LineCache``).
    public func score(utf8 bytes: [UInt8], source: String = "-", cache: inout LineCache) -> PageReport {
        score(page: UTF8Lines(bytes), markup: nil, source: source, cache: &cache)
    }

    /// ``score(textBytes:contentType:source:)`` through a cache of lines seen before (``LineCache``).
    public func score(textBytes: [UInt8], contentType: String? = nil, source: String = "-", cache: inout LineCache) -> PageReport {
        score(lines: TextDocument(bytes: textBytes, contentType: contentType).lines, source: source, cache: &cache)
    }

    /// ``score(lines:source:)-(UTF8Lines,_)`` through a cache of lines seen before (``LineCache``).
    public func score(lines: UTF8Lines, source: String = "-", cache: inout LineCache) -> PageReport {
        score(page: lines, markup: nil, source: source, cache: &cache)
    }

    /// ``score(lines:source:)-([String],_)`` through a cache of lines seen before (``LineCache``).
    public func score(lines: [String], source: String = "-", cache: inout LineCache) -> PageReport {
        score(page: lines, markup: nil, source: source, cache: &cache)
    }

    /// ``score(lines:markup:source:)`` through a cache of lines seen before (``LineCache``).
    public func score(lines: [String], markup: [LineMarkup]?, source: String = "-", cache: inout LineCache) -> PageReport {
        score(page: lines, markup: markup, source: source, cache: &cache)
    }

    /// ``score(document:source:)`` through a cache of lines seen before (``LineCache``).
    public func score(document: HTMLDocument, source: String = "-", cache: inout LineCache) -> PageReport {
        located(score(page: document, markup: document.markup, source: source, cache: &cache), in: document)
    }

    /// ``score(html:contentType:source:siteHost:)`` through a cache of lines seen before (``LineCache``).
    public func score(
        html: [UInt8], contentType: String? = nil, source: String = "-", siteHost: String? = nil, cache: inout LineCache
    ) -> PageReport {
        score(document: HTMLDocument(bytes: html, contentType: contentType, siteHost: siteHost), source: source, cache: &cache)
    }
}

/// How a page is scored: through a ``PageScorer/LineCache`` or without one,
/// for the entry points that take either.
package protocol PageCaching {
    /// Scores a page with `scorer`.
    mutating func score<Lines: PageLines>(_ page: Lines, markup: [LineMarkup]?, source: String, by scorer: PageScorer) -> PageReport
}

extension PageScorer.LineCache: PageCaching {
    package mutating func score<Lines: PageLines>(
        _ page: Lines, markup: [LineMarkup]?, source: String, by scorer: PageScorer
    ) -> PageReport {
        scorer.score(page: page, markup: markup, source: source, cache: &self)
    }
}

/// No cache: every line is featured and looked up.
package struct NoPageCache: PageCaching {
    package init() {}

    package func score<Lines: PageLines>(_ page: Lines, markup: [LineMarkup]?, source: String, by scorer: PageScorer) -> PageReport {
        scorer.score(page: page, markup: markup, source: source)
    }
}
