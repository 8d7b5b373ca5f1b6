/// The uncompressed bytes of a WARC file, plain or gzip-compressed.
protocol ArchiveStream: AnyObject {
    /// Reads up to `buffer.count` uncompressed bytes; 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int
    /// The compressed offset of the gzip member that starts at uncompressed
    /// `offset`, forgetting members that start before it; nil for plain files.
    func memberOffset(startingAt offset: Int64) -> Int64?
}

/// A plain, uncompressed WARC file.
final class PlainArchiveStream: ArchiveStream {
    private let file: ArchiveFile

    init(file: ArchiveFile) { self.file = file }

    func read(into buffer: UnsafeMutableRawBufferPointer) throws(WARCError) -> Int {
        try file.read(into: buffer)
    }

    func memberOffset(startingAt offset: Int64) -> Int64? { nil }
}
