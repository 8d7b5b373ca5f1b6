/// A web page as raw bytes turned into what Chaff scores: decoded text, its
/// lines as a search engine sees them, and each line's markup.
public struct HTMLDocument: Sendable {
    /// The lines, in order: title, meta keywords, meta description, then body.
    public let lines: [HTMLLine]
    /// How the bytes were decoded (charset and how it was found; the text itself
    /// is not kept).
    public let charset: String
    /// How the charset was found.
    public let charsetSource: DecodedText.Source
    /// Bytes that could not be decoded and became U+FFFD.
    public let replacements: Int
    /// The markup facts of each line.
    public let markup: [LineMarkup]

    /// Decodes and reads a page.
    ///
    /// - Parameters:
    ///   - bytes: the response body as received.
    ///   - contentType: the HTTP `Content-Type` header, when known; its charset
    ///     wins over the page's own `<meta charset>`.
    ///   - siteHost: the page's host, to tell links to other sites from the
    ///     site's own; when nil, the host the page links most stands in.
    public init(bytes: [UInt8], contentType: String? = nil, siteHost: String? = nil) {
        // A page that is valid UTF-8 (most are) is read in place, without a
        // `String` of the whole page.
        let read = bytes.withUnsafeBytes { raw in
            let decoding = CharsetDecoder().decoding(of: raw, contentType: contentType)
            return decoding.withUTF8 { utf8, replacements in
                (lines: HTMLReader().lines(inUTF8: utf8), charset: decoding.charset, source: decoding.source,
                 replacements: replacements)
            }
        }
        self.init(
            lines: read.lines, charset: read.charset, charsetSource: read.source, replacements: read.replacements,
            siteHost: siteHost)
    }

    /// Reads already decoded HTML text.
    public init(html: String, siteHost: String? = nil) {
        self.init(
            lines: HTMLReader().lines(in: html), charset: Charset.utf8.name, charsetSource: .utf8Valid,
            replacements: 0, siteHost: siteHost)
    }

    private init(lines: [HTMLLine], charset: String, charsetSource: DecodedText.Source, replacements: Int, siteHost: String?) {
        self.lines = lines
        self.charset = charset
        self.charsetSource = charsetSource
        self.replacements = replacements
        markup = LineMarkup.of(lines, siteHost: siteHost)
    }

    /// The line texts.
    public var texts: [String] { lines.map(\.text) }
}

extension HTMLDocument: PageLines {
    /// The number of lines.
    public var lineCount: Int { lines.count }

    /// Calls `body` with the UTF-8 bytes of line `index` where the reader
    /// left them (no `String` is made), cut to the line limit.
    public func withUTF8<Result>(ofLine index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        lines[index].storedText.withUTF8 { body(TextLimits.linePrefix(of: $0)) }
    }
}
