import Chaff

/// Pages from WARC records waiting to be scored together on several threads.
///
/// A batch holds at most 256 pages or 64 MiB of bodies, so memory stays
/// bounded however large the WARC file is.
struct ArchiveBatch {
    /// A response to score.
    struct Page: Sendable {
        let url: String
        let response: HTTPResponse
    }

    private var pages: [Page] = []
    private var bytes = 0
    /// The threads' caches of lines scored before, kept from batch to batch:
    /// the pages of one site, crawled together, share their menus and footers.
    private let caches: LineCachePool

    /// Creates an empty batch whose threads keep up to `cacheBytes` of lines each.
    init(cacheBytes: Int = PageScorer.LineCache.defaultByteLimit) {
        caches = LineCachePool(byteLimit: cacheBytes)
    }

    /// Whether the batch should be scored before more pages are added.
    var isFull: Bool { pages.count >= 256 || bytes >= 64 << 20 }

    mutating func append(_ page: Page) {
        pages.append(page)
        bytes += page.response.body.count
    }

    /// Scores the pages on up to `jobs` threads, writes their reports in
    /// order (with `cleanedText`, each with the page's text without its
    /// injected lines), and empties the batch.
    mutating func score(with scorer: PageScorer, jobs: Int, cleanedText: Bool, summary: inout WARCSummary, console: Console) {
        guard !pages.isEmpty else { return }
        let pages = self.pages
        OrderedScoring.stream(count: pages.count, jobs: jobs, window: 8 * jobs, caches: caches) { index, cache -> (json: String, injected: Bool)? in
            let page = pages[index]
            guard let (report, text) = scorer.score(
                httpBody: page.response.body, contentType: page.response.contentType, url: page.url, cleaning: cleanedText,
                cache: &cache)
            else { return nil }
            var url = JSONWriter()
            url.string(page.url)
            let json = report.json(
                extra: [(key: "url", json: url.text), (key: "status", json: String(page.response.status))], cleanedText: text)
            return (json, report.verdict == .injected)
        } deliver: { _, result in
            guard let result else { return }
            summary.scored += 1
            if result.injected { summary.injected += 1 }
            console.line(result.json)
        }
        self.pages.removeAll(keepingCapacity: true)
        bytes = 0
    }
}
