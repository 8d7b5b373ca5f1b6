import CChaffSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a page scan found on lines it has seen before, by the lines' bytes,
/// so that a line repeated across pages is normalised, hashed and measured once.
///
/// A line's n-gram keys, occurrence counts, vocabulary, structure keys and
/// measurements depend on its bytes alone; its page context and markup do not
/// and are always computed afresh. Training corpora repeat lines heavily
/// (menus, footers, the variants of one article, one keyword block injected
/// into many pages): seven tenths of the line bytes of `TrainingData/pages`
/// repeat a line seen before. A trainer keeps one cache across the pages it
/// adds; a scorer keeps none, so that it stays free of mutable state, but a
/// task scoring many pages may keep one in a ``PageScorer/LineCache``.
///
/// For a trainer, a line is cached when it comes a second time: its first occurrence
/// leaves only its hash. A corpus without repeated lines then costs a hash
/// and a slot per line, not a copy of every line's features (caching every
/// first occurrence made adding such a corpus's pages a quarter slower), and
/// `TrainingData/pages` keeps 17,000 lines instead of 35,000.
///
/// The cache only saves work: a scan with it gives exactly the features of a
/// scan without it. A cached line keeps its index until ``removeAll()``, so
/// that its owner can tally the line's occurrences beside it (``LineTallies``).
/// Memory is bounded by ``byteLimit``: once the cache is full it stores no
/// more lines (they are featured as usual), and its owner empties it between pages.
struct ScannedLineCache: LineCaching, Sendable {
    static var prefetches: Bool { true }
    static var keepsLines: Bool { true }

    /// One cached line: where its bytes and features lie in the arenas (its
    /// measurements are in ``statistics``, so that a look-up reads 48 bytes).
    private struct Entry: Sendable {
        let hash: UInt64
        let byteStart: Int
        let byteCount: Int32
        var ngrams: Int32 = 0, vocabulary: Int32 = 0, shapes: Int32 = 0
        /// Where the line's n-gram keys start in ``keys``; its vocabulary and
        /// structure keys follow them.
        var keyStart = 0
        /// Where the line's n-gram occurrence counts start in ``counts``.
        var countStart = 0
    }

    /// The features of a cached line, valid only inside ``withLine(_:_:)``.
    struct Line {
        /// Distinct n-gram keys, in order of first occurrence.
        let keys: UnsafeBufferPointer<UInt32>
        /// Occurrences of each key.
        let counts: UnsafeBufferPointer<UInt16>
        /// The word and ideograph-bigram keys (``LineKeyCollector/vocabulary``).
        let vocabulary: UnsafeBufferPointer<UInt32>
        /// Line-structure keys.
        let shapeKeys: UnsafeBufferPointer<UInt32>
        /// The line's measurements.
        let statistics: LineStatistics
    }

    /// The default ``byteLimit``: 32 MB, more than twice the 12.6 MB that
    /// `TrainingData/pages` fills it with (its 17,000 repeated lines, and the
    /// hashes of its 35,000 distinct ones).
    static let defaultByteLimit = 32 << 20

    /// Lines longer than this are not cached: they are rarely repeated, and
    /// one of them would fill the cache. Injected keyword blocks of forty
    /// titles take a few kilobytes.
    static let longestCachedLine = 16 << 10

    /// The most memory the arenas and the table may take, in bytes; 0 caches
    /// nothing. Halved, before the first line is cached, while the system
    /// refuses the room that much needs (``setAsideRoom()``).
    private(set) var byteLimit: Int

    /// The bytes every cached line takes whatever its length: its entry, its
    /// measurements and what its owner keeps beside it.
    private let lineCost: Int
    /// What the owner keeps beside each cached line (part of ``lineCost``).
    private let ownerBytesPerLine: Int

    /// Whether a line's n-gram keys, counts and structure keys are kept.
    /// A scorer's cache keeps their evidence instead, and gives its lines
    /// without them: only their vocabulary and measurements.
    let keepsKeys: Bool

