/// A Bloom filter over the class and id names a page's stylesheets hide, so that
/// the reader can turn away the names of almost every element from their bytes,
/// without building a `String` to look them up.
///
/// Names are looked up as `String`s, which compare by canonical equivalence: a
/// non-ASCII name can equal an ASCII one (U+212A KELVIN SIGN is `K`). So the
/// filter only answers for ASCII names when every inserted name is ASCII;
/// otherwise it always says "maybe" and the exact look-up decides.
struct SelectorNameFilter: Sendable {
    /// 1,024 bits, allocated on the first insertion; two bits per name. With the
    /// few dozen hidden names of a page, well under 1% of other names pass.
    private var words: [UInt64] = []
    /// Whether a non-ASCII name was inserted.
    private var hasNonASCII = false
    /// Bit *n* set when a name of *n* bytes was inserted (bit 63: 63 or
    /// more). Two ASCII names are equal only when their lengths are, so most
    /// names are turned away by their length before a byte is hashed.
    private var lengths: UInt64 = 0

    /// Adds `name`.
    mutating func insert(_ name: UnsafeBufferPointer<UInt8>) {
        if name.contains(where: { $0 >= 0x80 }) { hasNonASCII = true }
        if words.isEmpty { words = [UInt64](repeating: 0, count: 16) }
        lengths |= SelectorNameFilter.lengthBit(name.count)
        let (first, second) = SelectorNameFilter.bits(name)
        words[first >> 6] |= 1 << UInt64(first & 63)
        words[second >> 6] |= 1 << UInt64(second & 63)
    }

    /// False when no inserted name can equal `name`; true when one may.
    func mayContain(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !words.isEmpty else { return false }
        if hasNonASCII || name.contains(where: { $0 >= 0x80 }) { return true }
        guard lengths & SelectorNameFilter.lengthBit(name.count) != 0 else { return false }
        let (first, second) = SelectorNameFilter.bits(name)
        return words[first >> 6] & (1 << UInt64(first & 63)) != 0
            && words[second >> 6] & (1 << UInt64(second & 63)) != 0
    }

    /// The bit of ``lengths`` for a name of `count` bytes.
    private static func lengthBit(_ count: Int) -> UInt64 {
        1 << UInt64(min(count, 63))
    }

    /// Two bit positions in 0..<1024 from an FNV-1a hash of the bytes.
    private static func bits(_ name: UnsafeBufferPointer<UInt8>) -> (Int, Int) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in name { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return (Int(truncatingIfNeeded: hash & 1023), Int(truncatingIfNeeded: (hash >> 32) & 1023))
    }
}
