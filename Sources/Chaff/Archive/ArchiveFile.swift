#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file descriptor read in chunks, with the first bytes kept for sniffing
/// the format (so standard input, which cannot seek, works too).
///
/// Owned by one reader; not `Sendable`.
final class ArchiveFile {
    let path: String
    private let descriptor: Int32
    private let closesDescriptor: Bool
    private var pending: [UInt8] = []

    /// Opens `path` for reading.
    init(path: String) throws(WARCError) {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        var info = stat()
        if fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(descriptor)
            throw .unreadable(path: path, reason: "is a directory")
        }
        self.path = path
        self.descriptor = descriptor
        self.closesDescriptor = true
    }

    /// Reads an open descriptor, which the caller keeps and closes.
    init(descriptor: Int32, name: String) {
        self.path = name
        self.descriptor = descriptor
        self.closesDescriptor = false
    }

    deinit {
        if closesDescriptor { close(descriptor) }
    }

    /// The first `count` bytes (fewer when the file is shorter), without consuming them.
    func peek(_ count: Int) throws(WARCError) -> [UInt8] {
        var chunk = [UInt8](repeating: 0, count: count)
        while pending.count < count {
            let wanted = count - pending.count
            let got = try chunk.withUnsafeMutableBytes { buffer in
                Result { () throws(WARCError) -> Int in
                    try readDescriptor(into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<wanted]))
                }
            }.get()
            if got == 0 { break }
            pending.append(contentsOf: chunk[0..<got])
        }
        return Array(pending.prefix(count))
    }

    /// Reads up to `buffer.count` bytes; 0 at the end of the file.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int {
        if !pending.isEmpty {
            let count = min(pending.count, buffer.count)
            pending.withUnsafeBytes { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            pending.removeFirst(count)
            return count
        }
        return try readDescriptor(into: buffer)
    }

    private func readDescriptor(into buffer: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 { return count }
            if errno == EINTR { continue }
            throw .unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}
