import CChaffSupport

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
    /// - Complexity: O(distance from the previous query).
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

    /// The number of `\n` bytes in `bytes[from..<to]`: thirty-two bytes a step
    /// with SSE2 (`chaff_count_matching`), whose lanes are summed every 127 steps.
    static func newlines(in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        guard from < to, let base = bytes.baseAddress else { return 0 }
        return chaff_count_matching(base, from, to, 0xFF, HTMLBytes.newline)
    }
}