    /// Whether a line is cached when it first comes, not when it comes a
    /// second time. Caching a line costs a scorer, which keeps no keys, far
    /// less than a trainer: a scorer's cache takes every line it has room for.
    let cachesFirstOccurrences: Bool

    private var entries: [Entry] = []
    /// Each entry's measurements.
    private var statistics: [LineStatistics] = []
    private var bytes: [UInt8] = []
    private var keys: [UInt32] = []
    private var counts: [UInt16] = []
    /// The hash of every distinct line seen (a cached line's stays too).
    private var seen: [UInt64] = []
    /// Open addressing on the hash; 0 is an empty slot. A slot holds the
    /// line's hash's high 32 bits (a tag that saves reading entries of
    /// other lines) over its entry's index plus one, or over the index of
    /// its hash in ``seen`` with ``seenFlag`` set.
    private var slots = [UInt64](repeating: 0, count: 1024)
    private var mask = 1023
    /// Marks a slot's index as one into ``seen``.
    private static let seenFlag: UInt32 = 1 << 31
    /// The slot a line missed in (``lookUp(_:)``), to be filled by ``store(_:)``; -1 for none.
    private var pendingSlot = -1
    /// The hash of the line ``prefetch(_:)`` was last told of, for the next ``lookUp(_:)``.
    private var prefetchedHash: UInt64?
    /// Whether the arrays have their room (``setAsideRoom()``).
    private var hasRoom = false

    /// Creates an empty cache that takes at most `byteLimit` bytes (at most
    /// 16 GB, so that its slots' 31-bit indices never run out).
    ///
    /// `ownerBytesPerLine` is memory the cache's owner keeps for each cached
    /// line beside it (a scoring task's evidence), counted against the same limit.
    init(byteLimit: Int = defaultByteLimit, keepsKeys: Bool = true, cachesFirstOccurrences: Bool = false,
         ownerBytesPerLine: Int = 0) {
        self.byteLimit = min(byteLimit, 1 << 34)
        self.lineCost = MemoryLayout<Entry>.stride + MemoryLayout<LineStatistics>.stride + max(0, ownerBytesPerLine)
        self.ownerBytesPerLine = max(0, ownerBytesPerLine)
        self.keepsKeys = keepsKeys
        self.cachesFirstOccurrences = cachesFirstOccurrences
    }

    /// The number of lines cached.
    var count: Int { entries.count }

    /// The number of distinct lines seen since the cache was last emptied,
    /// cached or not: the hashes it keeps.
    var seenCount: Int { seen.count }

    /// Whether the cache turned a line away for want of room since it was
    /// last emptied: time to empty it.
    private(set) var isFull = false

    /// The bytes the cache takes now: its arenas and table, and its owner's
    /// bytes per line (not the arenas' spare room, address space until written).
    var footprint: Int {
        bytes.count + 4 * keys.count + 2 * counts.count + 8 * slots.count + 8 * seen.count
            + lineCost * entries.count
    }

