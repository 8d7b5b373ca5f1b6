extension PageScorer {
    /// Scores an HTTP response body the way a crawler receives it: the entry
    /// point for embedding Chaff in a crawler or an archive pipeline.
    ///
    /// Load the model once, build one scorer, and share it: a scorer is an
    /// immutable `Sendable` value, so every fetch task can call this method on
    /// the same scorer concurrently, without locks.
    ///
    /// ```swift
    /// let scorer = PageScorer(model: try ModelFile.read(modelURL))
    /// // in each fetch task:
    /// let (body, response) = try await session.data(for: request)
    /// let contentType = (response as? HTTPURLResponse)?.value(forHTTPHeaderField: "Content-Type")
    /// if let report = scorer.score(httpBody: Array(body), contentType: contentType, url: url.absoluteString) {
    ///     print(report.json(extra: [("url", quoted(url)), ("status", "200")]))
    /// }
    /// ```
    ///
    /// The body's charset comes from `contentType`, else (for HTML) the page's
    /// `<meta charset>`, else a guess (see ``CharsetDecoder``), so pass the
    /// header whenever you have it. The page's links are judged against the
    /// host of `url` (a hidden list of links to other sites is a strong sign).
    ///
    /// - Parameters:
    ///   - httpBody: the body as received, after transfer and content decoding
    ///     (URLSession and ``WARCRecord/httpResponse(maximumBodyBytes:)`` both
    ///     do that).
    ///   - contentType: the `Content-Type` header, if any.
    ///   - url: the page's URL; it becomes the report's `source`.
    /// - Returns: the report, or nil when the body is not a page (see
    ///   ``PayloadKind/init(contentType:body:)``).
    /// - Complexity: O(*n*) in the body's length.
    public func score(httpBody: [UInt8], contentType: String?, url: String) -> PageReport? {
        score(httpBody: httpBody, contentType: contentType, url: url, cleaning: false)?.report
    }

    /// ``score(httpBody:contentType:url:)`` through a cache of lines seen
    /// before: keep one ``LineCache`` per fetch task, so that the menus and
    /// footers a site repeats on every page are featured once.
    public func score(httpBody: [UInt8], contentType: String?, url: String, cache: inout LineCache) -> PageReport? {
        score(httpBody: httpBody, contentType: contentType, url: url, cleaning: false, cache: &cache)?.report
    }

    /// Scores an HTTP response body, as ``score(httpBody:contentType:url:)``
    /// does, and also returns the page's text without its injected blocks
    /// (``PageReport/cleanedText(of:)``): the lines of the HTML document's
    /// title, meta text and body, or of the text page, that are not injected.
    ///
    /// - Returns: nil when the body is not a page (see ``PayloadKind/init(contentType:body:)``).
    public func scoreAndClean(httpBody: [UInt8], contentType: String?, url: String)
        -> (report: PageReport, cleanedText: String)? {
        score(httpBody: httpBody, contentType: contentType, url: url, cleaning: true).map { ($0.report, $0.cleanedText ?? "") }
    }

    /// ``scoreAndClean(httpBody:contentType:url:)`` through a cache of lines
    /// seen before (``LineCache``).
    public func scoreAndClean(httpBody: [UInt8], contentType: String?, url: String, cache: inout LineCache)
        -> (report: PageReport, cleanedText: String)? {
        score(httpBody: httpBody, contentType: contentType, url: url, cleaning: true, cache: &cache)
            .map { ($0.report, $0.cleanedText ?? "") }
    }

    /// ``score(httpBody:contentType:url:)``, with the page's cleaned text too
    /// when `cleaning` is set: for callers that decide at run time.
    package func score(httpBody: [UInt8], contentType: String?, url: String, cleaning: Bool)
        -> (report: PageReport, cleanedText: String?)? {
        var noCache = NoPageCache()
        return score(httpBody: httpBody, contentType: contentType, url: url, cleaning: cleaning, cache: &noCache)
    }

    /// ``score(httpBody:contentType:url:cleaning:)`` through `cache`.
    package func score(httpBody: [UInt8], contentType: String?, url: String, cleaning: Bool, cache: inout some PageCaching)
        -> (report: PageReport, cleanedText: String?)? {
        guard let kind = PayloadKind(contentType: contentType, body: httpBody) else { return nil }
        switch kind {
        case .html:
            let document = HTMLDocument(bytes: httpBody, contentType: contentType, siteHost: PageScorer.host(of: url))
            let report = located(cache.score(document, markup: document.markup, source: url, by: self), in: document)
            return (report, cleaning ? report.cleanedText(of: document) : nil)
        case .text:
            let lines = TextDocument(bytes: httpBody, contentType: contentType).lines
            let report = cache.score(lines, markup: nil, source: url, by: self)
            return (report, cleaning ? report.cleanedText(of: lines) : nil)
        }
    }

    /// The lowercased host of an absolute URL (`https://user@Example.org:8080/a`
    /// → `example.org`), or nil when it has none.
    static func host(of url: String) -> String? {
        let bytes = Array(url.utf8)
        guard let colon = bytes.firstIndex(of: 0x3A), bytes.count > colon + 2,
              bytes[colon + 1] == 0x2F, bytes[colon + 2] == 0x2F else { return nil }
        var start = colon + 3
        var end = start
        while end < bytes.count && bytes[end] != 0x2F && bytes[end] != 0x3F && bytes[end] != 0x23 { end += 1 }
        if let at = bytes[start..<end].lastIndex(of: 0x40) { start = at + 1 }
        var hostEnd = end
        if start < end && bytes[start] == 0x5B {
            // An IPv6 literal: [::1]:8080.
            if let bracket = bytes[start..<end].firstIndex(of: 0x5D) { hostEnd = bracket + 1 }
        } else if let portColon = bytes[start..<end].firstIndex(of: 0x3A) {
            hostEnd = portColon
        }
        guard hostEnd > start else { return nil }
        return String(decoding: bytes[start..<hostEnd].map(ASCII.lowercase), as: UTF8.self)
    }
}
