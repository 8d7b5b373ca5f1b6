import CChaffSupport

/// Counts of well-formed multi-byte sequences and of ill-formed subsequences
/// in a UTF-8 byte buffer.
///
/// Ill-formed input is counted the way `String(decoding:as:)` replaces it
/// (one per maximal subpart, Unicode 15 §3.9), so ``invalid`` equals the
/// number of U+FFFD that decoding inserts.
struct UTF8Statistics {
    /// Well-formed sequences of two to four bytes.
    var multiByte = 0
    /// Maximal ill-formed subparts.
    var invalid = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        var index = 0
        while index < count {
            let lead = bytes[index]
            if lead < 0x80 {
                index = UTF8Statistics.endOfASCII(bytes, from: index + 1)
                continue
            }
            // The common well-formed sequences first: two bytes, and three bytes
            // whose second byte may be any continuation byte.
            if lead >= 0xC2, lead <= 0xDF, index + 1 < count, bytes[index + 1] & 0xC0 == 0x80 {
                multiByte += 1
                index += 2
                continue
            }
            if lead >= 0xE1, lead <= 0xEF, lead != 0xED, index + 2 < count,
               bytes[index + 1] & 0xC0 == 0x80, bytes[index + 2] & 0xC0 == 0x80 {
                // Runs of CJK text four characters at a time.
                let runEnd = UTF8Statistics.endOfThreeByteRun(bytes, from: index)
                if runEnd > index {
                    multiByte += (runEnd - index) / 3
                    index = runEnd
                } else {
                    multiByte += 1
                    index += 3
                }
                continue
            }
            // Expected length and the valid range of the second byte (Table 3-7).
            var length = 0
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: length = 0
            }
            if length == 0 {
                invalid += 1
                index += 1
                continue
            }
            var consumed = 1
            var ok = true
            while consumed < length {
                let position = index + consumed
                guard position < count else { ok = false; break }
                let byte = bytes[position]
                let lower: UInt8 = consumed == 1 ? low : 0x80
                let upper: UInt8 = consumed == 1 ? high : 0xBF
                guard byte >= lower, byte <= upper else { ok = false; break }
                consumed += 1
            }
            if ok {
                multiByte += 1
            } else {
                invalid += 1
            }
            index += consumed
        }
    }

    /// The end of the run of well-formed three-byte sequences (lead bytes
    /// 0xE1 to 0xEF but 0xED) at `start`, in whole steps of four
    /// (`chaff_three_byte_run_end`): `start` when the run is shorter.
    /// Chinese and Japanese pages are mostly such runs, where the byte loop
    /// branched on every character.
    @inline(__always)
    static func endOfThreeByteRun(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return start }
        return chaff_three_byte_run_end(base.assumingMemoryBound(to: UInt8.self), bytes.count, start)
    }

    /// The offset of the first non-ASCII byte at or after `start` (or the
    /// count): markup is mostly ASCII. Sixty-four bytes a step with SSE2
    /// (`chaff_ascii_end`); the sixteen-byte loop of two 64-bit words it
    /// replaced was nine tenths of this check's instructions.
    @inline(__always)
    static func endOfASCII(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return bytes.count }
        return chaff_ascii_end(base.assumingMemoryBound(to: UInt8.self), bytes.count, start)
    }
}
