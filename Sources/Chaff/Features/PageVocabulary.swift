/// The page's vocabulary, line by line, and how much of each line's
/// vocabulary the rest of the page shares: the input of the
/// ``ContextToken/Observation/sharedVocabulary`` context token.
///
/// Lines hand over their distinct vocabulary keys (words and character
/// bigrams) to a ``Builder`` as they are scanned; ``Builder/finish()`` then
/// counts every key once per line in an open-addressing table and, remembering
/// the slot each key landed in, tallies each line's shared keys by reading the
/// slots back in order: no second probe per key. Keys are already hashes and never 0, which marks an
/// empty slot.
struct PageVocabulary: Sendable {
    /// One line's vocabulary size and how many of those keys occur on another line.
    struct Sharing: Sendable {
        /// Distinct vocabulary keys of the line.
        var size: Int32
        /// Those of them that some other line of the page also has.
        var shared: Int32
    }

    /// Each line's sharing, in line order.
    private(set) var sharing: [Sharing] = []

    /// No lines.
    init() {}

    /// Gathers a page's vocabulary line by line, in raw memory that it owns:
    /// appending a line's keys is one copy (`Array.append(contentsOf:)` cost
    /// about 200 instructions a line), and nothing outlives the scan.
    struct Builder: ~Copyable {
        /// Every line's keys, one line after another.
        private var keys: UnsafeMutablePointer<UInt32>
        private var keyCount = 0
        private var keyCapacity: Int
        /// Where each line's keys end in ``keys``.
        private var ends: [Int] = []

        /// A builder with room for `lines` lines.
        init(lines: Int) {
            keyCapacity = 1024
            keys = .allocate(capacity: keyCapacity)
            ends.reserveCapacity(lines)
        }

        deinit { keys.deallocate() }

        /// Adds the next line's distinct vocabulary keys.
        mutating func appendLine(_ lineKeys: UnsafeBufferPointer<UInt32>) {
            if keyCount + lineKeys.count > keyCapacity {
                var capacity = keyCapacity * 2
                while capacity < keyCount + lineKeys.count { capacity *= 2 }
                let grown = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
                grown.moveInitialize(from: keys, count: keyCount)
                keys.deallocate()
                keys = grown
                keyCapacity = capacity
            }
            if let base = lineKeys.baseAddress { (keys + keyCount).initialize(from: base, count: lineKeys.count) }
            keyCount += lineKeys.count
            ends.append(keyCount)
        }

        /// Counts the keys: the sharing of every line added, in order.
        consuming func finish() -> PageVocabulary {
            var capacity = 16
            while capacity < keyCount * 2 { capacity <<= 1 }
            let mask = capacity - 1
            // Raw memory, not `[UInt32](repeating:count:)`: that initialiser
            // reaches the standard library's unspecialised allocation, which
            // looks the array type's metadata up at run time, about 800
            // instructions a call (0.4% of scoring's, for two tables a page).
            let slotKeys = UnsafeMutableBufferPointer<UInt32>.allocate(capacity: capacity)
            slotKeys.initialize(repeating: 0)
            defer { slotKeys.deallocate() }
            // Whether a key is on one line (1) or on two or more (3): all that
            // sharing needs, in a byte per slot (a 32-bit count made this
            // table a quarter of the peak memory of scoring a 10 MB page).
            let slotLines = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: capacity)
            slotLines.initialize(repeating: 0)
            defer { slotLines.deallocate() }
            var vocabulary = PageVocabulary()
            vocabulary.sharing.reserveCapacity(ends.count)
            let keys = UnsafeMutableBufferPointer(start: self.keys, count: keyCount)
            // Each key is replaced by its slot as it is counted; a
            // slot's lines go 0 → 1 → 3 and stay at 3, without a branch.
            for position in keys.indices {
                let key = keys[position]
                var slot = Int(key) & mask
                while slotKeys[slot] != key && slotKeys[slot] != 0 { slot = (slot &+ 1) & mask }
                slotKeys[slot] = key
                slotLines[slot] = (slotLines[slot] << 1 | 1) & 3
                keys[position] = UInt32(truncatingIfNeeded: slot)
            }
            var start = 0
            for end in ends {
                // A slot's lines are 1 or 3, so half of them is 0 or 1:
                // added up without a branch on each key, whose outcome
                // (shared or not) varies from key to key.
                var shared: Int32 = 0
                for position in start..<end { shared &+= Int32(slotLines[Int(keys[position])] >> 1) }
                vocabulary.sharing.append(Sharing(size: Int32(truncatingIfNeeded: end - start), shared: shared))
                start = end
            }
            return vocabulary
        }
    }
}
