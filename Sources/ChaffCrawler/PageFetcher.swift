import Chaff
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Fetches and scores one page; run by many tasks at once.
///
/// Everything here is shared: one `URLSession`, one `PageScorer` (immutable,
/// so concurrent scoring needs no lock), the host throttle, and a pool of
/// line caches, one per task scoring at the moment: a site's pages repeat
/// their menus and footers, which are then featured once.
struct PageFetcher: Sendable {
    let session: URLSession
    let scorer: PageScorer
    let caches: LineCachePool
    let throttle: HostThrottle
    let site: SiteAddress
    let delay: Duration
    let userAgent: String
    /// Whether reports carry the page's text without its injected lines.
    let cleanedText: Bool

    /// Fetches `url`, scores it when it is a page, and collects its links.
    func fetch(_ url: URL, depth: Int) async -> FetchOutcome {
        let (data, response, error) = await get(url)
        guard let response else {
            return FetchOutcome(url: url, depth: depth, finalURL: url, status: nil, reportJSON: nil, blocks: [],
                                links: [], problem: error ?? "no response", notAPage: false, bytes: 0)
        }
        let finalURL = response.url ?? url
        // Like WARCReader's block limit: far above any real page, and bounded.
        let body = [UInt8](data.prefix(16 << 20))
        guard (200..<300).contains(response.statusCode) else {
            return FetchOutcome(url: url, depth: depth, finalURL: finalURL, status: response.statusCode, reportJSON: nil,
                                blocks: [], links: [], problem: "HTTP \(response.statusCode)", notAPage: false,
                                bytes: body.count)
        }
        let contentType = response.value(forHTTPHeaderField: "Content-Type")
        // The crawler's whole use of Chaff: bytes + Content-Type in, report (and cleaned text) out.
        guard let (report, text) = caches.withCache({ cache in
            scorer.score(httpBody: body, contentType: contentType, url: finalURL.absoluteString, cleaning: cleanedText,
                         cache: &cache)
        }) else {
            return FetchOutcome(url: url, depth: depth, finalURL: finalURL, status: response.statusCode, reportJSON: nil,
                                blocks: [], links: [], problem: contentType ?? "no Content-Type", notAPage: true,
                                bytes: body.count)
        }
        var quotedURL = JSONWriter()
        quotedURL.string(finalURL.absoluteString)
        let json = report.json(
            extra: [(key: "url", json: quotedURL.text), (key: "status", json: String(response.statusCode))], cleanedText: text)
        let blocks = report.blocks.map { block in
            let lines = block.firstLine == block.lastLine ? "line \(block.firstLine)" : "lines \(block.firstLine)–\(block.lastLine)"
            let score = "\(lines) (score \(JSONWriter.format(block.score, decimals: 3)))"
            return block.reasons.isEmpty ? score : score + ": " + block.reasons.prefix(6).joined(separator: ", ")
        }
        let links = PayloadKind(contentType: contentType, body: body) == .html ? Self.links(in: body, page: finalURL) : []
        return FetchOutcome(url: url, depth: depth, finalURL: finalURL, status: response.statusCode, reportJSON: json,
                            blocks: blocks, links: links, problem: nil, notAPage: false, bytes: body.count)
    }

    /// A politely timed GET.
    func get(_ url: URL) async -> (Data, HTTPURLResponse?, String?) {
        await throttle.wait(host: site.authority, interval: delay)
        var request = URLRequest(url: url)
        request.setValue(userAgent, forHTTPHeaderField: "User-Agent")
        request.setValue("text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5", forHTTPHeaderField: "Accept")
        do {
            let (data, response) = try await session.data(for: request)
            return (data, response as? HTTPURLResponse, nil)
        } catch {
            return (Data(), nil, (error as NSError).localizedDescription)
        }
    }

    /// The absolute http(s) URLs a page links to, resolved against its
    /// `<base href>` or its own URL.
    static func links(in body: [UInt8], page: URL) -> [URL] {
        let found = LinkExtractor().links(in: body)
        let base = found.base.flatMap { URL(string: $0, relativeTo: page)?.absoluteURL } ?? page
        return found.hrefs.compactMap { href in
            let trimmed = href.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
            let url = URL(string: trimmed, relativeTo: base)
                ?? trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed).flatMap { URL(string: $0, relativeTo: base) }
            guard let absolute = url?.absoluteURL, let scheme = absolute.scheme?.lowercased(),
                  scheme == "http" || scheme == "https" else { return nil }
            return absolute
        }
    }
}
