/// What a line's features say, family by family: the inputs of calibration.
///
/// Naive Bayes log-odds are summed per family; calibration then weighs the
/// families against each other, so that a dozen structure tokens can matter
/// next to hundreds of n-grams.
public struct LineEvidence: Sendable, Equatable {
    /// The number of inputs, bias excluded.
    public static let count = 7

    /// Sum of n-gram weights divided by the square root of their number: grows
    /// with evidence, but slower than the independence assumption would have it.
    ///
    /// The only n-gram input. A second one, the mean n-gram weight, was nearly
    /// collinear with it: fits traded the two against each other, with signs
    /// that changed from one held-out sample to the next (Models/README.md,
    /// "Calibration stability, measured"), so it was dropped.
    public var ngramScaled: Double = 0
    /// Sum of line-structure weights.
    public var shape: Double = 0
    /// Sum of page-context weights.
    public var context: Double = 0
    /// Keyword density: share of the line's n-gram occurrences that are lexicon terms.
    public var density: Double = 0
    /// How often lexicon terms repeat: occurrences per distinct term, minus one, at most 4.
    public var repetition: Double = 0
    /// Sum of HTML markup weights (0 for plain text).
    public var markup: Double = 0
    /// 1 for a line of a plain-text page, 0 for a line read from HTML: its
    /// weight is the intercept of text lines relative to HTML lines. HTML
    /// pages carry many more legit lines per injected one (menus, widgets,
    /// credits), so one intercept for both made the calibrator conservative on
    /// text (Models/README.md).
    public var plainText: Double = 0

    /// Creates zero evidence.
    public init() {}

    /// The inputs as a vector, families switched off in `enabled` set to zero.
    public func vector(enabled: Set<FeatureFamily>) -> [Double] {
        zip(values, Self.inputFamilies).map { enabled.contains($1) ? $0 : 0 }
    }

    /// The family each input belongs to, in input order.
    public static let inputFamilies: [FeatureFamily] = [.ngram, .shape, .context, .density, .density, .markup, .markup]

    /// 1 for each input whose family is in `enabled`, else 0.
    public static func mask(enabled: Set<FeatureFamily>) -> [Double] {
        inputFamilies.map { enabled.contains($0) ? 1 : 0 }
    }

    /// The inputs in order, whatever is enabled.
    var values: [Double] { [ngramScaled, shape, context, density, repetition, markup, plainText] }

    /// `bias + Σ weights[i] × input[i]`, in input order, without building a vector.
    @inlinable
    func logOdds(weights: [Double], bias: Double) -> Double {
        var z = bias
        z += weights[0] * ngramScaled
        z += weights[1] * shape
        z += weights[2] * context
        z += weights[3] * density
        z += weights[4] * repetition
        z += weights[5] * markup
        z += weights[6] * plainText
        return z
    }

    /// Gathers the evidence of one line from a weight table.
    ///
    /// - Complexity: O(*k*) table look-ups for *k* feature occurrences.
    public init(line: LineFeatures, table: WeightTable) {
        self = table.withProbe { probe in
            line.ngramKeys.withUnsafeBufferPointer { keys in
                line.ngramCounts.withUnsafeBufferPointer { counts in
                    line.shapeKeys.withUnsafeBufferPointer { shapeKeys in
                        var evidence = LineEvidence(
                            ngramKeys: keys, counts: counts, shapeKeys: shapeKeys, markupKeys: line.markupKeys, ngrams: probe,
                            tokens: probe)
                        evidence.context = Self.sum(line.contextKeys, probe)
                        return evidence
                    }
                }
            }
        }
    }

    /// The evidence of a line's own keys (n-grams, structure, markup), with
    /// no page context: scoring adds that once the whole page is scanned.
    ///
    /// - Parameters:
    ///   - ngrams: where the n-gram keys are looked up.
    ///   - tokens: where the structure and markup keys are looked up: the same
    ///     weights, maybe in another table.
    init(
        ngramKeys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>, shapeKeys: UnsafeBufferPointer<UInt32>,
        markupKeys: [UInt32], ngrams: some WeightLookup, tokens: some WeightLookup
    ) {
        self.init(ngramKeys: ngramKeys, counts: counts, shape: Self.sum(shapeKeys, tokens), markupKeys: markupKeys,
                  ngrams: ngrams, tokens: tokens)
    }

    /// The evidence of a line's own keys, with its structure tokens' weights
    /// already summed (`shape`): the one place both scoring and calibration
    /// gather a line's inputs, so that the two always agree. Calibration sums
    /// the structure keys' weights; a scorer reads them by measure and bucket
    /// (``TokenWeightTable``).
    init(
        ngramKeys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>, shape: Double,
        markupKeys: [UInt32], ngrams: some WeightLookup, tokens: some WeightLookup
    ) {
        self.init()
        addNGrams(keys: ngramKeys, counts: counts, lookup: ngrams)
        self.shape = shape
        setMarkup(markupKeys, tokens: tokens)
    }

    /// Sets the markup inputs from a line's markup keys: none for a line of
    /// a plain-text page.
    mutating func setMarkup(_ markupKeys: [UInt32], tokens: some WeightLookup) {
        markup = Self.sum(markupKeys, tokens)
        plainText = markupKeys.isEmpty ? 1 : 0
    }

    /// The summed weights of `keys`, through a probe.
    static func sum(_ keys: some Sequence<UInt32>, _ probe: some WeightLookup) -> Double {
        var total = 0
        // Wrapping: a sum of a line's 16-bit weights cannot overflow an `Int`.
        for key in keys { total &+= probe.fixedWeight(of: key) }
        return WeightTable.weight(fixedSum: total)
    }

    /// Sets the n-gram and density inputs from a line's distinct n-gram keys
    /// and their occurrence counts.
    public mutating func addNGrams(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>, table: WeightTable) {
        table.withProbe { addNGrams(keys: keys, counts: counts, probe: $0) }
    }

    /// ``addNGrams(keys:counts:table:)`` with a probe held for a whole page, so
    /// that concurrent scorers never touch the table's reference count.
    public mutating func addNGrams(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>, probe: WeightTable.Probe) {
        addNGrams(keys: keys, counts: counts, lookup: probe)
    }

    /// ``addNGrams(keys:counts:probe:)`` through either of the tables.
    mutating func addNGrams(keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>, lookup probe: some WeightLookup) {
        // Weights summed as fixed-point integers: the same sum as adding them
        // up in `Double`, without a conversion per key.
        let tally = probe.tally(keys: keys, counts: counts)
        if !keys.isEmpty { ngramScaled = WeightTable.weight(fixedSum: tally.fixedSum) / Double(keys.count).squareRoot() }
        if tally.occurrences > 0 { density = Double(tally.lexiconOccurrences) / Double(tally.occurrences) }
        if tally.lexiconDistinct > 0 {
            repetition = min(4, Double(tally.lexiconOccurrences) / Double(tally.lexiconDistinct) - 1)
        }
    }
}
