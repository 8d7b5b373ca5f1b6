/// Sums the weights of a block's lexicon n-grams by key as the n-gram visitor
/// finds them, for ``ReasonFinder``.
///
/// Only lexicon n-grams (the strongly spam-leaning ones) are kept, and no text
/// is built here: each key remembers the line and range of its first
/// occurrence, so only the few n-grams that become reasons are turned into text.
struct LexiconTally: NGramSink, ~Copyable {
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
    private var entries: UnsafeMutablePointer<Entry>
    private var entryCount = 0
    /// Open addressing on the key (already a hash): each slot holds a key in
    /// its high half and its entry's position plus one in its low half; 0 is
    /// an empty slot. Raw memory, like the scan's ``LineKeyCollector``: with
    /// arrays, every n-gram paid for their uniqueness and bounds checks, and a
    /// `Dictionary` hashed every key again and was a third of the tally.
    private var slots: UnsafeMutablePointer<UInt64>
    private var capacity: Int

    init(probe: BucketedWeightTable.Probe) {
        self.probe = probe
        capacity = 512
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        entries = .allocate(capacity: capacity / 2 + 1)
    }

    deinit {
        slots.deallocate()
        entries.deinitialize(count: entryCount)
        entries.deallocate()
    }

    /// Calls `body` with the n-grams found, in order of first occurrence.
    func withEntries<Result>(_ body: (UnsafeBufferPointer<Entry>) -> Result) -> Result {
        body(UnsafeBufferPointer(start: entries, count: entryCount))
    }

    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        guard let (weight, flags) = probe.lookUp(key), flags & WeightTable.Flags.lexicon != 0 else { return }
        let mask = capacity - 1
        var slot = Int(key) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if UInt32(truncatingIfNeeded: stored >> 32) == key {
                entries[Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) &- 1].total += Double(weight)
                return
            }
            slot = (slot &+ 1) & mask
        }
        (entries + entryCount).initialize(to: Entry(key: key, total: Double(weight), line: line, range: range))
        entryCount &+= 1
        slots[slot] = UInt64(key) << 32 | UInt64(entryCount)
        if entryCount * 2 > capacity { grow() }
    }

    /// Doubles the slots and the entries' room, and places every entry again.
    private mutating func grow() {
        capacity *= 2
        slots.deallocate()
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        let grown = UnsafeMutablePointer<Entry>.allocate(capacity: capacity / 2 + 1)
        grown.moveInitialize(from: entries, count: entryCount)
        entries.deallocate()
        entries = grown
        let mask = capacity - 1
        for position in 0..<entryCount {
            let key = entries[position].key
            var slot = Int(key) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = UInt64(key) << 32 | UInt64(position + 1)
        }
    }
}
