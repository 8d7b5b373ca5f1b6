/// A problem found while reading a WARC file. Every case says where: the file,
/// and the byte offset of the record in the uncompressed WARC stream (for a
/// gzip file, ``WARCRecord/memberOffset`` gives the compressed offset too).
///
/// ``WARCReader`` reports a malformed record and goes on with the next one; a
/// truncated record is the end of the file, and ``unreadable(path:reason:)`` and
/// ``corruptCompression(path:compressedOffset:reason:)`` end it early.
public enum WARCError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// A record's header is not a WARC header (no `WARC/1.x` version line, a
    /// field without `:`, a missing or invalid `Content-Length`, a header over
    /// the size limit). The reader skips to the next `WARC/` line.
    case malformedRecord(path: String, offset: Int64, reason: String)
    /// The file ends inside a record: `expected` block bytes were declared,
    /// `found` were present.
    case truncatedRecord(path: String, offset: Int64, targetURI: String?, expected: Int64, found: Int64)
    /// The file ends inside a record's header.
    case truncatedHeader(path: String, offset: Int64)
    /// The gzip data is damaged, or ends inside a gzip member; `compressedOffset`
    /// is where in the file the damage was found.
    case corruptCompression(path: String, compressedOffset: Int64, reason: String)
    /// A `response` record's block is not an HTTP response, or its body cannot
    /// be decoded (chunked transfer coding, gzip content coding).
    case malformedHTTP(path: String, offset: Int64, targetURI: String?, reason: String)

    /// A lowercase message naming the file and byte offset.
    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "cannot read '\(path)': \(reason)"
        case .malformedRecord(let path, let offset, let reason):
            return "\(path): malformed record at byte \(offset): \(reason); skipped to the next record"
        case .truncatedRecord(let path, let offset, let uri, let expected, let found):
            return "\(path): truncated record at byte \(offset)\(Self.naming(uri)): "
                + "Content-Length \(expected) but the file ends after \(found) bytes"
        case .truncatedHeader(let path, let offset):
            return "\(path): truncated record at byte \(offset): the file ends inside the record header"
        case .corruptCompression(let path, let offset, let reason):
            return "\(path): corrupt gzip data at compressed byte \(offset): \(reason)"
        case .malformedHTTP(let path, let offset, let uri, let reason):
            return "\(path): record at byte \(offset)\(Self.naming(uri)): \(reason)"
        }
    }

    private static func naming(_ uri: String?) -> String {
        uri.map { " (\($0))" } ?? ""
    }
}
