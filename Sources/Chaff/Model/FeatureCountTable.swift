/// Per-feature counts keyed by feature key: an open-addressing hash table.
///
/// Feature keys are already well-mixed hashes, so the table indexes by the key
/// itself instead of hashing it again as `Dictionary` would (training spent a
/// third of its time in `Dictionary` hashing and probing). Key 0 never occurs
/// (``FeatureHasher`` never returns it) and marks an empty slot. Removal uses
/// backward-shift deletion, so there are no tombstones.
public struct FeatureCountTable: Sendable, Equatable, Sequence {
    private var keys: [UInt32]
    private var entries: [FeatureCounts.Entry]
    private var mask: Int
    /// The number of features.
    public private(set) var count = 0

    /// Creates an empty table.
    public init() {
        keys = [UInt32](repeating: 0, count: 16)
        entries = [FeatureCounts.Entry](repeating: .init(spam: 0, ham: 0, family: 0), count: 16)
        mask = 15
    }

    /// Whether the table has no features.
    public var isEmpty: Bool { count == 0 }

    /// The entry of `key`, or nil; setting nil removes it.
    public subscript(key: UInt32) -> FeatureCounts.Entry? {
        get {
            let slot = find(key)
            return keys[slot] == key ? entries[slot] : nil
        }
        set {
            precondition(key != 0, "feature key 0 is reserved")
            let slot = find(key)
            if let newValue {
                if keys[slot] == key {
                    entries[slot] = newValue
                } else {
                    insert(key, newValue, at: slot)
                }
            } else if keys[slot] == key {
                remove(at: slot)
            }
        }
    }

    /// Applies `change` to the entry of `key`, inserting `initial` first when absent.
    @inline(__always)
    public mutating func update(_ key: UInt32, initial: FeatureCounts.Entry, _ change: (inout FeatureCounts.Entry) -> Void) {
        let slot = find(key)
        if keys[slot] == key {
            change(&entries[slot])
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
    /// no uniqueness or bounds checks and never rehashes.
    ///
    /// - Complexity: O(*k*) expected for *k* keys.
    mutating func tally<Keys: Collection<UInt32>>(_ keys: Keys, family: UInt8, injected: Bool) {
        reserveCapacity(count + keys.count)
        let mask = self.mask
        let fresh = FeatureCounts.Entry(spam: injected ? 1 : 0, ham: injected ? 0 : 1, family: family)
        var inserted = 0
        self.keys.withUnsafeMutableBufferPointer { slots in
            entries.withUnsafeMutableBufferPointer { entries in
                for key in keys {
                    precondition(key != 0, "feature key 0 is reserved")
                    var slot = Int(key) & mask
                    while true {
                        let stored = slots[slot]
                        if stored == key {
                            entries[slot].add(injected: injected)
                            break
                        }
                        if stored == 0 {
                            slots[slot] = key
                            entries[slot] = fresh
                            inserted += 1
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
        count += inserted
    }

    /// Makes room for `minimumCount` features without growing.
    public mutating func reserveCapacity(_ minimumCount: Int) {
        var capacity = keys.count
        while capacity < minimumCount * 2 { capacity <<= 1 }
        if capacity > keys.count { rehash(capacity: capacity) }
    }

    /// The feature keys, in no particular order.
    public var unorderedKeys: [UInt32] { keys.filter { $0 != 0 } }

    /// The entries, in no particular order.
    public var values: [FeatureCounts.Entry] { indicesInUse.map { entries[$0] } }

    /// Iterates over (key, entry) pairs in no particular order.
    public func makeIterator() -> some IteratorProtocol<(key: UInt32, value: FeatureCounts.Entry)> {
        indicesInUse.lazy.map { (key: keys[$0], value: entries[$0]) }.makeIterator()
    }

    public static func == (a: FeatureCountTable, b: FeatureCountTable) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    }

    // MARK: Slots

    private var indicesInUse: [Int] { keys.indices.filter { keys[$0] != 0 } }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: UInt32) -> Int {
        keys.withUnsafeBufferPointer { keys in
            var slot = Int(key) & mask
            while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
            return slot
        }
    }

    private mutating func insert(_ key: UInt32, _ entry: FeatureCounts.Entry, at slot: Int) {
        keys[slot] = key
        entries[slot] = entry
        count += 1
        if count * 2 > keys.count { rehash(capacity: keys.count * 2) }
    }

    /// Empties `slot`, then moves later entries of its probe run back so that
    /// every key stays reachable from its home slot (backward-shift deletion).
    private mutating func remove(at slot: Int) {
        var hole = slot
        var next = (slot + 1) & mask
        while keys[next] != 0 {
            let home = Int(keys[next]) & mask
            // The entry at `next` moves into the hole when its probe run from
            // `home` passes the hole, i.e. the hole lies cyclically in [home, next).
            if (hole - home) & mask < (next - home) & mask {
                keys[hole] = keys[next]
                entries[hole] = entries[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        keys[hole] = 0
        count -= 1
    }

    private mutating func rehash(capacity: Int) {
        let (oldKeys, oldEntries) = (keys, entries)
        keys = [UInt32](repeating: 0, count: capacity)
        entries = [FeatureCounts.Entry](repeating: .init(spam: 0, ham: 0, family: 0), count: capacity)
        let mask = capacity - 1
        self.mask = mask
        keys.withUnsafeMutableBufferPointer { keys in
            entries.withUnsafeMutableBufferPointer { entries in
                for index in oldKeys.indices where oldKeys[index] != 0 {
                    var slot = Int(oldKeys[index]) & mask
                    while keys[slot] != 0 { slot = (slot + 1) & mask }
                    keys[slot] = oldKeys[index]
                    entries[slot] = oldEntries[index]
                }
            }
        }
    }
}
