import Glibc

/// Decodes the raw bytes of a web page to a `String`, choosing the charset the
/// way a careful crawler does.
///
/// The charset is taken from the first of these that applies:
/// 1. a byte order mark (UTF-8, UTF-16LE, UTF-16BE);
/// 2. the `charset` parameter of the HTTP Content-Type header passed by the caller;
/// 3. a `<meta charset>` or `<meta http-equiv="Content-Type" content="...charset=...">`
///    in the first ``metaScanLimit`` bytes (a case-insensitive byte scan, not a parse);
/// 4. UTF-8, when the bytes are valid UTF-8;
/// 5. a guess among ``Charset/guessCandidates`` by a plausibility score
///    (see ``guessCharset(_:)``), with windows-1252 as the last resort.
///
/// A declared legacy charset (steps 2 and 3) is overruled when the bytes are
/// valid UTF-8 and contain at least one multi-byte sequence: sites migrated to a
/// UTF-8 CMS often keep a stale `gb2312` meta tag, while legacy text that happens
/// to be valid UTF-8 throughout is vanishingly rare. The result then reports
/// ``DecodedText/Source/utf8Valid``.
///
/// Decoding never fails and never traps: invalid sequences become U+FFFD, and
/// ``DecodedText/replacements`` says how many were inserted. Legacy charsets are
/// decoded with glibc's iconv; each call opens its own descriptor, so one
/// `CharsetDecoder` can be shared by any number of threads.
public struct CharsetDecoder: Sendable {
    /// How many leading bytes are scanned for a `<meta>` charset declaration.
    /// The HTML standard's prescan looks at 1024 bytes; real pages often put a
    /// long `<head>` first, so the default is 4096.
    public var metaScanLimit: Int = 4096

    /// The most non-ASCII-rich bytes sampled for a charset guess. Long ASCII runs
    /// (markup) are squeezed out of the sample first, so 64 KiB of sample holds
    /// far more text than the first 64 KiB of the page.
    public var guessSampleLimit: Int = 64 * 1024

    /// Creates a decoder with the default limits.
    public init() {}

    /// Decodes `bytes`, using `contentType` (an HTTP Content-Type header value
    /// such as `"text/html; charset=GBK"`, or a bare label such as `"gbk"`) when
    /// it names a known charset.
    ///
    /// - Complexity: O(n); a guess (step 5) decodes a bounded sample once per
    ///   candidate before decoding the whole input once more.
    public func decode(_ bytes: [UInt8], contentType: String? = nil) -> DecodedText {
        bytes.withUnsafeBytes { decode($0, contentType: contentType) }
    }

    /// Decodes the bytes of `span`; see ``decode(_:contentType:)-([UInt8],_)``.
    public func decode(_ span: Span<UInt8>, contentType: String? = nil) -> DecodedText {
        span.withUnsafeBytes { decode($0, contentType: contentType) }
    }

    /// Decodes raw memory; see ``decode(_:contentType:)-([UInt8],_)``. The buffer
    /// is only read during the call.
    public func decode(_ bytes: UnsafeRawBufferPointer, contentType: String? = nil) -> DecodedText {
        decoding(of: bytes, contentType: contentType).text()
    }

    /// Decodes `bytes` as `charset`, with no detection; the result reports
    /// `source` (``DecodedText/Source/contentType`` unless told otherwise).
    public func decode(
        _ bytes: UnsafeRawBufferPointer, as charset: Charset,
        source: DecodedText.Source = .contentType
    ) -> DecodedText {
        Decoding(bytes, as: charset, source: source).text()
    }

    /// Chooses how to decode `bytes` (the steps listed on the type), without
    /// decoding them yet.
    ///
    /// - Parameter readsMeta: whether step 3 looks for a `<meta>` declaration;
    ///   plain text (``TextDocument``) has none to look for.
    /// - Complexity: O(n) for one validity scan; a guess (step 5) also decodes a
    ///   bounded sample once per candidate.
    func decoding(of bytes: UnsafeRawBufferPointer, contentType: String?, readsMeta: Bool = true) -> Decoding {
        // 1. Byte order mark.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            return Decoding(UnsafeRawBufferPointer(rebasing: bytes[3...]), as: .utf8, source: .bom)
        }
        if let utf16 = Charset.utf16ByteOrder(of: bytes) {
            return Decoding(UnsafeRawBufferPointer(rebasing: bytes[2...]), as: utf16, source: .bom)
        }

        // Validity is needed by steps 2-4; one linear scan.
        let stats = UTF8Statistics(bytes)

        // 2. The caller's Content-Type header.
        if let header = contentType, let label = CharsetDecoder.charsetLabel(inContentType: header),
           let charset = Charset(label: label) {
            return declaredDecoding(bytes, charset: charset, stats: stats, source: .contentType)
        }

        // 3. <meta> in the first bytes.
        let prefix = UnsafeRawBufferPointer(rebasing: bytes[..<min(bytes.count, metaScanLimit)])
        if readsMeta, let label = CharsetDecoder.metaCharsetLabel(in: prefix), var charset = Charset(label: label) {
            // A meta tag cannot really declare UTF-16 (the tag itself would not be
            // readable as ASCII); the HTML standard treats it as UTF-8.
            if charset == .utf16LE || charset == .utf16BE { charset = .utf8 }
            return declaredDecoding(bytes, charset: charset, stats: stats, source: .metaTag)
        }

        // 4. Valid UTF-8 (pure ASCII included).
        if stats.invalid == 0 {
            return Decoding(utf8: bytes, source: .utf8Valid, invalid: 0)
        }

        // 5. Guess. UTF-8 with a few broken sequences (a truncated page, one bad
        // byte pasted into a template) is far more common than a legacy page
        // whose bytes are mostly valid UTF-8: legacy CJK text forms a valid
        // UTF-8 sequence for well under a quarter of its characters.
        if stats.multiByte >= 4 * stats.invalid {
            return Decoding(utf8: bytes, source: .guessed, invalid: stats.invalid)
        }
        let (charset, plausible) = guessCharset(bytes)
        return Decoding(bytes, as: charset, source: plausible ? .guessed : .fallback)
    }

    // MARK: - Private

    private func declaredDecoding(
        _ bytes: UnsafeRawBufferPointer, charset: Charset, stats: UTF8Statistics,
        source: DecodedText.Source
    ) -> Decoding {
        let isUnicode = charset == .utf8 || charset == .utf16LE || charset == .utf16BE
        if !isUnicode, stats.invalid == 0, stats.multiByte > 0 {
            return Decoding(utf8: bytes, source: .utf8Valid, invalid: 0)
        }
        if charset == .utf8 {
            return Decoding(utf8: bytes, source: source, invalid: stats.invalid)
        }
        return Decoding(bytes, as: charset, source: source)
    }
}
