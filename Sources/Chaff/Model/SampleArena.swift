/// The lines a ``CalibrationSample`` keeps, stored flat: every line's keys in
/// one `[UInt32]` arena (its n-gram occurrence counts in a `[UInt16]` beside
/// it), and per line a fixed-size record that locates them.
///
/// Held as ``LineFeatures``, 32,000 sampled lines owned 160,000 arrays, and
/// every trim retained, copied and released all of them: 1.3 G of 9.5 G
/// training instructions went to keeping the features of kept lines. A record
/// here is a plain value that sorts and moves without reference counting; a
/// line's keys are copied once when it enters, and again only when the arena
/// is compacted.
///
/// The arena is append-only between compactions: lines a trim drops leave
/// their keys behind as garbage, and ``keep(_:)`` copies the live lines into
/// a fresh arena once the garbage outweighs them, so compaction costs O(1)
/// amortised per key appended.
struct SampleArena: Sendable {
    /// One line: its hashes, its label, and where its keys lie in the arena.
    ///
    /// A line's keys are one run of the arena: its n-gram, shape, context and
    /// markup keys; its n-gram occurrence counts are a run of their own.
    struct Line: Sendable {
        /// Content hash (``CalibrationSample/contentHash(ngramKeys:shapeKeys:)``).
        let hash: UInt64
        /// Hash of everything the canonical order compares (see ``SampleArena/fingerprint(hash:injected:_:_:)``).
        fileprivate(set) var fingerprint: UInt64
        /// The line's label.
        let injected: Bool
        /// Where the line's keys start in the arena.
        fileprivate(set) var keyStart: Int
        /// Where the line's n-gram counts start in the count arena.
        fileprivate(set) var countStart: Int
        /// How many n-gram, shape, context and markup keys the line has.
        let ngrams: Int32, shapes: Int32, contexts: Int32, markups: Int32

        /// How many keys the line has.
        var keyCount: Int { Int(ngrams) + Int(shapes) + Int(contexts) + Int(markups) }
        fileprivate var keyRange: Range<Int> { keyStart..<keyStart + keyCount }
        fileprivate var ngramRange: Range<Int> { keyStart..<keyStart + Int(ngrams) }
        fileprivate var shapeRange: Range<Int> { ngramRange.upperBound..<ngramRange.upperBound + Int(shapes) }
        fileprivate var contextRange: Range<Int> { shapeRange.upperBound..<shapeRange.upperBound + Int(contexts) }
        fileprivate var markupRange: Range<Int> { contextRange.upperBound..<contextRange.upperBound + Int(markups) }
        fileprivate var countRange: Range<Int> { countStart..<countStart + Int(ngrams) }
    }

    /// The lines, in the order ``keep(_:)`` last gave them (new ones at the end).
    private(set) var lines: [Line] = []
    /// Every line's keys; runs of dropped lines stay until the next compaction.
    private var keys: [UInt32] = []
    /// Every line's n-gram occurrence counts, likewise.
    private var counts: [UInt16] = []
    /// The elements of ``keys`` that ``lines`` point into.
    private var liveKeys = 0
    /// How many lines the arena makes room for once it knows their average
    /// size (0: it grows as arrays do). See ``reserveRoom()``.
    var roomInLines = 0
    /// Lines ever appended, and their keys and n-gram counts: the average
    /// line size that ``roomInLines`` is turned into elements with.
    private var appended = (lines: 0, keys: 0, counts: 0)

    /// The number of lines.
    var count: Int { lines.count }

    /// Appends a line, copying its keys into the arena.
    ///
    /// - Complexity: O(*k*) for *k* keys.
    mutating func append(
        hash: UInt64, injected: Bool, ngramKeys: some Collection<UInt32>, ngramCounts: some Collection<UInt16>,
        shapeKeys: some Collection<UInt32>, contextKeys: some Collection<UInt32>, markupKeys: some Collection<UInt32>
    ) {
        precondition(ngramCounts.count == ngramKeys.count, "one occurrence count per n-gram key")
        var line = Line(
            hash: hash, fingerprint: 0, injected: injected, keyStart: keys.count, countStart: counts.count,
            ngrams: Int32(ngramKeys.count), shapes: Int32(shapeKeys.count), contexts: Int32(contextKeys.count),
            markups: Int32(markupKeys.count))
        keys.append(contentsOf: ngramKeys)
        keys.append(contentsOf: shapeKeys)
        keys.append(contentsOf: contextKeys)
        keys.append(contentsOf: markupKeys)
        counts.append(contentsOf: ngramCounts)
        // Hashed from the arena's copy: contiguous memory, whatever
        // collections the keys came in.
        line.fingerprint = keys.withUnsafeBufferPointer { keys in
            func run(_ range: Range<Int>) -> UnsafeBufferPointer<UInt32> { UnsafeBufferPointer(rebasing: keys[range]) }
            return Self.fingerprint(hash: hash, injected: injected, run(line.contextRange), run(line.markupRange))
        }
        lines.append(line)
        liveKeys += line.keyCount
        appended.lines += 1
        appended.keys += line.keyCount
        appended.counts += Int(line.ngrams)
    }

