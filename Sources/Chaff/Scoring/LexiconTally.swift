/// Sums the weights of a block's lexicon n-grams by key as the n-gram visitor
/// finds them, for ``ReasonFinder``.
///
/// Only lexicon n-grams (the strongly spam-leaning ones) are kept, and no text
/// is built here: each key remembers the line and range of its first
/// occurrence, so only the few n-grams that become reasons are turned into text.
struct LexiconTally: NGramSink {
    /// One lexicon n-gram of the block.
    struct Entry {
        /// The n-gram's key.
        var key: UInt32
        /// Its weight summed over every occurrence.
        var total: Double
        /// The explained line (0, 1, …) of its first occurrence.
        var line: Int
        /// Its scalars in that line's normalised text.
        var range: Range<Int>
    }

    /// The table the weights come from; valid while its `withProbe` call lasts.
    let probe: WeightTable.Probe
    /// The explained line being visited.
    var line = 0
    /// The n-grams found, in order of first occurrence.
    private(set) var entries: [Entry] = []
    private var positions: [UInt32: Int] = Dictionary(minimumCapacity: 512)

    init(probe: WeightTable.Probe) {
        self.probe = probe
    }

    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        guard let (weight, flags) = probe.lookUp(key), flags & WeightTable.Flags.lexicon != 0 else { return }
        if let position = positions[key] {
            entries[position].total += Double(weight)
        } else {
            positions[key] = entries.count
            entries.append(Entry(key: key, total: Double(weight), line: line, range: range))
        }
    }
}
