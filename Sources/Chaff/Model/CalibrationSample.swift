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

        init(hash: UInt64, injected: Bool, features: LineFeatures) {
            self.hash = hash
            self.injected = injected
            self.features = features
        }
    }

    /// The most lines kept: 32,000, fitted in ``ModelTrainer/calibrationParts``
    /// parts of 4,000. 4,000 lines fit an eight-parameter logistic regression with
    /// room to spare; eight such fits averaged are steadier than one
    /// (Models/README.md, "Calibration stability, measured"). The sample adds
    /// about 15 MB to a model file, in a section scoring never reads.
    public static let defaultCapacity = 32_000

    /// The lines kept, in canonical order (see ``Entry/precedes(_:)``).
    ///
    /// - Complexity: O(*n*) in the total number of keys: each entry's
    ///   features are built from the sample's flat storage.
    public var entries: [Entry] {
        lines.lines.map { Entry(hash: $0.hash, injected: $0.injected, features: lines.features(of: $0)) }
    }
    /// The number of lines kept.
    public var count: Int { lines.count }
    /// The most lines kept.
    public let capacity: Int
    /// The lines kept, their keys in one arena.
    private(set) var lines = SampleArena()
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
        lines.roomInLines = Self.arenaRoom(capacity)
    }

    /// Creates a sample from entries read back from a model file.
    init(capacity: Int, entries: [Entry]) {
        self.capacity = capacity
        lines.roomInLines = Self.arenaRoom(capacity)
        for entry in entries { append(entry.features, hash: entry.hash, injected: entry.injected) }
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
        append(features, hash: hash, injected: injected)
        trimIfDue()
    }

    /// Offers a line given as its keys, whose ``contentHash(ngramKeys:shapeKeys:)``
    /// is `hash`: the form for keys still in a trainer's buffers.
    mutating func offer(
        hash: UInt64, injected: Bool, ngramKeys: some Collection<UInt32>, ngramCounts: some Collection<UInt16>,
        shapeKeys: some Collection<UInt32>, contextKeys: some Collection<UInt32>, markupKeys: some Collection<UInt32>
    ) {
        guard accepts(hash) else { return }
        lines.append(
            hash: hash, injected: injected, ngramKeys: ngramKeys, ngramCounts: ngramCounts, shapeKeys: shapeKeys,
            contextKeys: contextKeys, markupKeys: markupKeys)
        trimIfDue()
    }

    private mutating func append(_ features: LineFeatures, hash: UInt64, injected: Bool) {
        lines.append(
            hash: hash, injected: injected, ngramKeys: features.ngramKeys, ngramCounts: features.ngramCounts,
            shapeKeys: features.shapeKeys, contextKeys: features.contextKeys, markupKeys: features.markupKeys)
    }

    private mutating func trimIfDue() {
        pending += 1
        // Trimming a quarter-capacity at a time (only the new entries are
        // sorted) keeps the cutoff tight, so fewer lines are copied in, and
        // holds at most 1.25 × capacity entries instead of twice as many.
        if pending >= max(capacity / 4, 256) { normalize() }
    }

    /// Adds every line of another sample (a shard's) and keeps the bottom `capacity`.
    ///
    /// Both samples are put in canonical order first (nothing to do for one
    /// that is already: ``ModelTrainer/add(_:jobs:progress:)`` orders each
    /// shard's sample on the shard's thread), then merged; a line of this
    /// sample goes before an equal one of `other`, as if `other`'s lines had
    /// been offered after this one's.
    public mutating func merge(_ other: CalibrationSample) {
        normalize()
        var other = other
        other.normalize()
        lines = SampleArena.merged(lines, other.lines, capacity: capacity)
        settle()
    }

    /// The lines the arena has room for: between compactions it holds up to
    /// twice the live lines' keys (``SampleArena/keep(_:)``), and a trim's
    /// worth more (``trimIfDue()``); and lines that come later may be longer
    /// than the average so far, so a little more than that.
    private static func arenaRoom(_ capacity: Int) -> Int { capacity * 5 / 2 + max(capacity / 4, 256) }

    /// Whether every line is in canonical order and there are at most
    /// ``capacity``: what ``normalize()`` leaves.
    private var isNormalized: Bool { sortedCount == lines.count && lines.count <= capacity }

    /// Sorts canonically and drops all but the first `capacity` entries.
    public mutating func normalize() {
        guard !isNormalized else { return }
        // Sorts only the entries added since the last call: the ones before
        // them are sorted already, and the two runs are merged. Ties go to the
        // earlier run, so the order is the one a stable sort of all entries gives.
        let lines = self.lines
        let sorted = min(sortedCount, lines.count)
        var order: [Int] = []
        order.reserveCapacity(min(lines.count, capacity))
        // The added entries are sorted as (hash, position) pairs, so that the
        // comparisons, nearly all decided by the hashes, read no other memory.
        var added = lines.lines[sorted...].enumerated().map { SortKey(hash: $0.element.hash, position: sorted + $0.offset) }
        lines.lines.withUnsafeBufferPointer { records in
            // Equal hashes: by the rest of the canonical order, in which
            // equal fingerprints are the same line. (Two different lines with
            // both 64-bit hashes equal would keep the order they were offered in.)
            let tiePrecedes = { (a: Int, b: Int) -> Bool in
                SampleArena.precedes(records[a], of: lines, records[b], of: lines)
            }
            added.sort { $0.hash != $1.hash ? $0.hash < $1.hash : tiePrecedes($0.position, $1.position) }
            var (i, j) = (0, 0)
            while order.count < capacity && (i < sorted || j < added.count) {
                // The earlier run goes first unless the added entry precedes it.
                let takeAdded = j < added.count && (i == sorted || (added[j].hash != records[i].hash
                    ? added[j].hash < records[i].hash : tiePrecedes(added[j].position, i)))
                if takeAdded {
                    order.append(added[j].position)
                    j += 1
                } else {
                    order.append(i)
                    i += 1
                }
            }
        }
        self.lines.keep(order)
        settle()
    }

    /// Notes that the lines are in canonical order, at most ``capacity`` of
    /// them: no line waits to be sorted, and a full sample's cut-off is its
    /// last hash.
    private mutating func settle() {
        sortedCount = lines.count
        if lines.count == capacity, let last = lines.lines.last { cutoff = last.hash }
        pending = 0
    }

    /// An entry to sort: its content hash and its position in ``lines``.
    private struct SortKey {
        let hash: UInt64
        let position: Int
    }

    /// Samples are equal when they keep the same lines (bookkeeping aside).
    public static func == (a: Self, b: Self) -> Bool {
        a.capacity == b.capacity && a.lines == b.lines
    }

    /// Keeps only the first `count` entries (after ``normalize()``).
    mutating func limit(to count: Int) {
        lines.removeLines(from: count)
    }

    /// FNV-1a over the line's n-gram and shape keys: equal lines hash alike
    /// wherever they occur, so a repeated menu line is held out everywhere or nowhere.
    static func contentHash(of line: LineFeatures) -> UInt64 {
        contentHash(ngramKeys: line.ngramKeys, shapeKeys: line.shapeKeys)
    }

    /// Mixed into ``contentHash(of:)``: which lines are held out for
    /// calibration. Any value gives a valid model; the figures move a little
    /// with the sample. With the keys of model format 4, 5-fold cross-validation
    /// on TrainingData/ gave line F1 0.973, 0.976 and 0.975 and page false
    /// alarms 2.2%, 1.8% and 2.1% for salts 0, 1 and 2, so 1 is used (chosen on
    /// the training data, not the devset; Models/README.md).
    static let salt: UInt64 = 1

    /// ``contentHash(of:)`` from the keys alone.
    static func contentHash(ngramKeys: some Sequence<UInt32>, shapeKeys: some Sequence<UInt32>) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325 ^ salt
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
