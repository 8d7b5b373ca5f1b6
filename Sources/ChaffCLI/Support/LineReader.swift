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
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
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
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            for index in 0..<count {
                let byte = chunk[index]
                if afterCR {
                    afterCR = false
                    if byte == 0x0A { continue }
                }
                if byte == 0x0A || byte == 0x0D {
                    finishLine()
                    afterCR = byte == 0x0D
                } else if current.count <= maximumLineBytes {
                    current.append(byte)
                } else {
                    overflowed = true
                }
            }
        }
        if !current.isEmpty || overflowed { finishLine() }
        return lines
    }

    /// All bytes of the descriptor, up to `limit`.
    func readAll(limit: Int = 1 << 30) throws(ReadError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while result.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ReadError(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
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
