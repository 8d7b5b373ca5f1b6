extension String {
    /// Bytes from a file as an error message can show them: valid UTF-8 text
    /// as it is, and control characters, backslashes and invalid bytes as
    /// `\xNN`, so that a message stays on one line, readable, whatever the
    /// file holds (a WARC record's first line, a model section's tag).
    init(quoting bytes: some Collection<UInt8>) {
        let bytes = Array(bytes)
        var shown = ""
        bytes.withUnsafeBufferPointer { buffer in
            var index = 0
            while index < buffer.count {
                let (value, length) = TextNormalizer.decodeScalar(buffer, at: index)
                let valid = value != 0xFFFD || length == 3  // U+FFFD itself is 3 bytes
                if valid, value >= 0x20, value != 0x5C, !(0x7F...0x9F).contains(value), let scalar = Unicode.Scalar(value) {
                    shown.unicodeScalars.append(scalar)
                } else {
                    for byte in buffer[index..<(index + length)] {
                        shown += "\\x" + String(byte, radix: 16, uppercase: false).leftPadded(to: 2)
                    }
                }
                index += length
            }
        }
        self = shown
    }

    /// The string with zeros before it up to `width` characters.
    private func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
