import Glibc

/// Turns byte offsets into 1-based source line numbers, counting `\n` bytes
/// lazily with `memchr` as offsets advance.
///
/// Queries are expected in non-decreasing offset order (the reader asks in
/// document order); a query behind the last one restarts from the beginning,
/// so answers are always right, only slower.
struct SourceLineCounter {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var offset = 0
    private var line = 1

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The line number of the byte at `target`.
    mutating func line(at target: Int) -> Int {
        let target = min(max(target, 0), bytes.count)
        if target < offset {
            offset = 0
            line = 1
        }
        while let newline = HTMLBytes.find(HTMLBytes.newline, in: bytes, from: offset, to: target) {
            line += 1
            offset = newline + 1
        }
        offset = target
        return line
    }
}
