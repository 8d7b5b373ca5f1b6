/// Finds the text of a model's strongest n-gram features, which the model
/// otherwise knows only by hash.
struct FeatureNamer {
    /// How many of the strongest spam and legit n-grams get names.
    static let spamNames = 400
    static let legitNames = 100

    let model: NaiveBayesModel

    /// The keys worth naming: the strongest lexicon n-grams and legit n-grams.
    func wantedKeys() -> Set<UInt32> {
        var spam: [(Float, UInt32)] = []
        var legit: [(Float, UInt32)] = []
        let table = model.table
        for slot in 0..<table.capacity where table.keys[slot] != 0 {
            if table.flags[slot] & WeightTable.Flags.lexicon != 0 {
                spam.append((table.weights[slot], table.keys[slot]))
            } else if table.weights[slot] < -2 {
                legit.append((table.weights[slot], table.keys[slot]))
            }
        }
        spam.sort { $0.0 != $1.0 ? $0.0 > $1.0 : $0.1 < $1.1 }
        legit.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return Set(spam.prefix(Self.spamNames).map(\.1) + legit.prefix(Self.legitNames).map(\.1))
    }

    /// Names for the wanted keys found in `pages` or in `previous` names.
    /// When two texts share a key, the smaller one wins, so the result does not
    /// depend on page order.
    func names(from pages: [LabeledPage], previous: [UInt32: String]) -> [UInt32: String] {
        let wanted = wantedKeys()
        var names: [UInt32: String] = [:]
        func offer(_ key: UInt32, _ text: String) {
            if let existing = names[key], existing <= text { return }
            names[key] = text
        }
        for (key, text) in previous where wanted.contains(key) { offer(key, text) }
        let explainer = FeatureExplainer(configuration: model.configuration)
        for page in pages {
            for line in page.lines {
                for ngram in explainer.ngrams(of: line, where: wanted.contains) { offer(ngram.key, ngram.text) }
            }
        }
        return names
    }
}
