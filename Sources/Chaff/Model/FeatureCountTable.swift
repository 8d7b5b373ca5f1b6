/// Per-feature counts keyed by feature key: an open-addressing hash table.
///
/// Feature keys are already well-mixed hashes, so the table indexes by the key
/// itself instead of hashing it again as `Dictionary` would (training spent a
/// third of its time in `Dictionary` hashing and probing). Key 0 never occurs
/// (``FeatureHasher`` never returns it) and marks an empty slot. Removal uses
/// backward-shift deletion, so there are no tombstones.
///
/// A slot holds the key and its counts together (16 bytes), so that counting
/// a key in a table of megabytes touches one cache line, not one in a key
/// array and another in an entry array.
public struct FeatureCountTable: Sendable, Equatable, Sequence {
    /// One slot: a key (0 when empty) and its counts.
    struct Slot: Sendable {
        var key: UInt32
        var entry: FeatureCounts.Entry

        static let empty = Slot(key: 0, entry: .init(spam: 0, ham: 0, family: 0))
    }

    private var slots: [Slot]
    private var mask: Int
    /// The number of features.
    public private(set) var count = 0

    /// Creates an empty table.
    public init() {
        slots = [Slot](repeating: .empty, count: 16)
        mask = 15
    }

    /// Whether the table has no features.
    public var isEmpty: Bool { count == 0 }

    /// The entry of `key`, or nil; setting nil removes it.
    public subscript(key: UInt32) -> FeatureCounts.Entry? {
        get {
            let slot = find(key)
            return slots[slot].key == key ? slots[slot].entry : nil
        }
        set {
            precondition(key != 0, "feature key 0 is reserved")
            let slot = find(key)
            if let newValue {
                if slots[slot].key == key {
                    slots[slot].entry = newValue
                } else {
                    insert(key, newValue, at: slot)
                }
            } else if slots[slot].key == key {
                remove(at: slot)
            }
        }
    }

    /// Applies `change` to the entry of `key`, inserting `initial` first when absent.
    @inline(__always)
    public mutating func update(_ key: UInt32, initial: FeatureCounts.Entry, _ change: (inout FeatureCounts.Entry) -> Void) {
        let slot = find(key)
        if slots[slot].key == key {
            change(&slots[slot].entry)
        } else {
            var entry = initial
            change(&entry)
            insert(key, entry, at: slot)
        }
    }

    /// Counts one line's occurrence of each of `keys` (one class, one family):
    /// `spam` or `ham` goes up by one, a new key starts at one.
    ///
    /// The batch form of ``update(_:initial:_:)`` for the training hot path:
    /// room for every key is made first, so the loop probes raw memory with
    /// no uniqueness or bounds checks and never rehashes; and the class is
    /// chosen once per call, not once per key (each class has its own loop).
    ///
    /// - Complexity: O(*k*) expected for *k* keys.
    mutating func tally<Keys: Collection<UInt32>>(_ keys: Keys, family: UInt8, injected: Bool) {
        // Checked here, so that the call (four per line) is made only to grow.
        if (count + keys.count) * 2 > slots.count { reserveCapacity(count + keys.count) }
        let fresh = Slot(key: 0, entry: .init(spam: injected ? 1 : 0, ham: injected ? 0 : 1, family: family))
        let inserted = if injected {
            tally(keys, fresh: fresh) { $0.spam.addSaturating(1) }
        } else {
            tally(keys, fresh: fresh) { $0.ham.addSaturating(1) }
        }
        count += inserted
    }

    /// Counts `spam` injected and `ham` legitimate lines' occurrence of each
    /// of `keys` (one family): the counts of ``tally(_:family:injected:)``
    /// called once per line, for lines that all have these keys.
    ///
    /// - Complexity: O(*k*) expected for *k* keys.
    mutating func tally(_ keys: UnsafeBufferPointer<UInt32>, family: UInt8, spam: UInt32, ham: UInt32) {
        if (count + keys.count) * 2 > slots.count { reserveCapacity(count + keys.count) }
        let fresh = Slot(key: 0, entry: .init(spam: spam, ham: ham, family: family))
        count += tally(keys, fresh: fresh) {
            $0.spam.addSaturating(spam)
            $0.ham.addSaturating(ham)
        }
    }

