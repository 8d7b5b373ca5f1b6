/// Comparisons of runs of feature keys in raw memory, eight keys at a time.
///
/// Training compares whole key lists where most are equal: two sampled lines
/// of one content hash, whose n-gram keys agree and whose context keys decide
/// (``SampleArena/keysPrecede(_:of:_:of:)``). A key-by-key loop spent four
/// instructions a key on those long equal prefixes.
enum KeyRun {
    /// The index of the first of the first `count` keys where `a` and `b`
    /// differ, or `count` when they agree; both must hold `count` keys.
    ///
    /// - Complexity: O(*n*), comparing eight keys per step in vector registers.
    static func firstDifference(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>, count: Int) -> Int {
        guard count > 0 else { return 0 }
        let (x, y) = (UnsafeRawPointer(a.baseAddress!), UnsafeRawPointer(b.baseAddress!))
        var index = 0
        while index + 8 <= count {
            let offset = index * 4
            let low = x.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self)
                .!= y.loadUnaligned(fromByteOffset: offset, as: SIMD4<UInt32>.self)
            let high = x.loadUnaligned(fromByteOffset: offset + 16, as: SIMD4<UInt32>.self)
                .!= y.loadUnaligned(fromByteOffset: offset + 16, as: SIMD4<UInt32>.self)
            if any(low .| high) { break }
            index += 8
        }
        while index < count && a[index] == b[index] { index += 1 }
        return index
    }

    /// Whether `a` and `b` hold the same keys.
    static func equal(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Bool {
        a.count == b.count && firstDifference(a, b, count: a.count) == a.count
    }

    /// Whether `a` lexicographically precedes `b`, or nil when they are equal.
    static func order(_ a: UnsafeBufferPointer<UInt32>, _ b: UnsafeBufferPointer<UInt32>) -> Bool? {
        let common = min(a.count, b.count)
        let index = firstDifference(a, b, count: common)
        if index < common { return a[index] < b[index] }
        return a.count == b.count ? nil : a.count < b.count
    }
}
