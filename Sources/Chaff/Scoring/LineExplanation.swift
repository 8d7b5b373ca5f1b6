/// Why one line got its score: the evidence of each feature family and the
/// n-grams that weighed most either way. For `chaff score --explain` and for
/// anyone tuning a model.
public struct LineExplanation: Sendable {
    /// The calibrated probability.
    public var score: Double
    /// Per-family evidence, as the calibrator sees it.
    public var evidence: LineEvidence
    /// Each calibrator input times its weight: what each family added to the log-odds.
    public var contributions: [(input: String, logOdds: Double)]
    /// The heaviest n-grams (text and weight), strongest first, both signs.
    public var ngrams: [(text: String, weight: Double)]
    /// For a title scored by its leading part (see the README's "Titles"), that
    /// part's text; the evidence and n-grams are the part's. Nil otherwise.
    public var scoredPart: String? = nil
}

extension PageScorer {
    /// The names of the calibrator inputs, in order.
    public static let evidenceInputs = ["n-gram sum", "shape", "context", "keyword density", "repetition", "markup", "plain text"]

    /// Explains every line of a page (empty lines get a zero explanation).
    ///
    /// Slower than scoring (n-gram texts are built); meant for a page at a time.
    public func explain(lines: [String], markup: [LineMarkup]? = nil, topNGrams: Int = 8) -> [LineExplanation] {
        explain(page: lines, markup: markup, topNGrams: topNGrams)
    }

    /// Explains every line of a page given as UTF-8 lines, read from the same
    /// bytes as ``PageScorer/score(utf8:source:)`` scores them: invalid UTF-8
    /// becomes U+FFFD byte by byte in both.
    public func explain(lines: UTF8Lines, topNGrams: Int = 8) -> [LineExplanation] {
        explain(page: lines, markup: nil, topNGrams: topNGrams)
    }

    func explain<Lines: PageLines>(page lines: Lines, markup: [LineMarkup]?, topNGrams: Int) -> [LineExplanation] {
        let (evidence, scan, scoredParts) = evidenceAndScoredParts(of: lines, markup: markup)
        let explainer = FeatureExplainer(configuration: model.configuration)
        return evidence.indices.map { index in
            guard scan.statistics[index].length > 0 else {
                return LineExplanation(score: 0, evidence: LineEvidence(), contributions: [], ngrams: [])
            }
            let inputs = evidence[index].vector(enabled: model.configuration.enabledFamilies)
            let contributions = zip(Self.evidenceInputs, zip(inputs, model.calibrator.weights)).map { ($0.0, $0.1.0 * $0.1.1) }
            var seen = Set<UInt32>()
            var ngrams: [(String, Double)] = []
            let lineNGrams = scoredParts[index].map { explainer.ngrams(of: $0.leading) }
                ?? lines.withUTF8(ofLine: index) { explainer.ngrams(ofUTF8: $0) }
            for ngram in lineNGrams where seen.insert(ngram.key).inserted {
                let weight = Double(table.weight(of: ngram.key))
                if weight != 0 { ngrams.append((ngram.text, weight)) }
            }
            ngrams.sort { abs($0.1) != abs($1.1) ? abs($0.1) > abs($1.1) : $0.0 < $1.0 }
            return LineExplanation(
                score: model.probability(of: evidence[index]), evidence: evidence[index],
                contributions: contributions + [("bias", model.calibrator.bias)], ngrams: Array(ngrams.prefix(topNGrams)),
                scoredPart: scoredParts[index]?.leading)
        }
    }
}
