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
        let decoded = CharsetDecoder().decode(bytes, contentType: contentType)
        self.init(decoded: decoded, siteHost: siteHost)
    }

    /// Reads already decoded HTML text.
    public init(html: String, siteHost: String? = nil) {
        self.init(decoded: DecodedText(text: html, charset: "UTF-8", source: .utf8Valid, replacements: 0), siteHost: siteHost)
    }

    private init(decoded: DecodedText, siteHost: String?) {
        lines = HTMLReader().lines(in: decoded.text)
        charset = decoded.charset
        charsetSource = decoded.source
        replacements = decoded.replacements
        markup = LineMarkup.of(lines, siteHost: siteHost)
    }

    /// The line texts.
    public var texts: [String] { lines.map(\.text) }
}
