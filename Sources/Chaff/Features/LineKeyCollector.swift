/// Collects a line's n-gram keys once each, with their occurrence counts, as the
/// extractor finds them: an open-addressing set cleared by bumping a generation
/// stamp, so deduplication costs O(1) per n-gram instead of a sort.
///
/// The hottest structure of scoring: storage is raw memory owned by this
/// object, so adding a key is a few loads and stores with no reference counting
/// or bounds checks. One collector serves one page scan on one thread.
final class LineKeyCollector: NGramSink {
    /// Distinct keys of the current line, in order of first occurrence.
    private(set) var keys: UnsafeMutablePointer<UInt32>
    /// Occurrences of each key (saturating at `UInt16.max`).
    private(set) var counts: UnsafeMutablePointer<UInt16>
    /// Keys collected for the current line.
    private(set) var count = 0
    /// Distinct word and character-bigram keys: the line's vocabulary, for
    /// measuring what it shares with the rest of its page.
    private(set) var vocabulary: [UInt32] = []

    private var slotKeys: UnsafeMutablePointer<UInt32>
    private var slotStamps: UnsafeMutablePointer<UInt32>
    private var slotPositions: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private var generation: UInt32 = 1
    private var mask: Int

    init(capacity: Int = 1024) {
        self.capacity = capacity
        mask = capacity - 1
        keys = .allocate(capacity: capacity / 2 + 1)
        counts = .allocate(capacity: capacity / 2 + 1)
        slotKeys = .allocate(capacity: capacity)
        slotStamps = .allocate(capacity: capacity)
        slotStamps.initialize(repeating: 0, count: capacity)
        slotPositions = .allocate(capacity: capacity)
    }

    deinit {
        keys.deallocate()
        counts.deallocate()
        slotKeys.deallocate()
        slotStamps.deallocate()
        slotPositions.deallocate()
    }

    /// Starts a new line.
    func reset() {
        count = 0
        vocabulary.removeAll(keepingCapacity: true)
        generation &+= 1
        if generation == 0 {
            // Stamps wrapped: clear them so no old entry looks current.
            slotStamps.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    /// Calls `body` with the current line's keys and counts, without copying.
    func withBuffers<T>(_ body: (UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt16>) -> T) -> T {
        body(UnsafeBufferPointer(start: keys, count: count), UnsafeBufferPointer(start: counts, count: count))
    }

    @inline(__always)
    func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
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
        slotPositions[slot] = Int32(count)
        keys[count] = key
        counts[count] = 1
        count += 1
        if kind == .word || (kind == .ideographNGram && range.count == 2) { vocabulary.append(key) }
        if count * 2 >= capacity { grow() }
    }

    /// Quadruples the table and re-inserts the current line's keys.
    private func grow() {
        let newCapacity = capacity * 4
        let newKeys = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity / 2 + 1)
        let newCounts = UnsafeMutablePointer<UInt16>.allocate(capacity: newCapacity / 2 + 1)
        newKeys.update(from: keys, count: count)
        newCounts.update(from: counts, count: count)
        keys.deallocate()
        counts.deallocate()
        keys = newKeys
        counts = newCounts
        slotKeys.deallocate()
        slotStamps.deallocate()
        slotPositions.deallocate()
        capacity = newCapacity
        mask = newCapacity - 1
        slotKeys = .allocate(capacity: newCapacity)
        slotStamps = .allocate(capacity: newCapacity)
        slotStamps.initialize(repeating: 0, count: newCapacity)
        slotPositions = .allocate(capacity: newCapacity)
        generation = 1
        for position in 0..<count {
            var slot = Int(keys[position]) & mask
            while slotStamps[slot] == generation { slot = (slot + 1) & mask }
            slotKeys[slot] = keys[position]
            slotStamps[slot] = generation
            slotPositions[slot] = Int32(position)
        }
    }
}
