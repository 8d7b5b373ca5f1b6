/// How often each line of a trainer's ``ScannedLineCache`` occurred, per
/// class, so that a line repeated across pages (a menu, a footer, the variants
/// of one article, one keyword block injected into many pages) has its n-gram
/// and structure keys counted once, times its multiplicity, instead of once
/// per occurrence.
///
/// Counting is addition: adding a line's keys with multiplicity *n* gives
/// exactly the counts of adding them on each of its *n* occurrences, in any
/// order. In the training pages seven tenths of the line bytes repeat a line
/// seen before, and counting every occurrence key by key was a tenth of
/// training. Tally *i* belongs to cached line *i*; a line's markup and
/// context keys depend on where it stands, so the trainer counts those per
/// occurrence. The owner adds the tallies to its counts (``add(to:cache:)``)
/// and empties both before the cache is emptied.
struct LineTallies: Sendable {
    /// One cached line's occurrences.
    struct Tally: Sendable {
        /// The line's ``CalibrationSample/contentHash(ngramKeys:shapeKeys:)``.
        let hash: UInt64
        /// Injected lines with these bytes.
        var injected: UInt32 = 0
        /// Legitimate lines with these bytes.
        var legit: UInt32 = 0
    }

    private(set) var tallies: [Tally] = []

    /// Whether no line is tallied.
    var isEmpty: Bool { tallies.isEmpty }

    /// The number of lines tallied.
    var count: Int { tallies.count }

    /// Starts the tally of the next cached line, whose content hash is `hash`.
    mutating func append(hash: UInt64) {
        tallies.append(Tally(hash: hash))
    }

    /// Counts one occurrence of cached line `index`.
    ///
    /// - Returns: the line's content hash, and whether an injected occurrence
    ///   was counted before (its n-grams are named already).
    mutating func count(_ index: Int, injected: Bool) -> (hash: UInt64, heldInjected: Bool) {
        let heldInjected = tallies[index].injected > 0
        if injected { tallies[index].injected += 1 } else { tallies[index].legit += 1 }
        return (tallies[index].hash, heldInjected)
    }

    /// Adds every tallied line, with its multiplicity, to `counts`; `cache`
    /// holds the lines' keys.
    ///
    /// - Complexity: O(*k*) in the keys of the lines tallied.
    func add(to counts: inout FeatureCounts, cache: ScannedLineCache) {
        cache.forEachLine { index, ngramKeys, shapeKeys in
            // Lines that never occurred (empty lines, which are not counted) are skipped.
            guard index < tallies.count, tallies[index].injected > 0 || tallies[index].legit > 0 else { return }
            let tally = tallies[index]
            counts.countLines(injected: tally.injected, legit: tally.legit)
            counts.add(ngramKeys, of: .ngram, injected: tally.injected, legit: tally.legit)
            counts.add(shapeKeys, of: .shape, injected: tally.injected, legit: tally.legit)
        }
    }

    /// Empties the tallies, keeping their storage.
    mutating func removeAll() {
        tallies.removeAll(keepingCapacity: true)
    }
}
