import CChaffSupport

/// The text of each n-gram key seen in an injected line (the model's names
/// section), kept as normalised scalars until the model is built.
///
/// Training offers a text for every n-gram occurrence of every injected line:
/// millions of offers for a few hundred thousand keys, nearly all of them a
/// text the key already has. A `[UInt32: String]` paid a hash, a probe and a
/// string comparison per offer (13% of training); here an offer is a probe
/// indexed by the key itself (already a hash) and a comparison of a few
/// scalars, and each key's `String` is built once, by ``names``.
///
/// A text of up to four scalars (every ideograph n-gram and subword, most
/// short words) is packed into the key's slot, so such an offer reads one
/// 16-byte slot. With keys, texts and their scalars in three arrays, an
/// offer read three places in megabytes of memory, and `chaff train
/// --jobs 1` took 1.04× to 1.08× the CPU time (session 23,
/// docs/benchmarks-history.md).
///
/// Of two different texts offered for one key the smaller as a `String` is
/// kept, exactly as the dictionary kept it, so the names do not depend on the
/// order pages are added in. Open addressing on the key; key 0 never occurs
/// (``FeatureHasher`` never returns it) and marks an empty slot.
struct FeatureNameTable: Sendable {
    /// One key and its text: a text of at most ``Slot/inlineLength`` scalars
    /// is held in the slot itself, so that offering it again (nearly every
    /// offer) reads one slot of 16 bytes and nothing else.
    private struct Slot {
        /// The key; 0 marks an empty slot.
        var key: UInt32 = 0
        /// An inline text's length and fourth scalar (bit 31 clear); or
        /// ``Slot/storedFlag`` and the length of a text in ``scalars``.
        var head: UInt32 = 0
        /// An inline text's first three scalars, 21 bits each; or where a
        /// stored text starts in ``scalars``.
        var tail: UInt64 = 0

        static let inlineLength = 4
        static let storedFlag: UInt32 = 1 << 31

        /// The inline form of `text`, or nil when it is too long for one (or
        /// holds a value beyond 21 bits, which no Unicode scalar is).
        @inline(__always)
        static func packed(_ text: UnsafeBufferPointer<UInt32>) -> (head: UInt32, tail: UInt64)? {
            let count = text.count
            guard count <= inlineLength else { return nil }
            var values: (UInt32, UInt32, UInt32, UInt32) = (0, 0, 0, 0)
            if count > 0 { values.0 = text[0] }
            if count > 1 { values.1 = text[1] }
            if count > 2 { values.2 = text[2] }
            if count > 3 { values.3 = text[3] }
            guard (values.0 | values.1 | values.2 | values.3) < 1 << 21 else { return nil }
            return (UInt32(count) | values.3 << 3,
                    UInt64(values.0) | UInt64(values.1) << 21 | UInt64(values.2) << 42)
        }

        /// Calls `body` with the slot's text, from the slot or from `scalars`.
        func withText<R>(in scalars: UnsafeBufferPointer<UInt32>, _ body: (UnsafeBufferPointer<UInt32>) -> R) -> R {
            if head & Self.storedFlag != 0 {
                let start = Int(tail)
                return body(UnsafeBufferPointer(rebasing: scalars[start..<start + Int(head & ~Self.storedFlag)]))
            }
            return withUnsafeTemporaryAllocation(of: UInt32.self, capacity: Self.inlineLength) { values in
                values[0] = UInt32(truncatingIfNeeded: tail & 0x1F_FFFF)
                values[1] = UInt32(truncatingIfNeeded: tail >> 21 & 0x1F_FFFF)
                values[2] = UInt32(truncatingIfNeeded: tail >> 42)
                values[3] = head >> 3
                return body(UnsafeBufferPointer(rebasing: values[0..<Int(head & 7)]))
            }
        }
    }

    private var slots: [Slot]
    /// The texts too long for their slots, one after another (a replaced
    /// text stays as garbage).
    private var scalars: [UInt32] = []
    private var mask: Int
    /// The number of keys named.
    private(set) var count = 0

    /// Creates an empty table.
    init() {
        slots = [Slot](repeating: Slot(), count: 16)
        mask = 15
    }

    /// Creates a table holding `names` (read back from a model file).
    init(_ names: [UInt32: String]) {
        self.init()
        reserveCapacity(names.count)
        for (key, text) in names {
            Array(text.unicodeScalars.lazy.map(\.value)).withUnsafeBufferPointer { store($0, for: key, at: find(key)) }
        }
    }

    /// Every key's text as a `String`.
    ///
    /// - Complexity: O(*n*) in the total length of the texts.
    var names: [UInt32: String] {
        var names: [UInt32: String] = Dictionary(minimumCapacity: count)
        scalars.withUnsafeBufferPointer { scalars in
            for slot in slots where slot.key != 0 {
                names[slot.key] = slot.withText(in: scalars) { FeatureExplainer.text(of: $0) }
            }
        }
        return names
    }

