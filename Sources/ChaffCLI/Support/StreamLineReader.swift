#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands out the lines of a descriptor as soon as each is complete, so a
/// command reading a pipe can answer line by line (a worker for Spark's
/// `RDD.pipe` must reply to each line before the next arrives, or at least
/// without waiting for the end of the input).
///
/// A line longer than ``maximumLineBytes`` is not kept: its first bytes are
/// dropped and `body` gets `overflowed == true`, with memory bounded by the
/// limit.
struct StreamLineReader {
    let descriptor: Int32
    var maximumLineBytes = 64 << 20

    /// Calls `body` with each line (LF or CR LF removed), its number from 1, and
    /// whether it was longer than the limit. A final line without LF counts.
    func forEachLine(_ body: (_ line: ArraySlice<UInt8>, _ number: Int, _ overflowed: Bool) -> Void) throws(LineReader.ReadError) {
        var pending: [UInt8] = []
        var overflowed = false
        var number = 0
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        func emit(_ line: ArraySlice<UInt8>) {
            number += 1
            var line = line
            if line.last == 0x0D { line = line.dropLast() }
            body(overflowed ? [] : line, number, overflowed)
            overflowed = false
        }
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw LineReader.ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            var start = 0
            while let newline = chunk[start..<count].firstIndex(of: 0x0A) {
                if pending.isEmpty && !overflowed {
                    emit(chunk[start..<newline])
                } else {
                    if !overflowed { pending += chunk[start..<newline] }
                    emit(pending[...])
                    pending.removeAll(keepingCapacity: pending.count < 1 << 20)
                }
                start = newline + 1
            }
            if start < count && !overflowed {
                pending += chunk[start..<count]
                if pending.count > maximumLineBytes {
                    overflowed = true
                    pending = []
                }
            }
        }
        if !pending.isEmpty || overflowed { emit(pending[...]) }
    }
}
