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
        public let hash: UInt64
        /// The line's label.
        public let injected: Bool
        /// The line's features (statistics are not kept).
        public let features: LineFeatures
        /// A second hash, of everything ``precedes(_:)`` compares: entries with
        /// equal hashes are nearly always the same line (a menu or footer
        /// repeated on many pages), and telling them apart by their key arrays
        /// was most of the cost of keeping a large sample sorted.
        let fingerprint: UInt64

        init(hash: UInt64, injected: Bool, features: LineFeatures) {
            self.hash = hash
            self.injected = injected
            self.features = features
            fingerprint = Self.fingerprint(injected: injected, features: features)
        }
    }

    /// The most lines kept: 32,000, fitted in ``ModelTrainer/calibrationParts``
    /// parts of 4,000. 4,000 lines fit an eight-parameter logistic regression with
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
    /// How many leading entries are in canonical order (the rest were added since).
    private var sortedCount = 0
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
        // Trimming a quarter-capacity at a time (only the new entries are
        // sorted) keeps the cutoff tight, so fewer lines are copied in, and
        // holds at most 1.25 × capacity entries instead of twice as many.
        if pending >= max(capacity / 4, 256) { normalize() }
    }

    /// Adds every line of another sample (a shard's) and keeps the bottom `capacity`.
    public mutating func merge(_ other: CalibrationSample) {
        entries.append(contentsOf: other.entries)
        normalize()
    }

    /// Sorts canonically and drops all but the first `capacity` entries.
    public mutating func normalize() {
        // Sorts positions, not entries (moving whole entries through a merge
        // sort was 7% of training), and only the entries added since the last
        // call: the ones before them are sorted already, and the two runs are
        // merged. Ties go to the earlier run, so the order is the one a stable
        // sort of all entries gives.
        let hashes = entries.map(\.hash)
        var order: [Int] = []
        order.reserveCapacity(min(entries.count, capacity))
        entries.withUnsafeBufferPointer { entries in
            hashes.withUnsafeBufferPointer { hashes in
                let precedes = { (a: Int, b: Int) -> Bool in
                    if hashes[a] != hashes[b] { return hashes[a] < hashes[b] }
                    // Equal fingerprints: the same line, in either order. (Two
                    // different lines with both 64-bit hashes equal would keep
                    // the order they were offered in.)
                    if entries[a].fingerprint == entries[b].fingerprint { return false }
                    return entries[a].precedes(entries[b])
                }
                let sorted = min(sortedCount, entries.count)
                let added = Array(sorted..<entries.count).sorted(by: precedes)
                var (i, j) = (0, 0)
                while order.count < capacity && (i < sorted || j < added.count) {
                    if j == added.count || (i < sorted && !precedes(added[j], i)) {
                        order.append(i)
                        i += 1
                    } else {
                        order.append(added[j])
                        j += 1
                    }
                }
            }
        }
        entries = order.map { entries[$0] }
        sortedCount = entries.count
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
    /// FNV-1a over the label and the n-gram, shape, context and markup keys,
    /// each list preceded by its length, finished like ``CalibrationSample/contentHash(of:)``.
    static func fingerprint(injected: Bool, features: LineFeatures) -> UInt64 {
        var hash: UInt64 = 0x84222325_CBF29CE4 ^ (injected ? 1 : 0)
        func add(_ keys: [UInt32]) {
            hash = (hash ^ UInt64(keys.count)) &* 0x0000_0100_0000_01B3
            for key in keys { hash = (hash ^ UInt64(key)) &* 0x0000_0100_0000_01B3 }
        }
        add(features.ngramKeys)
        add(features.shapeKeys)
        add(features.contextKeys)
        add(features.markupKeys)
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return hash
    }

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
