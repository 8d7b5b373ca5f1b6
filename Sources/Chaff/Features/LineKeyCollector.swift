/// Collects a line's n-gram keys once each, with their occurrence counts, as the
/// extractor finds them: a reusable open-addressing set cleared by bumping a
/// generation stamp, so deduplication costs O(1) per n-gram instead of a sort.
struct LineKeyCollector: NGramSink {
    /// Distinct keys of the current line, in order of first occurrence.
    private(set) var keys: [UInt32] = []
    /// Occurrences of each key in ``keys`` (saturating at `UInt16.max`).
    private(set) var counts: [UInt16] = []
    /// Distinct word and character-bigram keys: the line's vocabulary, for
    /// measuring what it shares with the rest of its page.
    private(set) var vocabulary: [UInt32] = []

    private var slotKeys: [UInt32] = []
    private var slotStamps: [UInt32] = []
    private var slotPositions: [Int32] = []
    private var generation: UInt32 = 0
    private var mask = 0

    init() {
        resize(to: 1024)
    }

    /// Starts a new line.
    mutating func reset() {
        keys.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        vocabulary.removeAll(keepingCapacity: true)
        generation &+= 1
        if generation == 0 {
            // Stamps wrapped: clear them so no old entry looks current.
            for i in slotStamps.indices { slotStamps[i] = 0 }
            generation = 1
        }
    }

    private mutating func resize(to capacity: Int) {
        slotKeys = [UInt32](repeating: 0, count: capacity)
        slotStamps = [UInt32](repeating: 0, count: capacity)
        slotPositions = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        generation = 1
        // Re-insert the current line's keys.
        for (position, key) in keys.enumerated() {
            var slot = Int(key) & mask
            while slotStamps[slot] == generation { slot = (slot + 1) & mask }
            slotKeys[slot] = key
            slotStamps[slot] = generation
            slotPositions[slot] = Int32(position)
        }
    }

    @inline(__always)
    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        var slot = Int(key) & mask
        while slotStamps[slot] == generation {
            if slotKeys[slot] == key {
                let position = Int(slotPositions[slot])
                if counts[position] < UInt16.max { counts[position] += 1 }
                return
            }
            slot = (slot + 1) & mask
        }
        slotKeys[slot] = key
        slotStamps[slot] = generation
        slotPositions[slot] = Int32(keys.count)
        keys.append(key)
        counts.append(1)
        if kind == .word || (kind == .ideographNGram && range.count == 2) { vocabulary.append(key) }
        if keys.count * 2 > mask { resize(to: (mask + 1) * 4) }
    }
}
