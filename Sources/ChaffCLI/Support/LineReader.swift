import Chaff

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor as lines, in chunks, with bounded memory per line:
/// a line longer than ``TextLimits/maximumLineBytes`` keeps its first part and
/// the rest is skipped, so a 100 MB single-line file costs about 1 MB.
struct LineReader {
    let descriptor: Int32
    var maximumLineBytes = TextLimits.maximumLineBytes

    /// Why reading failed.
    struct ReadError: Error {
        let reason: String
    }

    /// Every line, decoded as UTF-8 with invalid bytes replaced by U+FFFD.
    func readLines() throws(ReadError) -> [String] {
        var lines: [String] = []
        var current: [UInt8] = []
        var overflowed = false
        var afterCR = false
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        func finishLine() {
            if overflowed {
                let keep = current.withUnsafeBufferPointer { TextLimits.utf8PrefixLength(of: $0, maximum: maximumLineBytes) }
                current.removeSubrange(keep...)
            }
            lines.append(String(decoding: current, as: UTF8.self))
            current.removeAll(keepingCapacity: true)
            overflowed = false
        }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            var index = 0
            if afterCR {
                afterCR = false
                if chunk[0] == 0x0A { index = 1 }
            }
            while index < count {
                // The run up to the next line end is copied at once, up to one
                // byte past the line limit; bytes beyond that mark the overflow.
                var end = index
                while end < count && chunk[end] != 0x0A && chunk[end] != 0x0D { end += 1 }
                let length = end - index
                let taken = min(length, max(0, maximumLineBytes + 1 - current.count))
                if taken > 0 { current.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<index + taken])) }
                if length > taken { overflowed = true }
                guard end < count else { break }
                finishLine()
                if chunk[end] == 0x0D {
                    if end + 1 < count {
                        index = chunk[end + 1] == 0x0A ? end + 2 : end + 1
                    } else {
                        afterCR = true
                        index = end + 1
                    }
                } else {
                    index = end + 1
                }
            }
        }
        if !current.isEmpty || overflowed { finishLine() }
        return lines
    }

    /// All bytes of the descriptor, up to `limit`.
    func readAll(limit: Int = 1 << 30) throws(ReadError) -> [UInt8] {
        var result: [UInt8] = []
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        while result.count < limit {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            result.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[0..<count]))
        }
        return result
    }
}

/// Opens files for reading with errors that say which file and why.
enum InputFile {
    /// Calls `body` with an open descriptor for `path` (`-` is standard input).
    static func withDescriptor<T>(_ path: String, _ body: (Int32) throws -> T) throws -> T {
        if path == "-" { return try body(0) }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LineReader.ReadError(reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            throw LineReader.ReadError(reason: "is a directory")
        }
        return try body(descriptor)
    }
}
