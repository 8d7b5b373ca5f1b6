extension PageReport {
    /// The page without its injected blocks: every line not flagged as
    /// injected, in page order, joined by `"\n"` (an empty line inside a block
    /// is kept). This is the page's own text, the text a search engine should
    /// index in place of the hijacked page. A `<title>` flagged for its leading
    /// part is replaced by the rest of it, the site's own name
    /// (``PageReport/Line/siteTitle``).
    ///
    /// ```swift
    /// let document = HTMLDocument(bytes: body, contentType: contentType, siteHost: host)
    /// let report = scorer.score(document: document, source: url)
    /// index(url, text: report.cleanedText(of: document))
    /// ```
    ///
    /// - Parameter lines: the lines this report scored: the `[String]` or
    ///   ``UTF8Lines`` given to the scorer, or the ``HTMLDocument`` it read.
    ///   A line the report has no entry for is kept.
    /// - Returns: the kept lines as scoring read them (a line longer than
    ///   ``TextLimits/maximumLineBytes`` is cut there), invalid UTF-8 as
    ///   U+FFFD; empty when every line was injected.
    /// - Complexity: O(*n*) in the length of the page.
    public func cleanedText<Lines: PageLines>(of lines: Lines) -> String {
        String(decoding: cleanedUTF8(of: lines), as: UTF8.self)
    }

    /// ``cleanedText(of:)`` as bytes: the kept lines' bytes as `lines` holds
    /// them, joined by LF, without a `String` built on the way.
    public func cleanedUTF8<Lines: PageLines>(of lines: Lines) -> [UInt8] {
        var text: [UInt8] = []
        var first = true
        func startLine() {
            if !first { text.append(0x0A) }
            first = false
        }
        for index in 0..<lines.lineCount {
            if index < self.lines.count && self.lines[index].injected {
                // An injected line goes, but a hijacked title's site name stays.
                guard let siteTitle = self.lines[index].siteTitle else { continue }
                startLine()
                text.append(contentsOf: siteTitle.utf8)
            } else {
                startLine()
                lines.withUTF8(ofLine: index) { text.append(contentsOf: $0) }
            }
        }
        return text
    }
}
