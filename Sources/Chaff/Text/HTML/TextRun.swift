/// Runs of character data that go into a line unchanged.
///
/// A run is ordinary bytes and the single spaces between them: collapsing
/// whitespace leaves a single space as it is, so the reader copies a whole run
/// at once and handles only what a run stops at.
enum TextRun {
    /// The end of the run that continues at `start`: the first whitespace other
    /// than one space between ordinary bytes, NUL, `&`, or raw U+00A0 (`C2 A0`),
    /// or `end`.
    @inline(__always)
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = bytes[index]
            if isOrdinary(byte) {
                index += 1
                // Text in non-Latin scripts runs long without spaces.
                if byte >= 0x80 { index = endOfOrdinaryWords(in: bytes, from: index, to: end) }
            } else if byte == HTMLBytes.space, index + 1 < end, isOrdinary(bytes[index + 1]) {
                index += 2
            } else if byte == 0xC2, index + 1 >= end || bytes[index + 1] != 0xA0 {
                index += 1  // a lead byte of another character
            } else {
                break
            }
        }
        return index
    }

    /// The first offset from `start` on, in steps of eight bytes, whose eight
    /// bytes are not all ordinary (or from which fewer than eight remain).
    @inline(__always)
    private static func endOfOrdinaryWords(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = start
        while index + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            // A byte below 0x27 (the classic "has less than" test is exact about
            // whether there is one), or a byte equal to C2.
            let below = (word &- 0x2727_2727_2727_2727) & ~word & 0x8080_8080_8080_8080
            let c2 = word ^ 0xC2C2_C2C2_C2C2_C2C2
            let isC2 = (c2 &- 0x0101_0101_0101_0101) & ~c2 & 0x8080_8080_8080_8080
            if below | isC2 != 0 { break }
            index += 8
        }
        return index
    }

    /// The Unicode scalars in `bytes[range]`: its bytes that are not UTF-8
    /// continuation bytes.
    @inline(__always)
    static func scalarCount(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        var count = 0
        for index in range where bytes[index] & 0xC0 != 0x80 { count += 1 }
        return count
    }

    /// Neither whitespace, NUL, `&` nor `C2` (which may start a no-break space).
    @inline(__always)
    private static func isOrdinary(_ byte: UInt8) -> Bool {
        if byte > 0x26 { return byte != 0xC2 }
        // 0x00, whitespace (0x09, 0x0A, 0x0C, 0x0D, 0x20) and "&" (0x26).
        return (0x41_0000_3601 as UInt64) >> UInt64(byte) & 1 == 0
    }
}
