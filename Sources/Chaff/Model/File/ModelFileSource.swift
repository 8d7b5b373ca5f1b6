#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where ``ModelFile`` reads a model's bytes from, one range at a time.
///
/// A regular file is read with `pread`, only the ranges asked for. Scoring
/// asks for the file's header and trailer, each section's 16-byte header and
/// the payloads of four sections: about a fifth of the default model's 20 MB.
/// The counts, names and sample stay unread. (`Data(contentsOf:options:
/// .mappedIfSafe)`, used before, read the whole file on Linux:
/// swift-corelibs-foundation does not map.)
///
/// Read, not mapped: a mapped file that another process shortens meanwhile
/// (`cp` over a model rewrites it in place) kills the reader with `SIGBUS`,
/// where a read comes up short and is reported as a truncated file.
///
/// A pipe is read whole first, up to ``largestPipedFile``; devices are
/// refused (`/dev/zero` would never end). Owned by one reading thread.
final class ModelFileSource {
    /// The file's path, for errors.
    let path: String
    /// The file's size when it was opened, in bytes.
    let count: Int
    /// The open file, or -1 when the bytes are in ``memory`` (a pipe's).
    private let descriptor: Int32
    private let memory: [UInt8]

    /// The most bytes read from a pipe: 4 GB, two hundred times the default model.
    static let largestPipedFile = 1 << 32

    /// Opens the file at `path`.
    init(path: String) throws(ModelFileError) {
        self.path = path
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            throw .unreadable(path: path, reason: error == ENOENT ? "no such file" : String(cString: strerror(error)))
        }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            throw .unreadable(path: path, reason: reason)
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG:
            (self.descriptor, count, memory) = (descriptor, Int(info.st_size), [])
        case S_IFIFO, S_IFSOCK:
            defer { close(descriptor) }
            memory = try Self.readAll(descriptor, path: path)
            (self.descriptor, count) = (-1, memory.count)
        case S_IFDIR:
            close(descriptor)
            throw .unreadable(path: path, reason: "is a directory")
        default:
            close(descriptor)
            throw .unreadable(path: path, reason: "is a device, not a file")
        }
    }

    deinit {
        if descriptor >= 0 { close(descriptor) }
    }

    /// The bytes in `range`, which lies within the first ``count`` bytes.
    /// A file that has shrunk since it was opened is reported as truncated.
    func read(_ range: Range<Int>) throws(ModelFileError) -> [UInt8] {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range of the file")
        guard descriptor >= 0 else { return Array(memory[range]) }
        // An empty array without `init(unsafeUninitializedCapacity:)`, which
        // for no room writes the count of the one storage every empty array
        // shares, while other threads read it (a race ThreadSanitizer found).
        guard !range.isEmpty else { return [] }
        var failure: ModelFileError?
        let bytes = [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            while initialized < range.count {
                let got = pread(descriptor, buffer.baseAddress! + initialized, range.count - initialized,
                                off_t(range.lowerBound + initialized))
                if got > 0 {
                    initialized += got
                } else if got == 0 {
                    failure = .truncated(path: path, size: range.lowerBound + initialized)
                    return
                } else if errno != EINTR {
                    failure = .unreadable(path: path, reason: String(cString: strerror(errno)))
                    return
                }
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Reads a descriptor to its end.
    private static func readAll(_ descriptor: Int32, path: String) throws(ModelFileError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if got > 0 {
                guard bytes.count + got <= largestPipedFile else {
                    throw .unreadable(path: path, reason: "more than \(largestPipedFile >> 30) GB from a pipe")
                }
                bytes.append(contentsOf: chunk[0..<got])
            } else if got == 0 {
                return bytes
            } else if errno != EINTR {
                throw .unreadable(path: path, reason: String(cString: strerror(errno)))
            }
        }
    }
}
