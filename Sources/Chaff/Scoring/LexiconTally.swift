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
    let probe: BucketedWeightTable.Probe
    /// The explained line being visited.
    var line = 0
    /// The n-grams found, in order of first occurrence.
    private(set) var entries: [Entry] = []
    /// Open addressing on the key (already a hash): each key's position in
    /// ``entries`` plus one, 0 for an empty slot. A `Dictionary` hashed every
    /// key again and was a third of the tally.
    private var slotKeys = [UInt32](repeating: 0, count: 512)
    private var slotPositions = [Int32](repeating: 0, count: 512)

    init(probe: BucketedWeightTable.Probe) {
        self.probe = probe
        entries.reserveCapacity(slotKeys.count / 2)
    }

    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        guard let (weight, flags) = probe.lookUp(key), flags & WeightTable.Flags.lexicon != 0 else { return }
        let mask = slotKeys.count - 1
        var slot = Int(key) & mask
        while slotPositions[slot] != 0 {
            if slotKeys[slot] == key {
                entries[Int(slotPositions[slot]) - 1].total += Double(weight)
                return
            }
            slot = (slot + 1) & mask
        }
        entries.append(Entry(key: key, total: Double(weight), line: line, range: range))
        slotKeys[slot] = key
        slotPositions[slot] = Int32(entries.count)
        if entries.count * 2 > slotKeys.count { grow() }
    }

    /// Doubles the slots and places every entry again.
    private mutating func grow() {
        let capacity = slotKeys.count * 2
        slotKeys = [UInt32](repeating: 0, count: capacity)
        slotPositions = [Int32](repeating: 0, count: capacity)
        for (index, entry) in entries.enumerated() {
            var slot = Int(entry.key) & (capacity - 1)
            while slotPositions[slot] != 0 { slot = (slot + 1) & (capacity - 1) }
            slotKeys[slot] = entry.key
            slotPositions[slot] = Int32(index + 1)
        }
    }
}