    /// Offers `text` as the name of `key`: kept when the key has no name yet,
    /// or when its name is a different text that compares greater as a `String`.
    ///
    /// `text` holds normalised scalars, which are all valid Unicode scalars,
    /// so comparing scalars is comparing the texts ``names`` builds.
    mutating func offer(_ text: UnsafeBufferPointer<UInt32>, for key: UInt32) {
        let index = find(key)
        let slot = slots.withUnsafeBufferPointer { $0[index] }
        if slot.key == key {
            let same: Bool
            if let (head, tail) = Slot.packed(text) {
                same = slot.head == head && slot.tail == tail
            } else {
                same = slot.head == Slot.storedFlag | UInt32(text.count) && scalars.withUnsafeBufferPointer { scalars in
                    let start = Int(slot.tail)
                    return UnsafeBufferPointer(rebasing: scalars[start..<start + text.count]).elementsEqual(text)
                }
            }
            if same { return }
            // A hash collision (or the same text in another Unicode form):
            // rare, so both sides become strings and compare as the dictionary did.
            let existing = scalars.withUnsafeBufferPointer { slot.withText(in: $0) { FeatureExplainer.text(of: $0) } }
            if existing <= FeatureExplainer.text(of: text) { return }
        }
        store(text, for: key, at: index)
    }

    /// Offers every name of `other` (a shard's table).
    mutating func merge(_ other: FeatureNameTable) {
        reserveCapacity(count + other.count)
        other.scalars.withUnsafeBufferPointer { otherScalars in
            for slot in other.slots where slot.key != 0 {
                slot.withText(in: otherScalars) { offer($0, for: slot.key) }
            }
        }
    }

    /// Offers the text of every n-gram occurrence of a normalised line, in the
    /// order `extractor` finds them.
    mutating func offerNGrams(
        of scalars: UnsafeBufferPointer<UInt32>, classes: UnsafeBufferPointer<ScriptClass>, extractor: NGramExtractor
    ) {
        withUnsafeMutablePointer(to: &self) { table in
            var sink = NamingSink(table: table, line: scalars)
            extractor.visit(scalars, classes: classes, into: &sink)
        }
    }

    /// Offers the text of every n-gram occurrence of line `index` of `lines`,
    /// normalised here: for lines whose normalised text is not at hand.
    mutating func offerNGrams(ofLine index: Int, in lines: [String], extractor: FeatureExtractor) {
        var line = NormalizedLine()
        lines.withUTF8(ofLine: index) { extractor.normalizer.normalize(utf8: $0, into: &line) }
        line.scalars.withUnsafeBufferPointer { scalars in
            line.classes.withUnsafeBufferPointer { classes in
                offerNGrams(of: scalars, classes: classes, extractor: extractor.ngrams)
            }
        }
    }

    /// Starts loading the slots of `keys` into the cache, ahead of offering
    /// their texts: the table is megabytes, and an offer waited on memory.
    func prefetch(_ keys: UnsafeBufferPointer<UInt32>) {
        slots.withUnsafeBufferPointer { slots in
            for key in keys { chaff_prefetch(slots.baseAddress! + (Int(key) & mask)) }
        }
    }

    // MARK: Slots

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt32) -> Int {
        slots.withUnsafeBufferPointer { slots in
            var index = Int(key) & mask
            while slots[index].key != 0 && slots[index].key != key { index = (index + 1) & mask }
            return index
        }
    }

    /// Sets the text of `key`, found at (or to be inserted at) `index`.
    private mutating func store(_ text: UnsafeBufferPointer<UInt32>, for key: UInt32, at index: Int) {
        precondition(key != 0, "feature key 0 is reserved")
        let isNew = slots[index].key != key
        if let (head, tail) = Slot.packed(text) {
            slots[index] = Slot(key: key, head: head, tail: tail)
        } else {
            precondition(text.count < Int(Slot.storedFlag), "a name's text is shorter than 2^31 scalars")
            slots[index] = Slot(key: key, head: Slot.storedFlag | UInt32(text.count), tail: UInt64(scalars.count))
            scalars.append(contentsOf: text)
        }
        if isNew {
            count += 1
            if count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        }
    }

    private mutating func reserveCapacity(_ minimumCount: Int) {
        var capacity = slots.count
        while capacity < minimumCount * 2 { capacity <<= 1 }
        if capacity > slots.count { rehash(capacity: capacity) }
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Slot](repeating: Slot(), count: capacity)
        mask = capacity - 1
        for slot in old where slot.key != 0 { slots[find(slot.key)] = slot }
    }
}

/// Offers each n-gram occurrence's scalars to a table, for ``FeatureNameTable/offerNGrams(of:classes:extractor:)``.
private struct NamingSink: NGramSink {
    let table: UnsafeMutablePointer<FeatureNameTable>
    let line: UnsafeBufferPointer<UInt32>

    mutating func add(key: UInt32, kind: FeatureKind, range: Range<Int>) {
        table.pointee.offer(UnsafeBufferPointer(rebasing: line[range]), for: key)
    }
}
