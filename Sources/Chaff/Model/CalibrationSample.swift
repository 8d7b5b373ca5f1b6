/// The held-out lines a calibrator is fitted on: a bottom-k sample by content hash.
///
/// The sample keeps the ``capacity`` labeled lines with the smallest content
/// hashes (ties broken by the features themselves). That choice depends only on
/// the set of lines, not on their order or on how the corpus was split, so the
/// sample of merged shards is exactly the sample of the whole corpus; with the
/// features stored, calibration can be redone after any merge or update.
public struct CalibrationSample: Sendable, Equatable {
    /// One sampled line.
    public struct Entry: Sendable, Equatable {
        /// Content hash of the line's n-gram and shape keys.
        public var hash: UInt64
        /// The line's label.
        public var injected: Bool
        /// The line's features (statistics are not kept).
        public var features: LineFeatures
    }

    /// The most lines kept: 32,000, fitted in ``ModelTrainer/calibrationParts``
    /// parts of 4,000. 4,000 lines fit a six-parameter logistic regression with
    /// room to spare; eight such fits averaged are steadier than one
    /// (Models/README.md, "Calibration stability, measured"). The sample adds
    /// about 15 MB to a model file, in a section scoring never reads.
    public static let defaultCapacity = 32_000

    /// The lines kept, in canonical order (see ``Entry/precedes(_:)``).
    public private(set) var entries: [Entry] = []
    /// The most lines kept.
    public let capacity: Int
    /// Lines offered since the sample was last trimmed.
    private var pending = 0
    /// Once the sample is full: the largest hash it keeps. A line hashing above
    /// it can never enter, so it is turned away before its features are copied.
    private var cutoff = UInt64.max

    /// Creates an empty sample.
    public init(capacity: Int = defaultCapacity) {
        self.capacity = capacity
    }

    /// Creates a sample from entries read back from a model file.
    init(capacity: Int, entries: [Entry]) {
        self.capacity = capacity
        self.entries = entries
        normalize()
    }

    /// Offers a labeled line to the sample.
    public mutating func offer(_ features: LineFeatures, injected: Bool) {
        offer(features, hash: Self.contentHash(of: features), injected: injected)
    }

    /// Whether a line of content hash `hash` could enter the sample now; lines
    /// it turns away need not have their features copied.
    func accepts(_ hash: UInt64) -> Bool { hash <= cutoff }

    /// Offers a line whose ``contentHash(ngramKeys:shapeKeys:)`` is known.
    mutating func offer(_ features: LineFeatures, hash: UInt64, injected: Bool) {
        guard accepts(hash) else { return }
        var stripped = features
        stripped.statistics = LineStatistics()
        entries.append(Entry(hash: hash, injected: injected, features: stripped))
        pending += 1
        if pending >= capacity { normalize() }
    }

    /// Adds every line of another sample (a shard's) and keeps the bottom `capacity`.
    public mutating func merge(_ other: CalibrationSample) {
        entries.append(contentsOf: other.entries)
        normalize()
    }

    /// Sorts canonically and drops all but the first `capacity` entries.
    public mutating func normalize() {
        // Sorts positions, not entries: moving whole entries (a `LineFeatures`
        // each) through a merge sort was 7% of training. Both sorts are stable,
        // so the order is the one sorting the entries gave.
        let hashes = entries.map(\.hash)
        var order = Array(entries.indices)
        entries.withUnsafeBufferPointer { entries in
            hashes.withUnsafeBufferPointer { hashes in
                order.sort { a, b in hashes[a] != hashes[b] ? hashes[a] < hashes[b] : entries[a].precedes(entries[b]) }
            }
        }
        entries = order.prefix(capacity).map { entries[$0] }
        if entries.count == capacity, let last = entries.last { cutoff = last.hash }
        pending = 0
    }

    /// Samples are equal when they keep the same lines (bookkeeping aside).
    public static func == (a: Self, b: Self) -> Bool {
        a.capacity == b.capacity && a.entries == b.entries
    }

    /// Keeps only the first `count` entries (after ``normalize()``).
    mutating func limit(to count: Int) {
        if entries.count > count { entries.removeSubrange(count...) }
    }

    /// FNV-1a over the line's n-gram and shape keys: equal lines hash alike
    /// wherever they occur, so a repeated menu line is held out everywhere or nowhere.
    static func contentHash(of line: LineFeatures) -> UInt64 {
        contentHash(ngramKeys: line.ngramKeys, shapeKeys: line.shapeKeys)
    }

    /// ``contentHash(of:)`` from the keys alone.
    static func contentHash(ngramKeys: some Sequence<UInt32>, shapeKeys: some Sequence<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        // The n-gram keys, a 0 between, then the shape keys.
        for key in ngramKeys { hash = (hash ^ UInt64(key)) &* 0x0000_0100_0000_01B3 }
        hash = hash &* 0x0000_0100_0000_01B3
        for key in shapeKeys { hash = (hash ^ UInt64(key)) &* 0x0000_0100_0000_01B3 }
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return hash
    }
}

extension CalibrationSample.Entry {
    /// The canonical order: hash, then label, then the keys themselves.
    func precedes(_ other: Self) -> Bool {
        if hash != other.hash { return hash < other.hash }
        if injected != other.injected { return !injected }
        let (a, b) = (features, other.features)
        if a.ngramKeys != b.ngramKeys { return a.ngramKeys.lexicographicallyPrecedes(b.ngramKeys) }
        if a.shapeKeys != b.shapeKeys { return a.shapeKeys.lexicographicallyPrecedes(b.shapeKeys) }
        if a.contextKeys != b.contextKeys { return a.contextKeys.lexicographicallyPrecedes(b.contextKeys) }
        return a.markupKeys.lexicographicallyPrecedes(b.markupKeys)
    }
}
