import Glibc

/// One glibc iconv conversion descriptor that converts a legacy encoding to UTF-8.
///
/// An `iconv_t` carries shift state and must not be used from two threads at
/// once, so the converter is non-copyable and lives for one decode call; the
/// descriptor is closed when the value goes out of scope.
struct IconvConverter: ~Copyable {
    private let handle: iconv_t

    /// The UTF-8 bytes of U+FFFD REPLACEMENT CHARACTER.
    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Opens a converter from `charset` to UTF-8, or returns nil when glibc
    /// does not know the encoding.
    init?(from charset: String) {
        let opened = iconv_open("UTF-8", charset)
        guard let opened, opened != iconv_t(bitPattern: -1) else { return nil }
        handle = opened
    }

    deinit {
        iconv_close(handle)
    }

    /// Converts `input` to UTF-8, appending to `output`.
    ///
    /// An invalid byte sequence becomes one U+FFFD and the converter skips a
    /// single byte, so that an ASCII byte after a bad lead byte survives (as in
    /// the WHATWG decoders); a truncated sequence at the end of the input becomes
    /// one U+FFFD. Every step consumes at least one byte, so the loop ends.
    ///
    /// - Returns: the number of U+FFFD characters emitted for invalid input.
    /// - Complexity: O(n) in the input length.
    mutating func convert(_ input: UnsafeRawBufferPointer, appendingTo output: inout [UInt8]) -> Int {
        guard let base = input.baseAddress, input.count > 0 else { return 0 }
        // Reset the shift state before a fresh input.
        iconv(handle, nil, nil, nil, nil)
        var replacements = 0
        let chunkSize = 64 * 1024
        let chunk = UnsafeMutablePointer<CChar>.allocate(capacity: chunkSize)
        defer { chunk.deallocate() }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(
            mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        output.reserveCapacity(output.count + input.count + input.count / 2)

        func drain(_ produced: Int) {
            guard produced > 0 else { return }
            chunk.withMemoryRebound(to: UInt8.self, capacity: produced) { bytes in
                output.append(contentsOf: UnsafeBufferPointer(start: bytes, count: produced))
            }
        }

        while inLeft > 0 {
            var outPointer: UnsafeMutablePointer<CChar>? = chunk
            var outLeft = chunkSize
            let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
            let failure = errno
            drain(chunkSize - outLeft)
            if result != -1 { continue }
            switch failure {
            case E2BIG:
                continue
            case EINVAL:
                // Incomplete multi-byte sequence at the very end of the input.
                output.append(contentsOf: IconvConverter.replacement)
                replacements += 1
                inLeft = 0
            default:
                // EILSEQ (or anything unexpected): skip one byte and go on.
                output.append(contentsOf: IconvConverter.replacement)
                replacements += 1
                inPointer = inPointer.map { $0 + 1 }
                inLeft -= 1
                iconv(handle, nil, nil, nil, nil)
            }
        }
        // Flush any pending shift-state output (stateful encodings such as BIG5-HKSCS).
        var outPointer: UnsafeMutablePointer<CChar>? = chunk
        var outLeft = chunkSize
        iconv(handle, nil, nil, &outPointer, &outLeft)
        drain(chunkSize - outLeft)
        return replacements
    }
}
