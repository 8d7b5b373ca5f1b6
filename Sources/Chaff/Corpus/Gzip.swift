import CZlib

/// Gzip decompression through the system zlib.
public enum Gzip {
    /// Why decompression failed.
    public struct DecodeError: Error, Equatable, CustomStringConvertible {
        /// zlib's message or what was found.
        public let description: String
    }

    /// Whether `bytes` start with the gzip magic number.
    public static func isGzip(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// Decompresses gzip data, including several concatenated members (as
    /// `cat a.gz b.gz` and per-record WARC compression produce).
    ///
    /// - Parameter maximumOutput: a bound on the output size, against
    ///   decompression bombs.
    public static func decompress(_ bytes: [UInt8], maximumOutput: Int = 1 << 32) throws(DecodeError) -> [UInt8] {
        var output: [UInt8] = []
        var stream = z_stream()
        guard inflateInit2_(&stream, 16 + MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DecodeError(description: "zlib initialisation failed")
        }
        defer { inflateEnd(&stream) }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: String?
        bytes.withUnsafeBufferPointer { input in
            var consumed = 0
            while consumed < input.count {
                stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
                stream.avail_in = uInt(min(input.count - consumed, Int(UInt32.max)))
                let before = Int(stream.avail_in)
                var status: Int32 = Z_OK
                repeat {
                    status = chunk.withUnsafeMutableBufferPointer { out -> Int32 in
                        stream.next_out = out.baseAddress
                        stream.avail_out = uInt(out.count)
                        let status = inflate(&stream, Z_NO_FLUSH)
                        output.append(contentsOf: out[0..<(out.count - Int(stream.avail_out))])
                        return status
                    }
                    if output.count > maximumOutput {
                        failure = "output exceeds \(maximumOutput) bytes"
                        return
                    }
                } while status == Z_OK && stream.avail_out == 0
                consumed += before - Int(stream.avail_in)
                switch status {
                case Z_STREAM_END:
                    // Another member may follow; trailing zero padding is tolerated.
                    let rest = input[consumed...]
                    if rest.allSatisfy({ $0 == 0 }) { return }
                    inflateReset(&stream)
                case Z_OK, Z_BUF_ERROR:
                    if stream.avail_in == 0 {
                        failure = "unexpected end of data (truncated file)"
                        return
                    }
                default:
                    failure = stream.msg.map { String(cString: $0) } ?? "inflate error \(status)"
                    return
                }
            }
        }
        if let failure { throw DecodeError(description: failure) }
        return output
    }
}
