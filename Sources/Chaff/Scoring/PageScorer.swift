/// Scores pages with a model: the entry point for embedding Chaff.
///
/// A scorer is an immutable value built once from a loaded model; it holds no
/// caches or other mutable state, so one scorer can serve any number of
/// concurrent tasks without locks:
///
/// ```swift
/// let model = try ModelFile.read(url)
/// let scorer = PageScorer(model: model)
/// let report = scorer.score(text: pageText, source: url.absoluteString)
/// if report.verdict == .injected { ... report.blocks ... }
/// ```
///
/// A task that scores many pages can keep a ``LineCache`` of its own and pass
/// it to every call, so that the lines its pages repeat are featured once.
///
/// A scorer made with `explainsBlocks: false` leaves every block's
/// ``PageReport/Block/reasons`` empty and is otherwise the same: same scores,
/// flags, blocks and cleaned text. Explaining a block takes a second pass over
/// its strongest lines, about a sixth of scoring's time on pages with many
/// blocks; a crawler that only needs verdicts can skip it, and explain a
/// flagged page later with a scorer that explains.
public struct PageScorer: Sendable {
    /// The model in use.
    public let model: NaiveBayesModel
    /// Block detection, including the threshold.
    public let detector: BlockDetector
    /// Whether reports give each block's reasons (the default) or leave them empty.
    public let explainsBlocks: Bool
    let extractor: FeatureExtractor
    let reasons: ReasonFinder
    /// The model's weights, copied into cache-line buckets for faster look-ups.
    let table: BucketedWeightTable
    /// The model's weights of every structure token, by measure and bucket.
    let shapeWeights: TokenWeightTable<ShapeToken>
    /// The model's weights of every context token, by observation and bucket.
    let contextWeights: TokenWeightTable<ContextToken>

    /// The default threshold: a line is flagged when it is more likely injected than not.
    public static let defaultThreshold = 0.5

    /// Creates a scorer.
    ///
    /// - Parameters:
    ///   - model: a trained or loaded model.
    ///   - threshold: the probability at or above which a line is flagged, in [0, 1].
    ///   - explainsBlocks: whether reports give each block's reasons; when
    ///     false, every block's reasons are empty and nothing else changes.
    public init(model: NaiveBayesModel, threshold: Double = PageScorer.defaultThreshold, explainsBlocks: Bool = true) {
        self.model = model
        self.detector = BlockDetector(threshold: threshold)
        self.explainsBlocks = explainsBlocks
        self.extractor = FeatureExtractor(configuration: model.configuration)
        self.table = BucketedWeightTable(model.table)
        (shapeWeights, contextWeights) = model.table.withProbe { tokens in
            (TokenWeightTable(ShapeToken.keyTable, table: tokens), TokenWeightTable(ContextToken.keyTable, table: tokens))
        }
        self.reasons = ReasonFinder(model: model, table: table)
    }

    /// The threshold lines are flagged at.
    public var threshold: Double { detector.threshold }

    /// Scores a page given as lines.
    ///
    /// - Parameters:
    ///   - lines: the page's lines, in order; empty lines are kept and never injected.
    ///   - source: what the report names as the page's source.
    /// - Complexity: O(*n*) in the page's length; reasons are computed only for
    ///   the lines of reported blocks.
    public func score(lines: [String], source: String = "-") -> PageReport {
        score(lines: lines, markup: nil, source: source)
    }

    /// Scores a page read from HTML; report lines carry their source line and tag path.
    public func score(document: HTMLDocument, source: String = "-") -> PageReport {
        located(score(page: document, markup: document.markup, source: source), in: document)
    }

    /// `report` of `document` with each line's source line and tag path.
    func located(_ report: PageReport, in document: HTMLDocument) -> PageReport {
        var report = report
        for (index, line) in document.lines.enumerated() {
            report.lines[index].sourceLine = line.sourceLine
            report.lines[index].tagPath = line.tagPath
        }
        return report
    }

    /// Scores a web page given as raw bytes in any common charset.
    ///
    /// - Parameters:
    ///   - html: the response body.
    ///   - contentType: the HTTP `Content-Type` header, when known (its charset
    ///     wins over the page's `<meta charset>`).
    ///   - source: what the report names as the page's source (its URL).
    ///   - siteHost: the page's host, to tell links to other sites from its own.
    public func score(html: [UInt8], contentType: String? = nil, source: String = "-", siteHost: String? = nil) -> PageReport {
        score(document: HTMLDocument(bytes: html, contentType: contentType, siteHost: siteHost), source: source)
    }

