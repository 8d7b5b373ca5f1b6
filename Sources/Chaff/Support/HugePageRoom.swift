import CChaffSupport

/// Arrays of megabytes in memory advised for huge pages
/// (`chaff_advise_huge_pages`).
///
/// Training fills tables and arenas of tens of megabytes in fresh memory,
/// and so does a line cache (a trainer's, or a scoring task's
/// ``PageScorer/LineCache``) until it is full. With 4 KB pages, the first
/// write to each page stops for a page fault: in `chaff-bench`'s training
/// run, a fresh trainer's page faults were about a tenth of its time, most
/// of them in these arrays. Arrays smaller than a huge page, and systems
/// without transparent huge pages, are unaffected.
extension Array {
    /// `count` copies of `element`.
    init(hugePagesRepeating element: Element, count: Int) {
        // Not through `init(unsafeUninitializedCapacity:)` when empty: it
        // writes the count of the storage all empty arrays share, while
        // other threads read it (`ModelFileSource.read(_:)`).
        guard count > 0 else {
            self = []
            return
        }
        self.init(unsafeUninitializedCapacity: count) { room, initialized in
            chaff_advise_huge_pages(room.baseAddress, room.count * MemoryLayout<Element>.stride)
            room.initialize(repeating: element)
            initialized = room.count
        }
    }

    /// Makes room for `capacity` elements, as `reserveCapacity(_:)` does.
    mutating func reserveCapacityInHugePages(_ capacity: Int) {
        guard self.capacity < capacity else { return }
        let old = self
        self = Array(unsafeUninitializedCapacity: capacity) { room, count in
            chaff_advise_huge_pages(room.baseAddress, room.count * MemoryLayout<Element>.stride)
            old.withUnsafeBufferPointer { _ = room.initialize(fromContentsOf: $0) }
            count = old.count
        }
    }

    /// Appends `elements`, growing as `append(contentsOf:)` does (to twice
    /// the capacity, or more when that is too little).
    mutating func appendInHugePages(contentsOf elements: UnsafeBufferPointer<Element>) {
        if count + elements.count > capacity { reserveCapacityInHugePages(Swift.max(count + elements.count, 2 * capacity)) }
        append(contentsOf: elements)
    }
}
