/// Explains a block in words: the n-grams that weighed most, then the
/// structure and context signals that did.
struct ReasonFinder: Sendable {
    let model: NaiveBayesModel
    let explainer: FeatureExplainer

    /// At most this many n-gram texts per block.
    static let ngramReasons = 4
    /// At most this many structure and context phrases per block.
    static let signalReasons = 3
    /// Lines of a block that are explained (the highest-scoring ones).
    static let explainedLines = 3

    init(model: NaiveBayesModel) {
        self.model = model
        self.explainer = FeatureExplainer(configuration: model.configuration)
    }

    func reasons(for block: ClosedRange<Int>, flags: [Bool], lines: [String], scan: FeatureExtractor.PageScan,
                 evidence: [LineEvidence], markup: [LineMarkup]?, probabilities: [Double]) -> [String] {
        let explained = block.filter { flags[$0] }
            .sorted { probabilities[$0] != probabilities[$1] ? probabilities[$0] > probabilities[$1] : $0 < $1 }
            .prefix(Self.explainedLines)
        let table = model.table
        let enabled = model.configuration.enabledFamilies

        // N-grams: weight times occurrences over the explained lines, so the
        // terms a block repeats ("亚洲", "精品") come before one-off fragments.
        // Totals are kept by key; text is built once per distinct key.
        var totals: [UInt32: (total: Double, text: String)] = [:]
        if enabled.contains(.ngram) || enabled.contains(.density) {
            table.withProbe { probe in
                for index in explained {
                    explainer.visitNGrams(of: lines[index]) { key, _, text in
                        // Lexicon terms only: the strongly spam-leaning n-grams.
                        guard let (weight, flags) = probe.lookUp(key), flags & WeightTable.Flags.lexicon != 0 else { return }
                        if let existing = totals[key] {
                            totals[key] = (existing.total + Double(weight), existing.text)
                        } else {
                            totals[key] = (Double(weight), text())
                        }
                    }
                }
            }
        }
        let candidates = totals.sorted { $0.value.total != $1.value.total ? $0.value.total > $1.value.total : $0.key < $1.key }
            .prefix(Self.ngramReasons * 6)
        var ngramWeight: [String: Double] = [:]
        for (_, candidate) in candidates { ngramWeight[candidate.text, default: 0] += candidate.total }
        var chosen: [String] = []
        // A total order: dictionary iteration order differs between instances.
        let ranked = ngramWeight.sorted {
            if $0.value != $1.value { return $0.value > $1.value }
            let (a, b) = ($0.key.unicodeScalars.count, $1.key.unicodeScalars.count)
            return a != b ? a > b : $0.key < $1.key
        }
        for (text, _) in ranked where chosen.count < Self.ngramReasons {
            // Prefer the longer of overlapping n-grams: "无码" over "无".
            if chosen.contains(where: { $0.contains(text) }) { continue }
            if let shorter = chosen.firstIndex(where: { text.contains($0) }) {
                chosen[shorter] = text
                continue
            }
            chosen.append(text)
        }

        // Structure, context and density, from the top line.
        var signals: [(Double, String)] = []
        if let top = explained.first {
            let statistics = scan.statistics[top]
            if enabled.contains(.shape) {
                let tokens = ShapeToken.tokens(of: statistics)
                for token in tokens {
                    let weight = Double(table.weight(of: token.key))
                    if weight > 0.7 { signals.append((weight, token.describe(using: statistics))) }
                }
            }
            if enabled.contains(.context) {
                var contextKeys: [UInt32] = []
                FeatureExtractor(configuration: model.configuration).contextKeys(of: top, in: scan, into: &contextKeys)
                for token in ContextToken.all where contextKeys.contains(token.key) {
                    let weight = Double(table.weight(of: token.key))
                    if weight > 0.7 { signals.append((weight, token.phrase)) }
                }
            }
            if enabled.contains(.markup), let markup, top < markup.count {
                for token in MarkupToken.tokens(of: markup[top]) {
                    let weight = Double(table.weight(of: token.key))
                    if weight > 0.7 { signals.append((weight, token.describe(using: markup[top]))) }
                }
            }
            if enabled.contains(.density) {
                let density = evidence[top].density
                if density >= 0.25 { signals.append((density * 4, "keyword density \(format(density))")) }
            }
        }
        var phrases: [String] = []
        for (_, phrase) in signals.sorted(by: { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 })
        where !phrases.contains(phrase) && phrases.count < Self.signalReasons {
            phrases.append(phrase)
        }
        return chosen + phrases
    }
}
