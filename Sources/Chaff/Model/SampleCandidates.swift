/// The lines of one page that the calibration sample may keep, held until
/// the page's context keys are known.
///
/// A trainer learns whether a line can enter the sample while scanning it,
/// with its keys in the extractor's reusable buffers, but gets its context
/// keys only once the whole page is scanned. Every candidate's keys are
/// copied into one flat buffer meanwhile, so holding them costs no
/// allocation per line (a `LineFeatures` per candidate cost four).
struct SampleCandidates {
    /// One candidate line: its page index, its content hash, and where its
    /// n-gram, shape and markup keys lie in the buffer.
    struct Line {
        /// The line's index in its page.
        let index: Int
        /// ``CalibrationSample/contentHash(ngramKeys:shapeKeys:)`` of the line.
        let hash: UInt64
        /// Where the line's n-gram keys (then its shape, then its markup keys)
        /// start in the key buffer, and its n-gram counts in the count buffer.
        let keyStart: Int, countStart: Int
        /// How many n-gram, shape and markup keys the line has.
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

    /// Copies a scanned line's keys in.
    mutating func append(index: Int, hash: UInt64, _ line: FeatureExtractor.ScannedLine) {
        lines.append(Line(
            index: index, hash: hash, keyStart: keys.count, countStart: counts.count,
            ngrams: line.keys.count, shapes: line.shapeKeys.count, markups: line.markupKeys.count))
        keys.append(contentsOf: line.keys)
        keys.append(contentsOf: line.shapeKeys)
        keys.append(contentsOf: line.markupKeys)
        counts.append(contentsOf: line.counts)
    }

    /// Removes every candidate, keeping the buffers' capacity for the next page.
    mutating func removeAll() {
        lines.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        counts.removeAll(keepingCapacity: true)
    }

    /// Offers candidate `position` to `sample`, with the context keys it now has.
    func offer(_ position: Int, contextKeys: UnsafeBufferPointer<UInt32>, injected: Bool, to sample: inout CalibrationSample) {
        let line = lines[position]
        let shapeStart = line.keyStart + line.ngrams
        let markupStart = shapeStart + line.shapes
        // Buffer pointers, not array slices: appending a slice to the
        // sample's arena cost twice as much, and each slice retained its array.
        keys.withUnsafeBufferPointer { keys in
            counts.withUnsafeBufferPointer { counts in
                sample.offer(
                    hash: line.hash, injected: injected,
                    ngramKeys: UnsafeBufferPointer(rebasing: keys[line.keyStart..<shapeStart]),
                    ngramCounts: UnsafeBufferPointer(rebasing: counts[line.countStart..<line.countStart + line.ngrams]),
                    shapeKeys: UnsafeBufferPointer(rebasing: keys[shapeStart..<markupStart]), contextKeys: contextKeys,
                    markupKeys: UnsafeBufferPointer(rebasing: keys[markupStart..<markupStart + line.markups]))
            }
        }
    }
}
