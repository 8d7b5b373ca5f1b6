/// Gzip decompression of whole buffers through the system zlib: labeled
/// `.jsonl.gz` files, and compressed pages given to `chaff score`.
public enum Gzip {
    /// Why decompression failed.
    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        /// zlib's message or what was found.
        public let description: String
    }

    /// Whether `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.starts(with: [0x1F, 0x8B])
    }

    /// Decompresses gzip data, including several concatenated members (as
    /// `cat a.gz b.gz` and per-record WARC compression produce); zero bytes
    /// after the last member are padding.
    ///
    /// - Parameter maximumOutput: a bound on the output size, against
    ///   decompression bombs.
    /// - Throws: when the data is not gzip, is damaged or ends early (a
    ///   truncated file), or decompresses to more than `maximumOutput` bytes.
    public static func decompress(_ bytes: [UInt8], maximumOutput: Int = 1 << 32) throws(DecodeError) -> [UInt8] {
        // One byte past the bound tells output that is too long from output that fits.
        let bound = maximumOutput < Int.max ? maximumOutput + 1 : maximumOutput
        let (output, failure) = Inflater.decompress(bytes, format: .gzip, maximumOutput: bound)
        if let failure { throw DecodeError(description: failure) }
        if output.count > maximumOutput { throw DecodeError(description: "output exceeds \(maximumOutput) bytes") }
        return output
    }
}
