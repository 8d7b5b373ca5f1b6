/// The lines of one page that the calibration sample may keep, held until
/// the page's context keys are known.
///
/// A trainer learns whether a line can enter the sample while scanning it,
/// with its keys in the extractor's reusable buffers, but gets its context
/// keys only once the whole page is scanned. Every candidate's keys are
/// copied into one flat buffer meanwhile, so holding them costs no
/// allocation per line (a `LineFeatures` per candidate cost four); a line
/// held in the trainer's ``ScannedLineCache`` keeps only its markup keys
/// here, and is read back from the cache, which keeps its lines until the
/// page is added.
struct SampleCandidates {
    /// One candidate line: its page index, its content hash, and where its
    /// n-gram, shape and markup keys lie in the buffer.
    struct Line {
        /// The line's index in its page.
        let index: Int
        /// ``CalibrationSample/contentHash(ngramKeys:shapeKeys:)`` of the line.
        let hash: UInt64
        /// The line's entry in the line cache, whose n-gram and shape keys
        /// are not copied; -1 for a line not cached.
        let cacheEntry: Int
        /// Where the line's n-gram keys (then its shape, then its markup keys)
        /// start in the key buffer, and its n-gram counts in the count buffer.
        let keyStart: Int, countStart: Int
        /// How many n-gram, shape and markup keys the line has in the buffer.
        let ngrams: Int, shapes: Int, markups: Int
    }

    /// The candidates, in page order.
    private(set) var lines: [Line] = []
    /// Each candidate's n-gram, shape and markup keys, one after another.
    private var keys: [UInt32] = []
    /// Each candidate's n-gram occurrence counts, one after another.
    private var counts: [UInt16] = []

    /// The number of candidates.
    var count: Int { lines.count }

    /// Copies a scanned line's keys in: only its markup keys when the line
    /// is in the line cache.
    mutating func append(index: Int, hash: UInt64, _ line: FeatureExtractor.ScannedLine) {
        let cached = line.cacheEntry >= 0
        lines.append(Line(
            index: index, hash: hash, cacheEntry: line.cacheEntry, keyStart: keys.count, countStart: counts.count,
            ngrams: cached ? 0 : line.keys.count, shapes: cached ? 0 : line.shapeKeys.count,
            markups: line.markupKeys.count))
        if !cached {
            keys.append(contentsOf: line.keys)
            keys.append(contentsOf: line.shapeKeys)
            counts.append(contentsOf: line.counts)
        }
        keys.append(contentsOf: line.markupKeys)
    }

    /// Removes every candidate, keeping the buffers' capacity for the next page.
    mutating func removeAll() {
        lines.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
    }

    /// Offers candidate `position` to `sample`, with the context keys it now
    /// has; `cache` is the line cache the page was scanned with.
    func offer(
        _ position: Int, contextKeys: UnsafeBufferPointer<UInt32>, injected: Bool, cache: ScannedLineCache,
        to sample: inout CalibrationSample
    ) {
        let line = lines[position]
        let shapeStart = line.keyStart + line.ngrams
        let markupStart = shapeStart + line.shapes
        // Buffer pointers, not array slices: appending a slice to the
        // sample's arena cost twice as much, and each slice retained its array.
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeBufferPointer { counts in
                func offer(
                    _ ngramKeys: UnsafeBufferPointer<UInt32>, _ ngramCounts: UnsafeBufferPointer<UInt16>,
                    _ shapeKeys: UnsafeBufferPointer<UInt32>
                ) {
                    sample.offer(
                        hash: line.hash, injected: injected, ngramKeys: ngramKeys, ngramCounts: ngramCounts,
                        shapeKeys: shapeKeys, contextKeys: contextKeys,
                        markupKeys: UnsafeBufferPointer(rebasing: keys[markupStart..<markupStart + line.markups]))
                }
                if line.cacheEntry >= 0 {
                    cache.withLine(line.cacheEntry) { offer($0.keys, $0.counts, $0.shapeKeys) }
                } else {
                    offer(UnsafeBufferPointer(rebasing: keys[line.keyStart..<shapeStart]),
                          UnsafeBufferPointer(rebasing: counts[line.countStart..<line.countStart + line.ngrams]),
                          UnsafeBufferPointer(rebasing: keys[shapeStart..<markupStart]))
                }
            }
        }
    }
}