    /// The loop of ``tally(_:family:injected:)`` for one class (and of
    /// ``tally(_:family:spam:ham:)``): applies `count` to the entry of each
    /// key present, stores `fresh` with the key for each key absent, and
    /// returns how many were absent. The table must have room for every key.
    @inline(__always)
    private mutating func tally<Keys: Collection<UInt32>>(
        _ keys: Keys, fresh: Slot, count: (inout FeatureCounts.Entry) -> Void
    ) -> Int {
        let mask = self.mask
        var inserted = 0
        slots.withUnsafeMutableBufferPointer { slots in
            let slots = slots.baseAddress!
            for key in keys {
                precondition(key != 0, "feature key 0 is reserved")
                var slot = Int(key) & mask
                while true {
                    let stored = slots[slot].key
                    if stored == key {
                        count(&slots[slot].entry)
                        break
                    }
                    if stored == 0 {
                        slots[slot] = fresh
                        slots[slot].key = key
                        inserted &+= 1
                        break
                    }
                    slot = (slot &+ 1) & mask
                }
            }
        }
        return inserted
    }

    /// Makes room for `minimumCount` features without growing.
    public mutating func reserveCapacity(_ minimumCount: Int) {
        var capacity = slots.count
        while capacity < minimumCount * 2 { capacity <<= 1 }
        if capacity > slots.count { rehash(capacity: capacity) }
    }

    /// The feature keys, in no particular order.
    public var unorderedKeys: [UInt32] { slots.lazy.filter { $0.key != 0 }.map(\.key) }

    /// The entries in ascending key order, from one pass over the slots and a
    /// sort: the order the model file's counts and the weight table are
    /// written in. (Sorting the keys and looking each one up again read a
    /// table of megabytes at random: 5.9% and 5.4% of `chaff train`'s samples.)
    var entriesByKey: [(key: UInt32, entry: FeatureCounts.Entry)] {
        slots.lazy.filter { $0.key != 0 }.map { (key: $0.key, entry: $0.entry) }.sorted { $0.key < $1.key }
    }

    /// The entries, in no particular order.
    public var values: [FeatureCounts.Entry] { slots.lazy.filter { $0.key != 0 }.map(\.entry) }

    /// Iterates over (key, entry) pairs in no particular order.
    public func makeIterator() -> some IteratorProtocol<(key: UInt32, value: FeatureCounts.Entry)> {
        slots.lazy.filter { $0.key != 0 }.map { (key: $0.key, value: $0.entry) }.makeIterator()
    }

    public static func == (a: FeatureCountTable, b: FeatureCountTable) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    }

    // MARK: Slots

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt32) -> Int {
        slots.withUnsafeBufferPointer { slots in
            var slot = Int(key) & mask
            while slots[slot].key != 0 && slots[slot].key != key { slot = (slot + 1) & mask }
            return slot
        }
    }

    private mutating func insert(_ key: UInt32, _ entry: FeatureCounts.Entry, at slot: Int) {
        slots[slot] = Slot(key: key, entry: entry)
        count += 1
        if count * 2 > slots.count { rehash(capacity: slots.count * 2) }
    }

    /// Empties `slot`, then moves later entries of its probe run back so that
    /// every key stays reachable from its home slot (backward-shift deletion).
    private mutating func remove(at slot: Int) {
        var hole = slot
        var next = (slot + 1) & mask
        while slots[next].key != 0 {
            let home = Int(slots[next].key) & mask
            // The entry at `next` moves into the hole when its probe run from
            // `home` passes the hole, i.e. the hole lies cyclically in [home, next).
            if (hole - home) & mask < (next - home) & mask {
                slots[hole] = slots[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        slots[hole].key = 0
        count -= 1
    }

    private mutating func rehash(capacity: Int) {
        let old = slots
        slots = [Slot](hugePagesRepeating: .empty, count: capacity)
        let mask = capacity - 1
        self.mask = mask
        slots.withUnsafeMutableBufferPointer { slots in
            for slot in old where slot.key != 0 {
                var index = Int(slot.key) & mask
                while slots[index].key != 0 { index = (index + 1) & mask }
                slots[index] = slot
            }
        }
    }
}
