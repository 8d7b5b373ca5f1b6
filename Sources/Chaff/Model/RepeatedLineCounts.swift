/// The n-gram, shape and markup keys of labeled lines, held once per distinct
/// line with how many injected and legitimate lines had them, so that a line
/// repeated across pages (a menu, a footer, the variants of one article) has
/// its keys counted once, times its multiplicity, instead of once per occurrence.
///
/// Counting is addition: adding a line's keys with multiplicity *n* gives
/// exactly the counts of adding them on each of its *n* occurrences, in any
/// order. In the training pages seven tenths of the line bytes repeat a line
/// seen before, and counting every occurrence key by key was a tenth of training.
///
/// A line is found by its content hash (``CalibrationSample/contentHash(ngramKeys:shapeKeys:)``)
/// and confirmed by comparing its keys, so two lines with one hash but other
/// keys stay two lines. Memory is bounded: once ``isFull``, the owner adds
/// the lines to its counts (``add(to:)``) and empties the table.
struct RepeatedLineCounts: Sendable {
    /// One distinct line: its hash, where its keys lie, and its occurrences per class.
    private struct Line: Sendable {
        let hash: UInt64
        /// Where the line's n-gram keys, then its shape and markup keys, start in ``keys``.
        let keyStart: Int
        let ngrams: Int32, shapes: Int32, markups: Int32
        /// Injected lines with these keys.
        var injected: UInt32 = 0
        /// Legitimate lines with these keys.
        var legit: UInt32 = 0
    }

    /// Keys held before ``isFull`` (16 MB of them): enough for every distinct
    /// line of the training pages, small beside the counts of a large corpus.
    static let keyLimit = 1 << 22

    private var lines: [Line] = []
    private var keys: [UInt32] = []
    /// Open addressing on the hash: a line's index plus one, 0 for an empty slot.
    private var slots = [Int32](repeating: 0, count: 1024)
    private var mask = 1023

    /// Creates an empty table.
    init() {}

    /// Whether no line is held.
    var isEmpty: Bool { lines.isEmpty }

    /// Whether ``keyLimit`` keys are held: time for ``add(to:)`` and ``removeAll()``.
    var isFull: Bool { keys.count >= Self.keyLimit }

    /// The number of distinct lines held.
    var count: Int { lines.count }

    /// Counts one occurrence of a non-empty line with these keys, whose
    /// content hash is `hash`.
    ///
    /// - Returns: whether the table already held an injected line with these
    ///   keys (since it was last emptied): the trainer then skips naming the
    ///   line's n-grams again.
    /// - Complexity: O(*k*) for *k* keys: a probe, then a comparison of the
    ///   keys (or their copy, for a line not seen before).
    @discardableResult
    mutating func add(
        hash: UInt64, ngramKeys: UnsafeBufferPointer<UInt32>, shapeKeys: UnsafeBufferPointer<UInt32>,
        markupKeys: UnsafeBufferPointer<UInt32>, injected: Bool
    ) -> Bool {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if lines[index].hash == hash && holds(lines[index], ngramKeys, shapeKeys, markupKeys) {
                let heldInjected = lines[index].injected > 0
                if injected { lines[index].injected += 1 } else { lines[index].legit += 1 }
                return heldInjected
            }
            slot = (slot &+ 1) & mask
        }
        var line = Line(hash: hash, keyStart: keys.count, ngrams: Int32(ngramKeys.count),
                        shapes: Int32(shapeKeys.count), markups: Int32(markupKeys.count))
        if injected { line.injected = 1 } else { line.legit = 1 }
        keys.append(contentsOf: ngramKeys)
        keys.append(contentsOf: shapeKeys)
        keys.append(contentsOf: markupKeys)
        lines.append(line)
        slots[slot] = Int32(lines.count)
        if lines.count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return false
    }

    /// Adds every line held, with its multiplicity, to `counts`.
    ///
    /// - Complexity: O(*k*) in the keys held.
    func add(to counts: inout FeatureCounts) {
        keys.withUnsafeBufferPointer { keys in
            for line in lines {
                let ngramEnd = line.keyStart + Int(line.ngrams)
                let shapeEnd = ngramEnd + Int(line.shapes)
                let markupEnd = shapeEnd + Int(line.markups)
                counts.countLines(injected: line.injected, legit: line.legit)
                func add(_ range: Range<Int>, of family: FeatureFamily) {
                    counts.add(UnsafeBufferPointer(rebasing: keys[range]), of: family,
                               injected: line.injected, legit: line.legit)
                }
                add(line.keyStart..<ngramEnd, of: .ngram)
                add(ngramEnd..<shapeEnd, of: .shape)
                add(shapeEnd..<markupEnd, of: .markup)
            }
        }
    }

    /// Adds every line held to `counts` (``add(to:)``) and empties the table.
    mutating func flush(into counts: inout FeatureCounts) {
        guard !isEmpty else { return }
        add(to: &counts)
        removeAll()
    }

    /// Empties the table, keeping its storage.
    mutating func removeAll() {
        lines.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        slots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    // MARK: Slots

    /// Whether `line` has exactly these keys.
    private func holds(
        _ line: Line, _ ngramKeys: UnsafeBufferPointer<UInt32>, _ shapeKeys: UnsafeBufferPointer<UInt32>,
        _ markupKeys: UnsafeBufferPointer<UInt32>
    ) -> Bool {
        guard Int(line.ngrams) == ngramKeys.count && Int(line.shapes) == shapeKeys.count
            && Int(line.markups) == markupKeys.count else { return false }
        return keys.withUnsafeBufferPointer { keys in
            let ngramEnd = line.keyStart + ngramKeys.count
            let shapeEnd = ngramEnd + shapeKeys.count
            return KeyRun.equal(UnsafeBufferPointer(rebasing: keys[line.keyStart..<ngramEnd]), ngramKeys)
                && KeyRun.equal(UnsafeBufferPointer(rebasing: keys[ngramEnd..<shapeEnd]), shapeKeys)
                && KeyRun.equal(UnsafeBufferPointer(rebasing: keys[shapeEnd..<shapeEnd + markupKeys.count]), markupKeys)
        }
    }

    private mutating func rehash(capacity: Int) {
        slots = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        for index in lines.indices {
            var slot = Int(truncatingIfNeeded: lines[index].hash) & mask
            while slots[slot] != 0 { slot = (slot &+ 1) & mask }
            slots[slot] = Int32(index + 1)
        }
    }
}