    /// Scores a plain-text page given as raw bytes in any common charset
    /// (``TextDocument``); lines end at LF, CRLF or CR.
    ///
    /// - Parameters:
    ///   - textBytes: the page as stored or received.
    ///   - contentType: an HTTP `Content-Type` header or a bare charset label,
    ///     when known; otherwise the charset is found from the bytes.
    ///   - source: what the report names as the page's source.
    public func score(textBytes: [UInt8], contentType: String? = nil, source: String = "-") -> PageReport {
        score(lines: TextDocument(bytes: textBytes, contentType: contentType).lines, source: source)
    }

    /// Scores a page given as lines with, for pages read from HTML, each line's markup.
    public func score(lines: [String], markup: [LineMarkup]?, source: String = "-") -> PageReport {
        score(page: lines, markup: markup, source: source)
    }

    /// Scores a page given as any ``PageLines``, with optional markup per line.
    func score<Lines: PageLines>(page lines: Lines, markup: [LineMarkup]?, source: String) -> PageReport {
        var noCache = NoLineCache()
        var noEvidence: [LineEvidence] = []
        return score(page: lines, markup: markup, source: source, lines: &noCache, evidence: &noEvidence)
    }

    /// ``score(page:markup:source:)`` taking what it can from a cache of
    /// lines scored before: their features from `cache`, and the evidence of
    /// their own keys from `cachedEvidence`, by cache entry.
    func score<Lines: PageLines, Cache: LineCaching>(
        page lines: Lines, markup: [LineMarkup]?, source: String, lines cache: inout Cache,
        evidence cachedEvidence: inout [LineEvidence]
    ) -> PageReport {
        let (evidence, scan, scoredParts) = evidenceAndScoredParts(
            of: lines, markup: markup, cache: &cache, cachedEvidence: &cachedEvidence)
        let probabilities = evidence.indices.map { scan.statistics[$0].length == 0 ? 0 : model.probability(of: evidence[$0]) }
        let lengths = scan.statistics.map(\.length)
        let (flags, ranges) = detector.detect(probabilities: probabilities, lengths: lengths)
        let blocks = ranges.map { range in
            PageReport.Block(
                firstLine: range.lowerBound + 1, lastLine: range.upperBound + 1,
                score: range.filter { flags[$0] }.map { probabilities[$0] }.max() ?? 0,
                reasons: explainsBlocks
                    ? reasons.reasons(for: range, flags: flags, lines: lines, scan: scan, evidence: evidence,
                                      markup: markup, probabilities: probabilities)
                    : [])
        }
        var reportLines = probabilities.indices.map {
            PageReport.Line(number: $0 + 1, score: probabilities[$0], injected: flags[$0])
        }
        // A title flagged for its leading part keeps the site's name after it.
        for (index, parts) in scoredParts where flags[index] { reportLines[index].siteTitle = parts.trailing }
        let pageScore = blocks.map(\.score).max() ?? probabilities.max() ?? 0
        return PageReport(
            source: source, verdict: blocks.isEmpty ? .clean : .injected, score: pageScore,
            threshold: threshold, lines: reportLines, blocks: blocks)
    }

    /// Scores a page given as text; lines end at LF, CRLF or CR. The text's
    /// bytes are split and scored as they are, without a `String` per line.
    public func score(text: String, source: String = "-") -> PageReport {
        score(utf8: Array(text.utf8), source: source)
    }

    /// Scores a page given as UTF-8 bytes; invalid sequences become U+FFFD.
    public func score(utf8 bytes: [UInt8], source: String = "-") -> PageReport {
        score(lines: UTF8Lines(bytes), source: source)
    }

    /// Scores a page already split into UTF-8 lines, without a string per line.
    public func score(lines: UTF8Lines, source: String = "-") -> PageReport {
        score(page: lines, markup: nil, source: source)
    }

    /// The evidence of every line of a page, gathered in one scan without
    /// storing any line's keys: weights are looked up as n-grams are found.
    /// With it, the title lines whose evidence is that of their leading part
    /// (``TitlePrefix``), by line index, and the title's two parts (the
    /// leading part, and the rest after its last separator).
    func evidenceAndScoredParts<Lines: PageLines>(
        of lines: Lines, markup: [LineMarkup]?
    ) -> ([LineEvidence], FeatureExtractor.PageScan, [Int: (leading: String, trailing: String)]) {
        var noCache = NoLineCache()
        var noEvidence: [LineEvidence] = []
        return evidenceAndScoredParts(of: lines, markup: markup, cache: &noCache, cachedEvidence: &noEvidence)
    }

