extension CharsetDecoder {
    /// How one page's bytes are to be decoded, chosen by
    /// ``CharsetDecoder/decoding(of:contentType:)`` before any text is built.
    ///
    /// Decoding is split from choosing so that a reader that wants UTF-8 bytes
    /// (``HTMLDocument``) can read a page that already is valid UTF-8 in place,
    /// while ``CharsetDecoder/decode(_:contentType:)-(UnsafeRawBufferPointer,_)``
    /// builds a `String` from the same choice. Borrows the bytes it was made
    /// from: use it only while they are alive.
    struct Decoding {
        /// How the bytes become UTF-8.
        enum Method {
            /// The bytes are UTF-8, with `invalid` ill-formed subsequences that
            /// become U+FFFD.
            case utf8(invalid: Int)
            /// UTF-16 in the given byte order.
            case utf16(bigEndian: Bool)
            /// A legacy charset, converted by iconv.
            case legacy(Charset)
        }

        /// The bytes to decode (without a byte order mark).
        let bytes: UnsafeRawBufferPointer
        /// How they become UTF-8.
        let method: Method
        /// The canonical name of the charset (see ``Charset/name``).
        let charset: String
        /// Where the charset came from.
        let source: DecodedText.Source

        /// A decoding of bytes known to be UTF-8 with `invalid` ill-formed subsequences.
        init(utf8 bytes: UnsafeRawBufferPointer, source: DecodedText.Source, invalid: Int) {
            self.bytes = bytes
            method = .utf8(invalid: invalid)
            charset = Charset.utf8.name
            self.source = source
        }

        /// A decoding of `bytes` as `charset`; for UTF-8 this counts the invalid sequences.
        init(_ bytes: UnsafeRawBufferPointer, as charset: Charset, source: DecodedText.Source) {
            self.bytes = bytes
            self.source = source
            self.charset = charset.name
            switch charset {
            case .utf8: method = .utf8(invalid: UTF8Statistics(bytes).invalid)
            case .utf16LE: method = .utf16(bigEndian: false)
            case .utf16BE: method = .utf16(bigEndian: true)
            default: method = .legacy(charset)
            }
        }

        /// The decoded text as a `String`.
        func text() -> DecodedText {
            switch method {
            case .utf8(let invalid):
                return decodedText(String(decoding: bytes, as: UTF8.self), replacements: invalid)
            case .utf16(let bigEndian):
                let (text, replacements) = Decoding.decodeUTF16(bytes, bigEndian: bigEndian)
                return decodedText(text, replacements: replacements)
            case .legacy(let charset):
                let (output, replacements) = Decoding.convert(bytes, from: charset)
                return decodedText(String(decoding: output, as: UTF8.self), replacements: replacements)
            }
        }

        /// Calls `body` with the decoded text as valid UTF-8 bytes (the same bytes
        /// as ``text()``'s `String`) and the number of replacements made.
        ///
        /// Valid UTF-8 input is passed on in place, and iconv's output without
        /// building a `String`; only broken UTF-8 and UTF-16 go through one.
        func withUTF8<Result>(_ body: (UnsafeBufferPointer<UInt8>, _ replacements: Int) -> Result) -> Result {
            switch method {
            case .utf8(let invalid) where invalid == 0:
                return body(bytes.assumingMemoryBound(to: UInt8.self), 0)
            case .legacy(let charset):
                let (output, replacements) = Decoding.convert(bytes, from: charset)
                return output.withUnsafeBytes { raw in
                    // iconv writes well-formed UTF-8; check anyway, as the contract is glibc's.
                    if UTF8Statistics(raw).invalid == 0 {
                        return body(raw.assumingMemoryBound(to: UInt8.self), replacements)
                    }
                    var text = String(decoding: raw, as: UTF8.self)
                    return text.withUTF8 { body($0, replacements) }
                }
            case .utf8, .utf16:
                var decoded = text()
                return decoded.text.withUTF8 { body($0, decoded.replacements) }
            }
        }

        private func decodedText(_ text: String, replacements: Int) -> DecodedText {
            DecodedText(text: text, charset: charset, source: source, replacements: replacements)
        }

        /// `bytes` converted from `charset` to UTF-8 by iconv, and the number of
        /// replacements; when iconv cannot open the charset, ASCII is kept and
        /// every other byte replaced.
        private static func convert(_ bytes: UnsafeRawBufferPointer, from charset: Charset) -> (output: [UInt8], replacements: Int) {
            var output: [UInt8] = []
            if var converter = IconvConverter(from: charset.iconvName) {
                let replacements = converter.convert(bytes, appendingTo: &output)
                return (output, replacements)
            }
            var replacements = 0
            output.reserveCapacity(bytes.count)
            for byte in bytes {
                if byte < 0x80 {
                    output.append(byte)
                } else {
                    output.append(contentsOf: IconvConverter.replacement)
                    replacements += 1
                }
            }
            return (output, replacements)
        }

        private static func decodeUTF16(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool) -> (text: String, replacements: Int) {
            let unitCount = bytes.count / 2
            var units = [UInt16]()
            units.reserveCapacity(unitCount)
            for index in 0..<unitCount {
                let first = UInt16(bytes[2 * index])
                let second = UInt16(bytes[2 * index + 1])
                units.append(bigEndian ? (first << 8 | second) : (second << 8 | first))
            }
            var scalars = String.UnicodeScalarView()
            var replacements = 0
            var iterator = units.makeIterator()
            var codec = UTF16()
            decoding: while true {
                switch codec.decode(&iterator) {
                case .scalarValue(let scalar):
                    scalars.append(scalar)
                case .error:
                    scalars.append("\u{FFFD}")
                    replacements += 1
                case .emptyInput:
                    break decoding
                }
            }
            if bytes.count % 2 == 1 {
                // A dangling odd byte at the end.
                scalars.append("\u{FFFD}")
                replacements += 1
            }
            return (String(scalars), replacements)
        }
    }
}