    /// Keeps the lines at positions `order`, in that order, and compacts the
    /// arena when dropped lines' keys outweigh the kept ones.
    mutating func keep(_ order: [Int]) {
        lines = order.map { lines[$0] }
        liveKeys = lines.reduce(0) { $0 + $1.keyCount }
        if keys.count > 2 * liveKeys { compact() } else { reserveRoom() }
    }

    /// The room for ``roomInLines`` lines of the average size appended so
    /// far, in keys and in n-gram counts.
    private var room: (keys: Int, counts: Int) {
        guard appended.lines > 0 else { return (0, 0) }
        func room(_ total: Int) -> Int { (total + appended.lines - 1) / appended.lines * roomInLines }
        return (room(appended.keys), room(appended.counts))
    }

    /// Gives the arrays the room for ``roomInLines`` lines, so that they grow
    /// to it in one step rather than doubling up to it: each doubling copied
    /// the arena into new memory and faulted that memory's pages in (a tenth
    /// of adding pages to a fresh trainer, most of it here). Room not yet
    /// written to costs address space, not memory.
    private mutating func reserveRoom() {
        let room = self.room
        keys.reserveCapacityInHugePages(room.keys)
        counts.reserveCapacityInHugePages(room.counts)
    }

    /// Keeps the first `count` lines.
    mutating func removeLines(from count: Int) {
        guard lines.count > count else { return }
        lines.removeSubrange(count...)
        liveKeys = lines.reduce(0) { $0 + $1.keyCount }
    }

    /// Copies the live runs, in line order, into fresh arrays.
    private mutating func compact() {
        var (compactedKeys, compactedCounts) = ([UInt32](), [UInt16]())
        let room = self.room
        compactedKeys.reserveCapacityInHugePages(max(liveKeys, room.keys))
        compactedCounts.reserveCapacityInHugePages(max(lines.reduce(0) { $0 + Int($1.ngrams) }, room.counts))
        for index in lines.indices {
            let line = lines[index]
            (lines[index].keyStart, lines[index].countStart) = (compactedKeys.count, compactedCounts.count)
            compactedKeys.append(contentsOf: keys[line.keyRange])
            compactedCounts.append(contentsOf: counts[line.countRange])
        }
        (keys, counts) = (compactedKeys, compactedCounts)
    }

    // MARK: Reading lines

    /// The n-gram keys of `line`.
    func ngramKeys(of line: Line) -> ArraySlice<UInt32> { keys[line.ngramRange] }
    /// The n-gram occurrence counts of `line`.
    func ngramCounts(of line: Line) -> ArraySlice<UInt16> { counts[line.countRange] }
    /// The shape keys of `line`.
    func shapeKeys(of line: Line) -> ArraySlice<UInt32> { keys[line.shapeRange] }
    /// The context keys of `line`.
    func contextKeys(of line: Line) -> ArraySlice<UInt32> { keys[line.contextRange] }
    /// The markup keys of `line`.
    func markupKeys(of line: Line) -> ArraySlice<UInt32> { keys[line.markupRange] }

    /// The features of `line` (statistics are not kept), as new arrays.
    func features(of line: Line) -> LineFeatures {
        var features = LineFeatures()
        features.ngramKeys = Array(ngramKeys(of: line))
        features.ngramCounts = Array(ngramCounts(of: line))
        features.shapeKeys = Array(shapeKeys(of: line))
        features.contextKeys = Array(contextKeys(of: line))
        features.markupKeys = Array(markupKeys(of: line))
        return features
    }

    /// Whether line `x` of arena `xs` comes before line `y` of arena `ys`
    /// in the canonical order (``CalibrationSample/Entry/precedes(_:)``): by
    /// hash, then (``keysPrecede(_:of:_:of:)``) by label and keys. Lines
    /// with equal fingerprints are the same line, and neither comes first.
    static func precedes(_ x: Line, of xs: SampleArena, _ y: Line, of ys: SampleArena) -> Bool {
        if x.hash != y.hash { return x.hash < y.hash }
        return x.fingerprint != y.fingerprint && keysPrecede(x, of: xs, y, of: ys)
    }

    /// Whether line `x` of arena `xs` comes before line `y` of arena `ys`
    /// when their hashes are equal: by label, then by the n-gram, shape,
    /// context and markup keys.
    ///
    /// Lines with one hash nearly always have the same n-gram and shape keys
    /// (the same text on another page), so the lists are compared in place,
    /// eight keys at a time (``KeyRun/order(_:_:)``): those long equal
    /// prefixes were most of a trim's cost.
    private static func keysPrecede(_ x: Line, of xs: SampleArena, _ y: Line, of ys: SampleArena) -> Bool {
        if x.injected != y.injected { return !x.injected }
        return xs.keys.withUnsafeBufferPointer { xKeys in
            ys.keys.withUnsafeBufferPointer { yKeys in
                func order(_ a: Range<Int>, _ b: Range<Int>) -> Bool? {
                    KeyRun.order(UnsafeBufferPointer(rebasing: xKeys[a]), UnsafeBufferPointer(rebasing: yKeys[b]))
                }
                if let precedes = order(x.ngramRange, y.ngramRange) { return precedes }
                if let precedes = order(x.shapeRange, y.shapeRange) { return precedes }
                if let precedes = order(x.contextRange, y.contextRange) { return precedes }
                return order(x.markupRange, y.markupRange) ?? false
            }
        }
    }

