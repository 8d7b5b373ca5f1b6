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
/// Of two different texts offered for one key the smaller as a `String` is
/// kept, exactly as the dictionary kept it, so the names do not depend on the
/// order pages are added in. Open addressing on the key; key 0 never occurs
/// (``FeatureHasher`` never returns it) and marks an empty slot.
struct FeatureNameTable: Sendable {
    /// Slot keys; 0 marks an empty slot.
    private var keys: [UInt32]
    /// Each slot's text: its start in ``scalars`` in the high 32 bits, its length in the low.
    private var texts: [UInt64]
    /// Every stored text, one after another (a replaced text stays as garbage).
    private var scalars: [UInt32] = []
    private var mask: Int
    /// The number of keys named.
    private(set) var count = 0

    /// Creates an empty table.
    init() {
        keys = [UInt32](repeating: 0, count: 16)
        texts = [UInt64](repeating: 0, count: 16)
        mask = 15
    }

    /// Creates a table holding `names` (read back from a model file).
    init(_ names: [UInt32: String]) {
        self.init()
        reserveCapacity(names.count)
        for (key, text) in names {
            store(text.unicodeScalars.lazy.map(\.value), for: key, at: find(key))
        }
    }

    /// Every key's text as a `String`.
    ///
    /// - Complexity: O(*n*) in the total length of the texts.
    var names: [UInt32: String] {
        var names: [UInt32: String] = Dictionary(minimumCapacity: count)
        scalars.withUnsafeBufferPointer { scalars in
            for slot in keys.indices where keys[slot] != 0 {
                names[keys[slot]] = FeatureExplainer.text(of: Self.text(texts[slot], in: scalars))
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
        let slot = find(key)
        if keys[slot] == key {
            let same = scalars.withUnsafeBufferPointer { scalars in
                let existing = Self.text(texts[slot], in: scalars)
                guard existing.count == text.count else { return false }
                for i in 0..<text.count where existing[i] != text[i] { return false }
                return true
            }
            if same { return }
            // A hash collision (or the same text in another Unicode form):
            // rare, so both sides become strings and compare as the dictionary did.
            let existing = scalars.withUnsafeBufferPointer { FeatureExplainer.text(of: Self.text(texts[slot], in: $0)) }
            if existing <= FeatureExplainer.text(of: text) { return }
        }
        store(text, for: key, at: slot)
    }

    /// Offers every name of `other` (a shard's table).
    mutating func merge(_ other: FeatureNameTable) {
        reserveCapacity(count + other.count)
        other.scalars.withUnsafeBufferPointer { otherScalars in
            for slot in other.keys.indices where other.keys[slot] != 0 {
                offer(Self.text(other.texts[slot], in: otherScalars), for: other.keys[slot])
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
        self.keys.withUnsafeBufferPointer { slotKeys in
            texts.withUnsafeBufferPointer { texts in
                for key in keys {
                    let slot = Int(key) & mask
                    chaff_prefetch(slotKeys.baseAddress! + slot)
                    chaff_prefetch(texts.baseAddress! + slot)
                }
            }
        }
    }

    // MARK: Slots

    private static func text(_ packed: UInt64, in scalars: UnsafeBufferPointer<UInt32>) -> UnsafeBufferPointer<UInt32> {
        let start = Int(packed >> 32)
        return UnsafeBufferPointer(rebasing: scalars[start..<start + Int(packed & 0xFFFF_FFFF)])
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt32) -> Int {
        keys.withUnsafeBufferPointer { keys in
            var slot = Int(key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            return slot
        }
    }

    /// Sets the text of `key`, found at (or to be inserted at) `slot`.
    private mutating func store(_ text: some Collection<UInt32>, for key: UInt32, at slot: Int) {
        precondition(key != 0, "feature key 0 is reserved")
        texts[slot] = UInt64(scalars.count) << 32 | UInt64(text.count)
        scalars.append(contentsOf: text)
        if keys[slot] != key {
            keys[slot] = key
            count += 1
            if count * 2 > keys.count { rehash(capacity: keys.count * 2) }
        }
    }

    private mutating func reserveCapacity(_ minimumCount: Int) {
        var capacity = keys.count
        while capacity < minimumCount * 2 { capacity <<= 1 }
        if capacity > keys.count { rehash(capacity: capacity) }
    }

    private mutating func rehash(capacity: Int) {
        let (oldKeys, oldTexts) = (keys, texts)
        keys = [UInt32](repeating: 0, count: capacity)
        texts = [UInt64](repeating: 0, count: capacity)
        mask = capacity - 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            let slot = find(oldKeys[index])
            keys[slot] = oldKeys[index]
            texts[slot] = oldTexts[index]
        }
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
