#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file's bytes, mapped read-only into memory for the length of one read
/// of a model file.
///
/// Scoring reads four sections of a model (about a fifth of the default
/// model's 20 MB) and checks their checksums; the counts, names and sample stay
/// unread. Mapped, only the pages those sections lie on are brought in, from
/// the kernel's page cache, without a copy. `Data(contentsOf:options:
/// .mappedIfSafe)`, used before, reads the whole file into fresh memory on
/// Linux: swift-corelibs-foundation does not map.
///
/// A pipe, which cannot be mapped, is read into memory instead, up to
/// ``largestUnmappedFile``; a file of zero bytes gives zero bytes; devices are
/// refused (`/dev/zero` would never end).
///
/// A mapping lives only as long as this object, which ``ModelFile`` drops once
/// the sections it needs are decoded: reading a mapped file that another
/// process shortens meanwhile faults (`SIGBUS`). Chaff never shortens a model
/// file in place: ``ModelFile/write(_:to:)`` writes a new file and renames it
/// over the old one, which leaves a mapping of the old file intact.
final class MappedFile {
    /// The file's bytes, valid while this object lives.
    let bytes: UnsafeRawBufferPointer
    /// Whether `bytes` is a mapping (else it was read into allocated memory).
    let isMapped: Bool

    /// The most bytes read from a pipe: 4 GB, two hundred times the default model.
    static let largestUnmappedFile = 1 << 32

    /// Maps (or reads) the file at `path`.
    init(path: String) throws(ModelFileError) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let error = errno
            throw .unreadable(path: path, reason: error == ENOENT ? "no such file" : String(cString: strerror(error)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let kind = info.st_mode & S_IFMT
        if kind == S_IFDIR { throw .unreadable(path: path, reason: "is a directory") }
        guard kind == S_IFREG || kind == S_IFIFO || kind == S_IFSOCK else {
            throw .unreadable(path: path, reason: "is a device, not a file")
        }
        let size = Int(info.st_size)
        if kind == S_IFREG {
            if size == 0 {
                (bytes, isMapped) = (UnsafeRawBufferPointer(start: nil, count: 0), false)
                return
            }
            if let address = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), address != MAP_FAILED {
                (bytes, isMapped) = (UnsafeRawBufferPointer(start: address, count: size), true)
                return
            }
        }
        (bytes, isMapped) = (try Self.readAll(descriptor, path: path, sizeHint: size), false)
    }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if isMapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            base.deallocate()
        }
    }

    /// Reads a descriptor to its end into allocated memory.
    private static func readAll(_ descriptor: Int32, path: String, sizeHint: Int) throws(ModelFileError) -> UnsafeRawBufferPointer {
        var capacity = min(max(sizeHint, 1 << 16), largestUnmappedFile)
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        var count = 0
        while true {
            if count == capacity {
                guard capacity < largestUnmappedFile else {
                    buffer.deallocate()
                    throw .unreadable(path: path, reason: "more than \(largestUnmappedFile >> 30) GB from a pipe")
                }
                let largerCapacity = min(capacity * 2, largestUnmappedFile)
                let larger = UnsafeMutableRawPointer.allocate(byteCount: largerCapacity, alignment: 16)
                larger.copyMemory(from: buffer, byteCount: count)
                buffer.deallocate()
                (buffer, capacity) = (larger, largerCapacity)
            }
            let got = read(descriptor, buffer + count, capacity - count)
            if got > 0 {
                count += got
            } else if got == 0 {
                break
            } else if errno != EINTR {
                let reason = String(cString: strerror(errno))
                buffer.deallocate()
                throw .unreadable(path: path, reason: reason)
            }
        }
        return UnsafeRawBufferPointer(start: buffer, count: count)
    }
}
