import Chaff

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a file descriptor as lines, in chunks, with bounded memory per line:
/// a line longer than ``TextLimits/maximumLineBytes`` keeps its first part and
/// the rest is skipped, so a 100 MB single-line file costs about 1 MB.
///
/// A regular file of at most ``wholeFileLimit`` bytes is read in one piece
/// and split once, by ``UTF8Lines``: the same lines, without copying each
/// line and finding its end twice (half of the reading, 2% of `chaff score`'s
/// instructions on the devset pages).
struct LineReader {
    let descriptor: Int32
    var maximumLineBytes = TextLimits.maximumLineBytes
    /// Regular files up to this size are read whole; larger ones, pipes and
    /// terminals line by line.
    var wholeFileLimit = 8 << 20

    /// Why reading failed.
    struct ReadError: Error, CustomStringConvertible {
        let reason: String

        /// The reason alone, as error messages show it ("Permission denied").
        var description: String { reason }
    }

    /// The page's bytes, not yet decoded or split into lines: a file read
    /// whole as it is, or its lines read one by one, each cut to the line
    /// limit and followed by an LF (CR and CRLF ends made LF). `UTF8Lines`
    /// (or ``TextDocument``, which decodes first when the bytes are not UTF-8)
    /// splits either into the same lines.
    ///
    /// Lines are found in the raw bytes, which is sound for UTF-8 and for
    /// the legacy charsets Chaff decodes (their multi-byte characters never
    /// hold a CR or LF byte), but not for UTF-16 or compressed data: input
    /// that starts with a UTF-16 byte order mark or the gzip magic number is
    /// read whole (up to 1 GiB) instead.
    func readPageBytes() throws(ReadError) -> [UInt8] {
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG && Int(info.st_size) <= wholeFileLimit {
            return try readAll(expectedSize: Int(info.st_size))
        }
        var page: [UInt8] = []
        var lineStart = 0
        var overflowed = false
        var afterCR = false
        var firstRead = true
        let chunk = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 1 << 16)
        defer { chunk.deallocate() }
        func finishLine() {
            if overflowed {
                let keep = page.withUnsafeBufferPointer {
                    TextLimits.utf8PrefixLength(of: UnsafeBufferPointer(rebasing: $0[lineStart...]), maximum: maximumLineBytes)
                }
                page.removeSubrange((lineStart + keep)...)
            }
            page.append(0x0A)
            lineStart = page.count
            overflowed = false
        }
        while true {
            let count = read(descriptor, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            if firstRead {
                firstRead = false
                let first = chunk[0..<count]
                if Charset.utf16ByteOrder(of: first) != nil || Gzip.isGzip(first) {
                    return Array(first) + (try readAll())
                }
            }
            var index = 0
            if afterCR {
                afterCR = false
                if chunk[0] == 0x0A { index = 1 }
            }
            while index < count {
                // The run up to the next line end is copied at once, up to one
                // byte past the line limit; bytes beyond that mark the overflow.
                let end = LineScanner.lineEnd(in: UnsafeBufferPointer(rebasing: chunk[0..<count]), from: index)
                let length = end - index
                let taken = min(length, max(0, maximumLineBytes + 1 - (page.count - lineStart)))
                if taken > 0 { page.append(contentsOf: UnsafeBufferPointer(rebasing: chunk[index..<index + taken])) }
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
        if page.count > lineStart || overflowed { finishLine() }
        return page
    }

    /// All bytes of the descriptor, up to `limit`; `expectedSize` reserves room.
    func readAll(limit: Int = 1 << 30, expectedSize: Int = 0) throws(ReadError) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(min(expectedSize, limit))
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
