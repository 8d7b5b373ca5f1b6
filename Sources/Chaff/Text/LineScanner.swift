import CChaffSupport

/// Splits raw bytes into lines the way a text editor does.
///
/// A line ends at LF, CRLF or a lone CR; the terminator is not part of the line.
/// A final line without a terminator is still a line, and an empty input has no
/// lines. Bytes are not decoded here: invalid UTF-8 is left for ``TextNormalizer``
/// and `String(decoding:as:)` to replace with U+FFFD.
public struct LineScanner: Sendable {
    /// Creates a scanner.
    public init() {}

    /// The byte ranges of the lines in `bytes`, in order.
    ///
    /// - Complexity: O(*n*) in the number of bytes, one pass.
    public func lineRanges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        // Room for a line per 32 bytes, so that a page's ranges rarely grow,
        // but no more than 4096 lines ahead of time.
        ranges.reserveCapacity(min(bytes.count / 32 + 1, 4096))
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            index = Self.lineEnd(in: bytes, from: index)
            guard index < count else { break }
            ranges.append(start..<index)
            if bytes[index] == 0x0D && index + 1 < count && bytes[index + 1] == 0x0A { index += 1 }
            index += 1
            start = index
        }
        if start < count { ranges.append(start..<count) }
        return ranges
    }

    /// The index of the first CR or LF at or after `start`, or `bytes.count`.
    ///
    /// Sixteen bytes a step with SSE2 (`chaff_line_end`, inlined); the SWAR
    /// test of eight bytes a step it replaced took 1.6% of scoring's
    /// instructions, most of them in the byte-by-byte tail of every line.
    public static func lineEnd(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return start }
        return chaff_line_end(base, bytes.count, start)
    }

    /// The lines of `bytes` decoded as UTF-8, invalid sequences replaced by U+FFFD.
    ///
    /// A line longer than `maximumLineBytes` keeps only its first `maximumLineBytes`
    /// bytes (cut at a scalar boundary), so one enormous line cannot make scoring
    /// cost more than a bounded amount of memory per line.
    public func lines(in bytes: [UInt8], maximumLineBytes: Int = TextLimits.maximumLineBytes) -> [String] {
        let lines = UTF8Lines(bytes, maximumLineBytes: maximumLineBytes)
        return (0..<lines.lineCount).map(lines.string(ofLine:))
    }

    /// The lines of `text`, split at LF, CRLF and CR.
    public func lines(in text: String) -> [String] {
        lines(in: Array(text.utf8))
    }
}

/// Limits that keep memory bounded on hostile input.
public enum TextLimits {
    /// The longest line, in UTF-8 bytes, that is read whole; longer lines are cut.
    ///
    /// Injected keyword blocks seen in the wild are a few kilobytes; 1 MiB leaves
    /// room for pathological pages while capping the per-line feature buffers.
    public static let maximumLineBytes = 1 << 20

    /// The length of the longest prefix of `bytes` not over `maximum` bytes that
    /// does not split a UTF-8 sequence.
    public static func utf8PrefixLength(of bytes: UnsafeBufferPointer<UInt8>, maximum: Int) -> Int {
        if bytes.count <= maximum { return bytes.count }
        var end = maximum
        // Step back over continuation bytes (10xxxxxx) to a sequence start.
        var steps = 0
        while end > 0 && steps < 3 && bytes[end] & 0xC0 == 0x80 {
            end -= 1
            steps += 1
        }
        return end
    }

    /// The bytes of a line as they are read: at most ``maximumLineBytes``
    /// of them, cut at a scalar boundary.
    public static func linePrefix(of bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[0..<utf8PrefixLength(of: bytes, maximum: maximumLineBytes)])
    }
}
