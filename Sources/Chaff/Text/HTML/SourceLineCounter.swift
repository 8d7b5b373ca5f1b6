/// Turns byte offsets into 1-based source line numbers, counting `\n` bytes
/// incrementally as offsets advance.
///
/// Queries come mostly in document order; a query behind the last one (a
/// `<title>` inside the body, read before the line around it ends) counts back
/// from the last one instead.
struct SourceLineCounter {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The line number of the byte at `target`.
    ///
    /// - Complexity: O(distance from the previous query), eight bytes at a time.
    mutating func line(at target: Int) -> Int {
        let target = min(max(target, 0), bytes.count)
        if target < offset {
            line -= SourceLineCounter.newlines(in: bytes, from: target, to: offset)
        } else {
            line += SourceLineCounter.newlines(in: bytes, from: offset, to: target)
        }
        offset = target
        return line
    }

    /// The number of `\n` bytes in `bytes[from..<to]`.
    ///
    /// Counted in 64-bit words: XOR with `\n` in every byte turns newlines into
    /// zero bytes, and `((x & 0x7F…) + 0x7F…) | x` has the top bit of each byte set
    /// exactly when that byte is non-zero (no carry crosses bytes). The clear top
    /// bits, moved down, add up in eight byte-wide lanes (at most 255 words at a
    /// time, so no lane overflows), which are then summed: no `popcnt`, which the
    /// baseline x86-64 target lacks.
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to else { return 0 }
        let raw = UnsafeRawBufferPointer(bytes)
        let newlines: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        var count = 0
        var index = from
        while index + 8 <= to {
            var lanes: UInt64 = 0
            let stop = min(to, index + 8 * 255)
            while index + 8 <= stop {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) ^ newlines
                let nonZero = ((word & low7) &+ low7) | word
                lanes &+= (~nonZero & ~low7) >> 7
                index += 8
            }
            // Eight 8-bit lanes → four 16-bit lanes → their sum in the top 16 bits.
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ ((lanes >> 8) & 0x00FF_00FF_00FF_00FF)
            count += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while index < to {
            if bytes[index] == HTMLBytes.newline { count += 1 }
            index += 1
        }
        return count
    }
}
