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
    /// Sixteen bytes at a time: each comparison adds 1 to the lanes that hold a
    /// newline; lanes are summed every 255 steps, before one could overflow.
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to else { return 0 }
        let raw = UnsafeRawBufferPointer(bytes)
        let newline = SIMD16<UInt8>(repeating: HTMLBytes.newline)
        let zero = SIMD16<UInt8>()
        let one = SIMD16<UInt8>(repeating: 1)
        var count = 0
        var index = from
        // Wrapping arithmetic: indices and counts within a buffer in memory
        // cannot overflow.
        while index &+ 16 <= to {
            var lanes = zero
            let stop = min(to, index &+ 16 * 255)
            while index &+ 16 <= stop {
                let chunk = raw.loadUnaligned(fromByteOffset: index, as: SIMD16<UInt8>.self)
                lanes &+= zero.replacing(with: one, where: chunk .== newline)
                index &+= 16
            }
            count &+= Int(SIMD16<UInt16>(truncatingIfNeeded: lanes).wrappedSum())
        }
        while index < to {
            if bytes[index] == HTMLBytes.newline { count &+= 1 }
            index &+= 1
        }
        return count
    }
}