    /// The first `capacity` lines of `a` and `b` together, each already in
    /// canonical order, in a fresh arena: a line of `a` goes before an equal
    /// one of `b`, as in a stable sort of `a`'s lines followed by `b`'s.
    ///
    /// Only the lines kept are copied, once each. (Appending all of `b`,
    /// sorting it and compacting copied every key of `b` and then every kept
    /// key again; merging the samples of ``ModelTrainer/add(_:jobs:progress:)``'s
    /// shards spent most of its time there, on one thread.)
    static func merged(_ a: SampleArena, _ b: SampleArena, capacity: Int) -> SampleArena {
        var (i, j) = (0, 0)
        var picks: [(fromB: Bool, line: Line)] = []
        picks.reserveCapacity(min(capacity, a.count + b.count))
        while picks.count < capacity && (i < a.count || j < b.count) {
            if j < b.count && (i == a.count || precedes(b.lines[j], of: b, a.lines[i], of: a)) {
                picks.append((true, b.lines[j]))
                j += 1
            } else {
                picks.append((false, a.lines[i]))
                i += 1
            }
        }
        var merged = SampleArena()
        merged.roomInLines = max(a.roomInLines, b.roomInLines)
        merged.appended = (a.appended.lines + b.appended.lines, a.appended.keys + b.appended.keys,
                           a.appended.counts + b.appended.counts)
        merged.lines.reserveCapacity(picks.count)
        merged.keys.reserveCapacity(picks.reduce(0) { $0 + $1.line.keyCount })
        merged.counts.reserveCapacity(picks.reduce(0) { $0 + Int($1.line.ngrams) })
        a.keys.withUnsafeBufferPointer { aKeys in
            a.counts.withUnsafeBufferPointer { aCounts in
                b.keys.withUnsafeBufferPointer { bKeys in
                    b.counts.withUnsafeBufferPointer { bCounts in
                        for (fromB, pick) in picks {
                            var line = pick
                            let (keys, counts) = fromB ? (bKeys, bCounts) : (aKeys, aCounts)
                            let (keyStart, countStart) = (merged.keys.count, merged.counts.count)
                            merged.keys.append(contentsOf: UnsafeBufferPointer(rebasing: keys[line.keyRange]))
                            merged.counts.append(contentsOf: UnsafeBufferPointer(rebasing: counts[line.countRange]))
                            (line.keyStart, line.countStart) = (keyStart, countStart)
                            merged.lines.append(line)
                        }
                    }
                }
            }
        }
        merged.liveKeys = merged.keys.count
        return merged
    }

    /// A hash of everything the canonical order compares: the line's content
    /// hash `hash` (``CalibrationSample/contentHash(ngramKeys:shapeKeys:)``,
    /// which covers its n-gram and shape keys), then FNV-1a over the label and
    /// the context and markup keys, each list preceded by its length, finished
    /// like the content hash.
    ///
    /// Continuing from the content hash instead of hashing the n-gram keys a
    /// second time: the multiplies of FNV wait on each other, and hashing every
    /// kept line's keys again was 2.4% of training time.
    static func fingerprint(
        hash contentHash: UInt64, injected: Bool, _ contextKeys: UnsafeBufferPointer<UInt32>,
        _ markupKeys: UnsafeBufferPointer<UInt32>
    ) -> UInt64 {
        var hash = (contentHash ^ (injected ? 1 : 0)) &* 0x0000_0100_0000_01B3
        func add(_ keys: UnsafeBufferPointer<UInt32>) {
            hash = (hash ^ UInt64(keys.count)) &* 0x0000_0100_0000_01B3
            for key in keys { hash = (hash ^ UInt64(key)) &* 0x0000_0100_0000_01B3 }
        }
        add(contextKeys)
        add(markupKeys)
        hash ^= hash >> 29
        hash = hash &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 32
        return hash
    }
}

extension SampleArena: Equatable {
    /// Arenas are equal when they hold the same lines in the same order
    /// (where in the arena their keys lie aside).
    static func == (a: Self, b: Self) -> Bool {
        guard a.lines.count == b.lines.count else { return false }
        for (x, y) in zip(a.lines, b.lines) {
            guard x.hash == y.hash, x.injected == y.injected, x.ngrams == y.ngrams, x.shapes == y.shapes,
                  x.contexts == y.contexts, x.markups == y.markups,
                  a.keys[x.keyRange] == b.keys[y.keyRange], a.counts[x.countRange] == b.counts[y.countRange]
            else { return false }
        }
        return true
    }
}
