/// Collects a line's n-gram keys once each, with their occurrence counts, as the
/// extractor finds them: an open-addressing set cleared by bumping a generation
/// stamp, so deduplication costs O(1) per n-gram instead of a sort.
///
/// The hottest structure of scoring. It is a non-copyable value that owns raw
/// memory: adding a key is a few loads and stores with no reference counting,
/// bounds checks or exclusivity checks, and the memory is freed when the
/// collector goes out of scope. One collector serves one page scan on one thread.
struct LineKeyCollector<Prefetch: KeyPrefetching>: NGramSink, ~Copyable {
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

    /// Each slot's generation stamp in the high 32 bits and key in the low 32,
    /// so that a probe is one load and one comparison: a slot holds `key` for
    /// the current line exactly when it equals `stamp | key`.
    private var slots: UnsafeMutablePointer<UInt64>
    private var slotPositions: UnsafeMutablePointer<Int32>
    private var capacity: Int
    /// Distinct keys at which the table grows: half its slots.
    private var growthLimit: Int
    private var generation: UInt32 = 1
    /// `generation` shifted into a slot's stamp bits.
    private var stamp: UInt64 = 1 << 32
    private var mask: Int
    /// Where the line's keys will be looked up, told of each new key.
    private let prefetch: Prefetch

    /// Creates a collector with room for `capacity / 2` distinct keys before it grows.
    ///
    /// - Parameter prefetch: the table the line's keys will be looked up in:
    ///   each new key's slot starts loading into the cache while the rest of
    ///   the line is hashed, so that the look-ups find it there.
    init(capacity: Int = 1024, prefetch: Prefetch) {
        self.prefetch = prefetch
        self.capacity = capacity
        growthLimit = capacity / 2
        mask = capacity - 1
        keys = .allocate(capacity: capacity / 2 + 1)
        counts = .allocate(capacity: capacity / 2 + 1)
        vocabulary = .allocate(capacity: capacity / 2 + 1)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: 0, count: capacity)
        slotPositions = .allocate(capacity: capacity)
    }

    deinit {
        keys.deallocate()
        counts.deallocate()
        vocabulary.deallocate()
        slots.deallocate()
        slotPositions.deallocate()
    }

    /// Starts a new line.
    mutating func reset() {
        count = 0
        vocabularyCount = 0
        generation &+= 1
        if generation == 0 {
            // Stamps wrapped: clear them so no old entry looks current.
            slots.update(repeating: 0, count: capacity)
            generation = 1
        }
        stamp = UInt64(generation) << 32
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
        let wanted = stamp | UInt64(key)
        while true {
            let stored = slots[slot]
            if stored == wanted {
                let position = Int(slotPositions[slot])
                if counts[position] < UInt16.max { counts[position] &+= 1 }
                return
            }
            if stored & 0xFFFF_FFFF_0000_0000 != stamp { break }  // free for this line
            slot = (slot &+ 1) & mask
        }
        prefetch.prefetch(key)
        slots[slot] = wanted
        slotPositions[slot] = Int32(truncatingIfNeeded: count)  // below capacity / 2
        keys[count] = key
        counts[count] = 1
        // Wrapping arithmetic: both counts stay below the table's capacity.
        count &+= 1
        if kind == .word || (kind == .ideographNGram && range.upperBound &- range.lowerBound == 2) {
            vocabulary[vocabularyCount] = key
            vocabularyCount &+= 1
        }
        if count >= growthLimit { grow() }
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
        slots.deallocate()
        slotPositions.deallocate()
        capacity = newCapacity
        growthLimit = newCapacity / 2
        mask = newCapacity - 1
        slots = .allocate(capacity: newCapacity)
        slots.initialize(repeating: 0, count: newCapacity)
        slotPositions = .allocate(capacity: newCapacity)
        generation = 1
        stamp = 1 << 32
        for position in 0..<count {
            var slot = Int(keys[position]) & mask
            while slots[slot] & 0xFFFF_FFFF_0000_0000 == stamp { slot = (slot + 1) & mask }
            slots[slot] = stamp | UInt64(keys[position])
            slotPositions[slot] = Int32(position)
        }
    }
}

/// A table that a line's n-gram keys will be looked up in once the line is
/// collected: ``LineKeyCollector`` passes each new key on as it is found, so
/// that the key's slot is on its way to the cache by then.
protocol KeyPrefetching {
    /// Starts loading the memory that looking `key` up will read.
    func prefetch(_ key: UInt32)
}

/// No look-ups follow (training keeps the keys instead): nothing to load.
struct NoPrefetch: KeyPrefetching {
    @inline(__always) func prefetch(_ key: UInt32) {}
}