    /// The index of the cached line with exactly these bytes, if any. On a
    /// miss, a line seen for the first time leaves its hash; a line seen
    /// before has its bytes copied in (when they fit), and the next
    /// ``store(_:)`` gives its features.
    mutating func lookUp(_ line: UnsafeBufferPointer<UInt8>) -> Int? {
        pendingSlot = -1
        let prefetched = prefetchedHash
        prefetchedHash = nil
        guard mayHold(line) else { return nil }
        if !hasRoom {
            setAsideRoom()
            guard byteLimit > 0 else { return nil }
        }
        let hash = prefetched ?? Self.hash(line)
        let tag = hash >> 32
        var slot = Int(truncatingIfNeeded: hash) & mask
        var seenBefore = false
        let found: Int? = entries.withUnsafeBufferPointer { entries in
            while slots[slot] != 0 {
                let value = slots[slot]
                if value >> 32 == tag {
                    let code = UInt32(truncatingIfNeeded: value)
                    if code & Self.seenFlag != 0 {
                        if seen[Int(code & ~Self.seenFlag)] == hash {
                            seenBefore = true
                            return nil
                        }
                    } else {
                        let index = Int(code) &- 1
                        if entries[index].hash == hash && Int(entries[index].byteCount) == line.count
                            && holds(entries[index].byteStart, line) { return index }
                    }
                }
                slot = (slot &+ 1) & mask
            }
            return nil
        }
        if let found { return found }
        if !seenBefore && (entries.count + seen.count + 1) * 2 > slots.count {
            // A line new to the table: it doubles when it is half full, before
            // the line takes a slot.
            guard footprint + 8 * slots.count <= byteLimit else {
                isFull = true
                return nil
            }
            rehash(capacity: slots.count * 2)
            slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
        }
        guard seenBefore || cachesFirstOccurrences else {
            // A first occurrence: its hash is kept (8 bytes), not its features.
            guard footprint + 8 <= byteLimit else {
                isFull = true
                return nil
            }
            slots[slot] = tag << 32 | UInt64(UInt32(seen.count) | Self.seenFlag)
            seen.append(hash)
            return nil
        }
        // A second occurrence (or a first one, when first occurrences are
        // cached, or, rarely, a first one whose 64-bit hash a line seen
        // before has: it is cached at once). A line takes its
        // bytes, at most six bytes a key for about one key a byte: a
        // generous estimate keeps the limit.
        if footprint + 8 * line.count + lineCost > byteLimit {
            isFull = true
            return nil
        }
        entries.append(Entry(hash: hash, byteStart: bytes.count, byteCount: Int32(line.count)))
        bytes.appendInHugePages(contentsOf: line)
        // The line's slot (where its hash was seen, or the empty one a first
        // occurrence probed to) now names its entry.
        pendingSlot = slot
        return nil
    }

    /// The most lines the cache can hold: each takes at least ``lineCost``.
    var mostLines: Int { byteLimit / lineCost }

    /// The bytes the arrays need for a limit of `limit` bytes, each as if
    /// the cache filled with lines of that array's kind alone: ``mostLines``
    /// entries and measurements, and `limit` bytes for each arena.
    private func room(for limit: Int) -> Int {
        var total = limit / lineCost * (MemoryLayout<Entry>.stride + MemoryLayout<LineStatistics>.stride) + limit + limit
        if keepsKeys { total += limit }  // counts: UInt16s, as many as keys
        if !cachesFirstOccurrences { total += limit }
        return total
    }

    /// The smallest limit ``setAsideRoom()`` halves to; below it the cache is off.
    static let smallestLimit = 1 << 20

    /// Sets aside, once, before the first line is cached, the room each
    /// array needs for ``byteLimit``, with ``mostLines`` lines of its owner's
    /// (``ownerBytesPerLine``) counted in; the owner sets its own share aside
    /// after this call.
    ///
    /// Memory set aside is only address space until it is written, so the
    /// cache's resident memory grows with what it holds, up to ``byteLimit``,
    /// and no array is ever copied into a bigger one. Grown by doubling
    /// instead, each array's old copy stayed in the allocator's free memory:
    /// a scoring task's cache of 32 MiB, filled with lines that never repeat,
    /// took 53.7 MB (`chaff-bench --only memory`).
    ///
    /// The system may refuse that much address space: under a limit on it
    /// (`ulimit -v`), with strict overcommit, or for a cache of gigabytes on
    /// a machine with less memory. A refused allocation stops a Swift
    /// program, so the room is asked for first, all at once, and given back:
    /// while that is refused the limit halves, and the cache is off (a limit
    /// of 0) when not even ``smallestLimit`` can be had.
    mutating func setAsideRoom() {
        guard !hasRoom else { return }
        hasRoom = true
        while byteLimit > 0 && !Self.systemGrants(room(for: byteLimit) + mostLines * ownerBytesPerLine) {
            byteLimit = byteLimit / 2 >= Self.smallestLimit ? byteLimit / 2 : 0
        }
        guard byteLimit > 0 else { return }
        entries.reserveCapacity(mostLines)
        statistics.reserveCapacity(mostLines)
        bytes.reserveCapacityInHugePages(byteLimit)
        keys.reserveCapacityInHugePages(byteLimit / MemoryLayout<UInt32>.stride)
        if keepsKeys { counts.reserveCapacityInHugePages(byteLimit / MemoryLayout<UInt16>.stride) }
        if !cachesFirstOccurrences { seen.reserveCapacity(byteLimit / MemoryLayout<UInt64>.stride) }
    }

