import Glibc

/// Test helper: encodes a Swift string into a legacy charset with glibc iconv,
/// so that tests can hold readable text and still feed real legacy bytes.
public enum LegacyEncoding {
    /// `text` in `charset` (an iconv name: "GB18030", "BIG5", "UTF-16LE").
    public static func encode(_ text: String, as charset: String) -> [UInt8] {
        let handle = iconv_open(charset, "UTF-8")
        precondition(handle != iconv_t(bitPattern: -1), "iconv cannot encode \(charset)")
        defer { iconv_close(handle) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
        let produced = input.withUnsafeMutableBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var inLeft = inBuffer.count
                var outPointer: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuffer.baseAddress!)
                    .assumingMemoryBound(to: CChar.self)
                var outLeft = outBuffer.count
                let result = iconv(handle, &inPointer, &inLeft, &outPointer, &outLeft)
                precondition(result != -1, "text not encodable as \(charset)")
                return outBuffer.count - outLeft
            }
        }
        return Array(output[..<produced])
    }
}
