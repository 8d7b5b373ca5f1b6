/// A plain-text page as raw bytes turned into what Chaff scores: its lines as
/// UTF-8, decoded from the charset the bytes were written in.
///
/// The charset comes from the first of these that applies (the steps of
/// ``CharsetDecoder``, without its `<meta>` step, which text does not have):
/// a byte order mark (UTF-8, UTF-16LE, UTF-16BE); the charset of the caller's
/// `contentType`; UTF-8 when the bytes are valid UTF-8, or nearly (a few
/// broken sequences among many good ones); else the most plausible of the
/// legacy charsets common on hijacked sites (GB18030, Big5, Shift_JIS,
/// EUC-JP, EUC-KR, windows-1251, windows-1252), decoded with iconv.
///
/// Valid UTF-8, which nearly every page is, is split where it lies, without a
/// copy; invalid bytes left in UTF-8 text become U+FFFD when the lines are
/// read, one per byte, as ``PageScorer/score(utf8:source:)`` does.
public struct TextDocument: Sendable {
    /// The lines, as UTF-8.
    public let lines: UTF8Lines
    /// The canonical name of the charset the bytes were read in (see ``Charset/name``).
    public let charset: String
    /// How the charset was found.
    public let charsetSource: DecodedText.Source
    /// Ill-formed sequences that became U+FFFD.
    public let replacements: Int

    /// Decodes a plain-text page and splits it into lines.
    ///
    /// - Parameters:
    ///   - bytes: the page as stored or received.
    ///   - contentType: an HTTP `Content-Type` header (`text/plain; charset=gbk`)
    ///     or a bare charset label (`gbk`), when known; a declared legacy
    ///     charset gives way to UTF-8 when the bytes are valid UTF-8 with
    ///     non-ASCII text in them.
    ///   - maximumLineBytes: longer lines are cut, at a scalar boundary, to this many UTF-8 bytes.
    /// - Complexity: O(*n*): one scan for UTF-8 validity, then decoding if the page is not UTF-8.
    public init(bytes: [UInt8], contentType: String? = nil, maximumLineBytes: Int = TextLimits.maximumLineBytes) {
        let (decoded, charset, source, replacements) = bytes.withUnsafeBytes { raw in
            let decoding = CharsetDecoder().decoding(of: raw, contentType: contentType, readsMeta: false)
            if case .utf8(let invalid) = decoding.method, decoding.bytes.count == raw.count {
                // The bytes as they are: nil asks for `bytes` itself, uncopied.
                return (nil as [UInt8]?, decoding.charset, decoding.source, invalid)
            }
            return decoding.withUTF8 { utf8, replacements in
                (Array(utf8), decoding.charset, decoding.source, replacements)
            }
        }
        lines = UTF8Lines(decoded ?? bytes, maximumLineBytes: maximumLineBytes)
        self.charset = charset
        charsetSource = source
        self.replacements = replacements
    }

    /// The offset of the first NUL byte among the first `limit` bytes, in
    /// bytes that do not start with a UTF-16 byte order mark: the sign of
    /// binary data (images, archives, executables) that `git` and `grep` use.
    /// Text in any charset Chaff reads has no NUL byte, save UTF-16, whose
    /// byte order mark comes first.
    public static func binaryOffset(in bytes: [UInt8], limit: Int = 8192) -> Int? {
        Charset.utf16ByteOrder(of: bytes) != nil ? nil : bytes.prefix(limit).firstIndex(of: 0)
    }
}