    /// Whether the system gives this process `bytes` more of writable
    /// memory now: a private mapping of that size, made and unmade at once,
    /// which the limit on address space and the kernel's overcommit
    /// accounting both judge as they judge the allocator's. (A `malloc` and
    /// `free` of the same block, never written, the compiler may leave out.)
    static func systemGrants(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        let mapped = mmap(nil, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let mapped, mapped != MAP_FAILED else { return false }
        munmap(mapped, bytes)
        return true
    }

    /// Whether the cache takes lines like this one at all: it is on, and the
    /// line is not too long.
    private func mayHold(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        line.count <= Self.longestCachedLine && byteLimit > 0
    }

    /// Hashes the line the next ``lookUp(_:)`` will be of, and starts loading
    /// its slot, so that the look-up does not wait for memory.
    mutating func prefetch(_ line: UnsafeBufferPointer<UInt8>) {
        guard mayHold(line) else { return }
        let hash = Self.hash(line)
        prefetchedHash = hash
        slots.withUnsafeBufferPointer { chaff_prefetch($0.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
    }

    /// Gives the features of the line of the last ``lookUp(_:)``, which
    /// missed, and returns its index; nil when the line was not kept.
    @discardableResult
    mutating func store(_ line: Line) -> Int? {
        guard pendingSlot >= 0 else { return nil }
        let index = entries.count - 1
        entries[index].keyStart = keys.count
        entries[index].vocabulary = Int32(line.vocabulary.count)
        entries[index].countStart = counts.count
        statistics.append(line.statistics)
        if keepsKeys {
            entries[index].ngrams = Int32(line.keys.count)
            entries[index].shapes = Int32(line.shapeKeys.count)
            keys.appendInHugePages(contentsOf: line.keys)
            keys.appendInHugePages(contentsOf: line.vocabulary)
            keys.appendInHugePages(contentsOf: line.shapeKeys)
            counts.appendInHugePages(contentsOf: line.counts)
        } else {
            keys.appendInHugePages(contentsOf: line.vocabulary)
        }
        // The hash stays in `seen`, unreferenced, until the cache is emptied.
        slots[pendingSlot] = (entries[index].hash >> 32) << 32 | UInt64(entries.count)
        pendingSlot = -1
        return index
    }

    /// Calls `body` with the features of cached line `index` (from ``lookUp(_:)``).
    func withLine<Result>(_ index: Int, _ body: (Line) -> Result) -> Result {
        let entry = entries[index]
        return keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeBufferPointer { counts in
                let ngramEnd = entry.keyStart + Int(entry.ngrams)
                let vocabularyEnd = ngramEnd + Int(entry.vocabulary)
                let shapeEnd = vocabularyEnd + Int(entry.shapes)
                return body(Line(
                    keys: UnsafeBufferPointer(rebasing: keys[entry.keyStart..<ngramEnd]),
                    counts: UnsafeBufferPointer(rebasing: counts[entry.countStart..<entry.countStart + Int(entry.ngrams)]),
                    vocabulary: UnsafeBufferPointer(rebasing: keys[ngramEnd..<vocabularyEnd]),
                    shapeKeys: UnsafeBufferPointer(rebasing: keys[vocabularyEnd..<shapeEnd]),
                    statistics: statistics[index]))
            }
        }
    }

    /// Calls `body` with the index, n-gram keys and structure keys of every
    /// cached line, in index order.
    func forEachLine(_ body: (Int, UnsafeBufferPointer<UInt32>, UnsafeBufferPointer<UInt32>) -> Void) {
        keys.withUnsafeBufferPointer { keys in
            for (index, entry) in entries.enumerated() where index < statistics.count {
                let ngramEnd = entry.keyStart + Int(entry.ngrams)
                let shapeStart = ngramEnd + Int(entry.vocabulary)
                body(index, UnsafeBufferPointer(rebasing: keys[entry.keyStart..<ngramEnd]),
                     UnsafeBufferPointer(rebasing: keys[shapeStart..<shapeStart + Int(entry.shapes)]))
            }
        }
    }

    /// Empties the cache, keeping its storage.
    mutating func removeAll() {
        entries.removeAll(keepingCapacity: true)
        seen.removeAll(keepingCapacity: true)
        statistics.removeAll(keepingCapacity: true)
        bytes.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
        pendingSlot = -1
        prefetchedHash = nil
        isFull = false
    }

    /// Whether the bytes held from `start` on begin with those of `line`.
    private func holds(_ start: Int, _ line: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = line.baseAddress else { return true }
        return bytes.withUnsafeBufferPointer { bytes in memcmp(bytes.baseAddress! + start, base, line.count) == 0 }
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for value in old where value != 0 {
            let code = UInt32(truncatingIfNeeded: value)
            let hash = code & Self.seenFlag != 0 ? seen[Int(code & ~Self.seenFlag)] : entries[Int(code) - 1].hash
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = value
        }
    }

    /// A hash of a line's bytes, eight at a time: each word is mixed in by one
    /// full-width multiply folded to 64 bits (as ``FeatureHasher``'s finaliser).
    static func hash(_ line: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let mixer: UInt64 = 0x9E37_79B9_7F4A_7C15
        var state = UInt64(truncatingIfNeeded: line.count) &* mixer
        func mix(_ word: UInt64) {
            let product = (state ^ word).multipliedFullWidth(by: mixer)
            state = product.high ^ product.low
        }
        guard let base = line.baseAddress else { return state }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        while offset &+ 8 <= line.count {
            mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset &+= 8
        }
        if offset < line.count {
            var tail: UInt64 = 0
            for (shift, index) in (offset..<line.count).enumerated() { tail |= UInt64(line[index]) << (8 * shift) }
            // The tail's length is mixed in with it, so that trailing zero
            // bytes are not lost (the line's length is in the seed too).
            mix(tail ^ (UInt64(line.count &- offset) << 61))
        }
        mix(0)
        return state
    }
}

/// Where a page scan looks for the features of lines it has seen before:
/// ``ScannedLineCache`` for training and for a ``PageScorer/LineCache``,
/// ``NoLineCache`` for scoring without one, whose scan specialises to one
/// without any cache code.
protocol LineCaching {
    /// The index of the cached line with these bytes; on nil, the scan
    /// features the line and calls ``store(_:)``.
    mutating func lookUp(_ line: UnsafeBufferPointer<UInt8>) -> Int?
    /// Whether the scan tells the cache of each line one line ahead (``prefetch(_:)``).
    static var prefetches: Bool { get }
    /// Whether ``store(_:)`` keeps lines, and so needs every key of a line.
    static var keepsLines: Bool { get }
    /// Told of the line the next ``lookUp(_:)`` will be of.
    mutating func prefetch(_ line: UnsafeBufferPointer<UInt8>)
    /// Gives the features of the line last looked up in vain; returns its
    /// index, or nil when it was not kept.
    mutating func store(_ line: ScannedLineCache.Line) -> Int?
    /// Calls `body` with the features of cached line `index`.
    func withLine<Result>(_ index: Int, _ body: (ScannedLineCache.Line) -> Result) -> Result
}

/// No cache: every line is featured.
struct NoLineCache: LineCaching {
    static var prefetches: Bool { false }
    static var keepsLines: Bool { false }
    @inline(__always) func lookUp(_ line: UnsafeBufferPointer<UInt8>) -> Int? { nil }
    @inline(__always) func prefetch(_ line: UnsafeBufferPointer<UInt8>) {}
    @inline(__always) func store(_ line: ScannedLineCache.Line) -> Int? { nil }
    func withLine<Result>(_ index: Int, _ body: (ScannedLineCache.Line) -> Result) -> Result {
        preconditionFailure("NoLineCache holds no line")
    }
}
