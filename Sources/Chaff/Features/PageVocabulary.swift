/// The page's vocabulary, line by line, and how much of each line's
/// vocabulary the rest of the page shares: the input of the
/// ``ContextToken/Observation/sharedVocabulary`` context token.
///
/// Lines hand over their distinct vocabulary keys (words and character
/// bigrams) as they are scanned; ``count()`` then counts every key once per
/// line in an open-addressing table and, remembering the slot each key landed
/// in, tallies each line's shared keys by reading the slots back in order: no
/// second probe per key. Keys are already hashes and never 0, which marks an
/// empty slot.
struct PageVocabulary: Sendable {
    /// One line's vocabulary size and how many of those keys occur on another line.
    struct Sharing: Sendable {
        /// Distinct vocabulary keys of the line.
        var size: Int32
        /// Those of them that some other line of the page also has.
        var shared: Int32
    }

    /// Every line's keys, one line after another (emptied by ``count()``).
    private var keys: [UInt32] = []
    /// Where each line's keys end in ``keys``.
    private var ends: [Int] = []
    /// Each line's sharing, once ``count()`` has run.
    private(set) var sharing: [Sharing] = []

    /// Makes room for `lines` lines.
    mutating func reserveCapacity(lines: Int) {
        ends.reserveCapacity(lines)
    }

    /// Adds the next line's distinct vocabulary keys.
    mutating func appendLine(_ lineKeys: UnsafeBufferPointer<UInt32>) {
        keys.append(contentsOf: lineKeys)
        ends.append(keys.count)
    }

    /// Counts the keys and fills ``sharing``, one entry per line added.
    mutating func count() {
        var capacity = 16
        while capacity < keys.count * 2 { capacity <<= 1 }
        let mask = capacity - 1
        var slotKeys = [UInt32](repeating: 0, count: capacity)
        var slotCounts = [UInt32](repeating: 0, count: capacity)
        var sharing: [Sharing] = []
        sharing.reserveCapacity(ends.count)
        keys.withUnsafeMutableBufferPointer { keys in
            slotKeys.withUnsafeMutableBufferPointer { slotKeys in
                slotCounts.withUnsafeMutableBufferPointer { slotCounts in
                    // Each key is replaced by its slot as it is counted.
                    for position in keys.indices {
                        let key = keys[position]
                        var slot = Int(key) & mask
                        while slotKeys[slot] != key && slotKeys[slot] != 0 { slot = (slot + 1) & mask }
                        slotKeys[slot] = key
                        slotCounts[slot] += 1
                        keys[position] = UInt32(truncatingIfNeeded: slot)
                    }
                    var start = 0
                    for end in ends {
                        var shared: Int32 = 0
                        for position in start..<end where slotCounts[Int(keys[position])] >= 2 { shared += 1 }
                        sharing.append(Sharing(size: Int32(truncatingIfNeeded: end - start), shared: shared))
                        start = end
                    }
                }
            }
        }
        self.sharing = sharing
        keys = []
        ends = []
    }
}
