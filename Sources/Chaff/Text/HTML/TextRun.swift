import CChaffSupport

/// Runs of character data that go into a line unchanged.
///
/// A run is ordinary bytes and the single spaces between them: collapsing
/// whitespace leaves a single space as it is, so the reader copies a whole run
/// at once and handles only what a run stops at.
enum TextRun {
    /// The end of the run that continues at `start`: the first whitespace other
    /// than one space between ordinary bytes, NUL, `&`, or raw U+00A0 (`C2 A0`),
    /// or `end`.
    ///
    /// - Complexity: O(n); sixteen bytes at a time with SSE2
    ///   (`chaff_plain_text_16`), else eight (``isPlainWord(_:)``), where
    ///   they are plainly part of the run; byte by byte where they are not.
    @inline(__always)
    static func end(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        let raw = UnsafeRawBufferPointer(bytes)
        var index = start
        // After a word that is not plain, its bytes are stepped through one by one.
        var wordsFrom = start
        while index < end {
            if index >= wordsFrom {
                if index + 16 <= end, let base = bytes.baseAddress, chaff_plain_text_16(base + index) != 0 {
                    index += 16
                    continue
                }
                if index + 8 <= end {
                    let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                    if isPlainWord(word) {
                        index += 8
                        continue
                    }
                    wordsFrom = index + 8
                }
            }
            let byte = bytes[index]
            if isOrdinary(byte) {
                index += 1
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

    /// Whether eight bytes (the first in the lowest bits) certainly continue a run: none
    /// below 0x20, `&` or C2, no two spaces in a row and no space last, so each
    /// space is followed by an ordinary byte. Other bytes, controls included,
    /// take the byte-by-byte path.
    @inline(__always)
    static func isPlainWord(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        // "Has a byte less than n" and "has a zero byte" tests, exact about
        // whether there is one.
        let controls = (word &- 0x20 &* ones) & ~word & highs
        let ampersands = word ^ (0x26 &* ones)
        let c2s = word ^ (0xC2 &* ones)
        let special = controls | ((ampersands &- ones) & ~ampersands & highs) | ((c2s &- ones) & ~c2s & highs)
        guard special == 0 else { return false }
        // The top bit of each space byte, exactly (no carry crosses bytes).
        let spaceless = word ^ (0x20 &* ones)
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let spaces = ~(((spaceless & low7) &+ low7) | spaceless) & highs
        // Byte k + 1 sits eight bits above byte k.
        return spaces & (spaces << 8) == 0 && spaces & 0x8000_0000_0000_0000 == 0
    }

    /// The Unicode scalars in `bytes[range]`: its bytes that are not UTF-8
    /// continuation bytes (`10xxxxxx`), counted thirty-two bytes a step with
    /// SSE2 (`chaff_count_matching`; the eight-byte loop it replaced went
    /// round once per continuation byte, two in three bytes of CJK text).
    /// Also the length of a whole line's text (``LineMarkup``).
    static func scalarCount(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress, !range.isEmpty else { return 0 }
        return range.count - chaff_count_matching(base, range.lowerBound, range.upperBound, 0xC0, 0x80)
    }

    /// Neither whitespace, NUL, `&` nor `C2` (which may start a no-break space).
    @inline(__always)
    private static func isOrdinary(_ byte: UInt8) -> Bool {
        if byte > 0x26 { return byte != 0xC2 }
        // 0x00, whitespace (0x09, 0x0A, 0x0C, 0x0D, 0x20) and "&" (0x26).
        return (0x41_0000_3601 as UInt64) >> UInt64(byte) & 1 == 0
    }
}