    /// ``evidenceAndScoredParts(of:markup:)`` for a scan through `cache`: a
    /// line it holds gets the evidence of its own keys from `cachedEvidence`
    /// (which has the evidence of every line the cache holds, by entry, with
    /// no markup) and only its markup keys are looked up; a line the cache
    /// has just taken in leaves its evidence there.
    func evidenceAndScoredParts<Lines: PageLines, Cache: LineCaching>(
        of lines: Lines, markup: [LineMarkup]?, cache: inout Cache, cachedEvidence: inout [LineEvidence]
    ) -> ([LineEvidence], FeatureExtractor.PageScan, [Int: (leading: String, trailing: String)]) {
        // One probe for the whole page: look-ups then touch no reference counts,
        // which threads sharing this scorer would otherwise fight over.
        // N-grams are looked up in the buckets; structure and context tokens'
        // weights are read by measure and bucket from the scorer's dense
        // tables; the few markup keys are looked up in the model's own table.
        withProbes { probe in
            var evidence: [LineEvidence] = []
            evidence.reserveCapacity(lines.lineCount)
            let scan = extractor.scan(lines, markup: markup, prefetch: probe.ngrams, cache: &cache, shapeKeys: false) { _, line in
                let entry = line.cacheEntry
                if entry >= 0 && entry < cachedEvidence.count {
                    var cached = cachedEvidence[entry]
                    cached.setMarkup(line.markupKeys, tokens: probe.tokens)
                    evidence.append(cached)
                    return
                }
                let scanned = Self.evidence(of: line, probe: probe)
                if entry >= 0 {
                    // Just taken into the cache, whose entries are numbered in order.
                    assert(entry == cachedEvidence.count, "one cached evidence per cache entry")
                    var own = scanned
                    (own.markup, own.plainText) = (0, 0)
                    cachedEvidence.append(own)
                }
                evidence.append(scanned)
            }
            extractor.forEachContextWeight(in: scan, probe.context) { index, fixedSum in
                evidence[index].context = WeightTable.weight(fixedSum: fixedSum)
            }
            var scoredParts: [Int: (leading: String, trailing: String)] = [:]
            if let markup {
                for index in scan.nonEmpty where index < markup.count && markup[index].kind == .title {
                    guard let (part, parts) = leadingPartEvidence(
                        lines.string(ofLine: index), markup: markup[index], whole: evidence[index], probe: probe)
                    else { continue }
                    evidence[index] = part
                    scoredParts[index] = parts
                }
            }
            return (evidence, scan, scoredParts)
        }
    }

    /// The probes a page's look-ups go through.
    struct Probes {
        /// Over ``table``, for n-grams.
        let ngrams: BucketedWeightTable.Probe
        /// Over the model's table, for markup tokens (and buckets beyond the
        /// dense tables below).
        let tokens: WeightTable.Probe
        /// Structure tokens' weights, by measure and bucket.
        let shape: TokenWeightTable<ShapeToken>.Reader
        /// Context tokens' weights, by observation and bucket.
        let context: TokenWeightTable<ContextToken>.Reader
    }

    /// Calls `body` with the probes.
    func withProbes<T>(_ body: (Probes) -> T) -> T {
        table.withProbe { ngrams in
            model.table.withProbe { tokens in
                shapeWeights.withReader(tokens: tokens) { shape in
                    contextWeights.withReader(tokens: tokens) { context in
                        body(Probes(ngrams: ngrams, tokens: tokens, shape: shape, context: context))
                    }
                }
            }
        }
    }

    /// The n-gram, shape and markup evidence of a scanned line: the shape
    /// tokens' weights read from its measurements, so that the scan need not
    /// write their keys.
    static func evidence(of line: FeatureExtractor.ScannedLine, probe: Probes) -> LineEvidence {
        LineEvidence(
            ngramKeys: line.keys, counts: line.counts,
            shape: WeightTable.weight(fixedSum: ShapeToken.fixedWeightSum(of: line.statistics, probe.shape)),
            markupKeys: line.markupKeys, ngrams: probe.ngrams, tokens: probe.tokens)
    }

    /// The evidence of a title's leading part alone (``TitlePrefix``), with the
    /// whole title's context, and the title's two parts — for the leading part
    /// (of the cuts at the first and the last separator) that gives the highest
    /// probability, when that is higher than the whole title's; nil otherwise.
    func leadingPartEvidence(
        _ title: String, markup: LineMarkup, whole: LineEvidence, probe: Probes
    ) -> (LineEvidence, (leading: String, trailing: String))? {
        var best: (evidence: LineEvidence, parts: (leading: String, trailing: String))?
        var highest = model.probability(of: whole)
        for parts in TitlePrefix.cuts(of: title) {
            var part = LineEvidence()
            _ = extractor.scan([parts.leading], markup: [markup]) { _, line in part = Self.evidence(of: line, probe: probe) }
            part.context = whole.context
            let probability = model.probability(of: part)
            if probability > highest { (best, highest) = ((part, parts), probability) }
        }
        return best.map { ($0.evidence, $0.parts) }
    }

    /// The calibrated probability of each line of a page; empty lines get 0.
    public func probabilities(of features: PageFeatures) -> [Double] {
        features.lines.map { $0.isEmpty ? 0 : model.probability(of: $0) }
    }
}
