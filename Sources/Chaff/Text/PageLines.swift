/// The lines of a page as feature extraction reads them: each line's UTF-8
/// bytes, one line at a time.
///
/// Scoring needs a line's bytes, not a `String`: pages that arrive as bytes
/// (``UTF8Lines``) are scored without building a string per line; pages that
/// arrive as strings (`[String]`) lend their contiguous UTF-8 storage.
public protocol PageLines {
    /// The number of lines.
    var lineCount: Int { get }

    /// Calls `body` with the UTF-8 bytes of line `index`, at most
    /// ``TextLimits/maximumLineBytes`` of them (cut at a scalar boundary).
    func withUTF8<Result>(ofLine index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result
}

extension PageLines {
    /// Line `index` as a string; invalid UTF-8 becomes U+FFFD.
    public func string(ofLine index: Int) -> String {
        withUTF8(ofLine: index) { String(decoding: $0, as: UTF8.self) }
    }
}

extension Array: PageLines where Element == String {
    /// The number of lines.
    public var lineCount: Int { count }

    /// Calls `body` with the UTF-8 bytes of `self[index]`, cut to the line limit.
    public func withUTF8<Result>(ofLine index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var line = self[index]
        return line.withUTF8 { body(TextLimits.linePrefix(of: $0)) }
    }
}

/// The lines of a UTF-8 byte buffer, split at LF, CRLF and CR like
/// ``LineScanner``, without decoding them into strings.
public struct UTF8Lines: PageLines, Sendable {
    /// The page's bytes.
    public let bytes: [UInt8]
    /// Each line's byte range, terminator excluded, cut to the line limit.
    public let ranges: [Range<Int>]

    /// Splits `bytes` into lines, each cut to at most `maximumLineBytes` bytes
    /// at a scalar boundary.
    public init(_ bytes: [UInt8], maximumLineBytes: Int = TextLimits.maximumLineBytes) {
        let ranges = bytes.withUnsafeBufferPointer { LineScanner().lineRanges(in: $0) }
        self.init(bytes, lineRanges: ranges, maximumLineBytes: maximumLineBytes)
    }

    /// Lines already split: `lineRanges` of `bytes`, each cut to at most
    /// `maximumLineBytes` bytes at a scalar boundary.
    package init(_ bytes: [UInt8], lineRanges: [Range<Int>], maximumLineBytes: Int = TextLimits.maximumLineBytes) {
        self.bytes = bytes
        var ranges = lineRanges
        bytes.withUnsafeBufferPointer { buffer in
            for index in ranges.indices where ranges[index].count > maximumLineBytes {
                let range = ranges[index]
                ranges[index] = range.lowerBound..<range.lowerBound + TextLimits.utf8PrefixLength(
                    of: UnsafeBufferPointer(rebasing: buffer[range]), maximum: maximumLineBytes)
            }
        }
        self.ranges = ranges
    }

    /// The number of lines.
    public var lineCount: Int { ranges.count }

    /// Calls `body` with the bytes of line `index`.
    public func withUTF8<Result>(ofLine index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[ranges[index]])) }
    }
}
