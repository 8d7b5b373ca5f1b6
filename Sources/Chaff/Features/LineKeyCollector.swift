/// Collects a line's n-gram keys once each, with their occurrence counts, as the
/// extractor finds them: an open-addressing set cleared by bumping a generation
/// stamp, so deduplication costs O(1) per n-gram instead of a sort.
///
/// The hottest structure of scoring. It is a non-copyable value that owns raw
/// memory: adding a key is a few loads and stores with no reference counting,
/// bounds checks or exclusivity checks, and the memory is freed when the
/// collector goes out of scope. One collector serves one page scan on one thread.
struct LineKeyCollector: NGramSink, ~Copyable {
    /// Distinct keys of the current line, in order of first occurrence.
    private(set) var keys: UnsafeMutablePointer<UInt32>
    /// Occurrences of each key (saturating at `UInt16.max`).
    private(set) var counts: UnsafeMutablePointer<UInt16>
    /// Keys collected for the current line.
    private(set) var count = 0
    /// Distinct word and character-bigram keys: the line's vocabulary, for
    /// measuring what it shares with the rest of its page.
    private(set) var vocabulary: UnsafeMutablePointer<UInt32>
    /// Keys in ``vocabulary``.
    private(set) var vocabularyCount = 0

    private var slotKeys: UnsafeMutablePointer<UInt32>
    private var slotStamps: UnsafeMutablePointer<UInt32>
    private var slotPositions: UnsafeMutablePointer<Int32>
    private var capacity: Int
    private var generation: UInt32 = 1
    private var mask: Int

    /// Creates a collector with room for `capacity / 2` distinct keys before it grows.
    init(capacity: Int = 1024) {
        self.capacity = capacity
        mask = capacity - 1
        keys = .allocate(capacity: capacity / 2 + 1)
        counts = .allocate(capacity: capacity / 2 + 1)
        vocabulary = .allocate(capacity: capacity / 2 + 1)
        slotKeys = .allocate(capacity: capacity)
        slotStamps = .allocate(capacity: capacity)
        slotStamps.initialize(repeating: 0, count: capacity)
        slotPositions = .allocate(capacity: capacity)
    }

    deinit {
        keys.deallocate()
        counts.deallocate()
        vocabulary.deallocate()
        slotKeys.deallocate()
        slotStamps.deallocate()
        slotPositions.deallocate()
    }

    /// Starts a new line.
    mutating func reset() {
        count = 0
        vocabularyCount = 0
        generation &+= 1
        if generation == 0 {
            // Stamps wrapped: clear them so no old entry looks current.
            slotStamps.update(repeating: 0, count: capacity)
            generation = 1
        }
    }

    /// The current line's keys, counts and vocabulary, valid until the next ``reset()``.
    var buffers: (keys: UnsafeBufferPointer<UInt32>, counts: UnsafeBufferPointer<UInt16>,
                  vocabulary: UnsafeBufferPointer<UInt32>) {
        (UnsafeBufferPointer(start: keys, count: count), UnsafeBufferPointer(start: counts, count: count),
         UnsafeBufferPointer(start: vocabulary, count: vocabularyCount))
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
        slotPositions[slot] = Int32(count)
        keys[count] = key
        counts[count] = 1
        count += 1
        if kind == .word || (kind == .ideographNGram && range.count == 2) {
            vocabulary[vocabularyCount] = key
            vocabularyCount += 1
        }
        if count * 2 >= capacity { grow() }
    }

    /// Quadruples the table and re-inserts the current line's keys.
    private mutating func grow() {
        let newCapacity = capacity * 4
        func moved<T>(_ old: UnsafeMutablePointer<T>, _ used: Int) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity / 2 + 1)
            new.moveInitialize(from: old, count: used)
            old.deallocate()
            return new
        }
        keys = moved(keys, count)
        counts = moved(counts, count)
        vocabulary = moved(vocabulary, vocabularyCount)
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
