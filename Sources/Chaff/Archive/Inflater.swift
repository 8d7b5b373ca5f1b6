import CZlib

/// A zlib inflate stream on the heap (zlib keeps a pointer back to its
/// `z_stream`, so the struct must not move while in use).
///
/// Owned by one reader at a time; not `Sendable`.
final class Inflater {
    /// zlib's window bits for gzip only (31), gzip or zlib by header (47), and
    /// raw deflate (-15).
    enum Format: Int32 {
        case gzip = 31
        case gzipOrZlib = 47
        case raw = -15
    }

    /// One `inflate` step's result.
    struct Step {
        var consumed: Int
        var produced: Int
        var status: Int32
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let initialised: Bool

    init(format: Format) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        initialised = inflateInit2_(stream, format.rawValue, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if initialised { inflateEnd(stream) }
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Whether zlib accepted the stream (it fails only when out of memory).
    var isReady: Bool { initialised }

    /// Starts a new member: after `Z_STREAM_END`, the next gzip member.
    func reset() { inflateReset(stream) }

    /// zlib's message for the last error, or a generic one.
    func message(for status: Int32) -> String {
        if let text = stream.pointee.msg { return String(cString: text) }
        return status == Z_BUF_ERROR ? "unexpected end of compressed data" : "inflate error \(status)"
    }

    /// Inflates from `input` into `output` as far as either allows (and at
    /// most 4 GiB of each, zlib's limit per call).
    func step(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) -> Step {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = uInt(min(input.count, Int(uInt.max)))
        stream.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(min(output.count, Int(uInt.max)))
        let status = inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        return Step(consumed: consumed, produced: produced, status: status)
    }

    /// Decompresses a whole buffer (several gzip members in a row included),
    /// keeping what was decoded before any error.
    ///
    /// - Returns: the output, cut at `maximumOutput`, and the reason decoding
    ///   stopped early (nil when the data ended cleanly).
    static func decompress(_ bytes: [UInt8], format: Format, maximumOutput: Int) -> (output: [UInt8], failure: String?) {
        let inflater = Inflater(format: format)
        guard inflater.isReady else { return ([], "zlib initialisation failed") }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        var failure: String?
        bytes.withUnsafeBytes { input in
            var position = 0
            while output.count < maximumOutput {
                let step = chunk.withUnsafeMutableBytes {
                    inflater.step(input: UnsafeRawBufferPointer(rebasing: input[position...]), output: $0)
                }
                position += step.consumed
                output.append(contentsOf: chunk[0..<min(step.produced, maximumOutput - output.count)])
                switch step.status {
                case Z_STREAM_END:
                    if input[position...].allSatisfy({ $0 == 0 }) { return }
                    inflater.reset()
                case Z_OK:
                    continue
                case Z_BUF_ERROR where position == input.count:
                    failure = "compressed data ends early"
                    return
                default:
                    failure = inflater.message(for: step.status)
                    return
                }
            }
        }
        return (output, failure)
    }
}
