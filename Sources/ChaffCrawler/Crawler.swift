import Chaff
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A breadth-first crawl of one site.
///
/// The task that calls ``run(sink:)`` owns the frontier and the output; up to
/// `concurrency` child tasks of a task group fetch and score pages in
/// parallel, all with the same `PageScorer`, and hand back their report and
/// links. Nothing mutable is shared but the politeness schedule and the pool
/// of line caches, which a task holds only while it scores.
struct Crawler {
    let options: CrawlOptions
    let scorer: PageScorer

    /// Crawls and writes one report line per page to `sink`.
    ///
    /// - Returns: the summary, and whether the start page was fetched.
    func run(sink: ReportSink) async -> (CrawlSummary, Bool) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = options.timeout
        configuration.httpMaximumConnectionsPerHost = options.concurrency
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: configuration)
        defer { session.finishTasksAndInvalidate() }
        let site = SiteAddress(options.startURL)
        let started = ContinuousClock.now
        var summary = CrawlSummary()

        // robots.txt first, through the same throttle as the pages.
        var fetcher = PageFetcher(session: session, scorer: scorer, caches: LineCachePool(), throttle: HostThrottle(), site: site,
                                  delay: .milliseconds(Int64(options.delay * 1000)), userAgent: options.userAgent, cleanedText: options.cleanedText)
        let robots = await loadRobots(fetcher: fetcher, site: site, summary: &summary)
        if let crawlDelay = robots.crawlDelay, crawlDelay > options.delay {
            fetcher = PageFetcher(session: session, scorer: scorer, caches: fetcher.caches, throttle: fetcher.throttle, site: site,
                                  delay: .milliseconds(Int64(Swift.min(crawlDelay, 60) * 1000)), userAgent: options.userAgent, cleanedText: options.cleanedText)
        }

        let pageFetcher = fetcher
        var frontier = Frontier(site: site, maxPages: options.maxPages, maxDepth: options.maxDepth, robots: robots)
        frontier.offer(options.startURL, depth: 0)
        var startFetched = false
        let startKey = SiteAddress.normalized(options.startURL)
        await withTaskGroup(of: FetchOutcome.self) { group in
            var inFlight = 0
            while true {
                while inFlight < options.concurrency, let next = frontier.next() {
                    group.addTask { await pageFetcher.fetch(next.url, depth: next.depth) }
                    inFlight += 1
                }
                guard let outcome = await group.next() else { break }
                inFlight -= 1
                summary.add(outcome)
                if outcome.url == startKey && outcome.status.map({ (200..<300).contains($0) }) == true { startFetched = true }
                if let json = outcome.reportJSON { sink.write(json) }
                frontier.markSeen(outcome.finalURL)
                for link in outcome.links { frontier.offer(link, depth: outcome.depth + 1) }
            }
        }
        summary.disallowed = frontier.disallowed
        summary.overLimit = frontier.overLimit
        summary.seconds = Double((ContinuousClock.now - started) / .milliseconds(1)) / 1000
        return (summary, startFetched)
    }

    /// Fetches and parses robots.txt: 2xx → its rules, 4xx → no rules,
    /// 5xx or unreachable → nothing allowed (RFC 9309, section 2.3.1).
    private func loadRobots(fetcher: PageFetcher, site: SiteAddress, summary: inout CrawlSummary) async -> RobotsRules {
        let (data, response, error) = await fetcher.get(site.robotsURL)
        guard let response else {
            summary.robots = "unreachable (\(error ?? "no response")), so nothing is fetched"
            return .disallowAll
        }
        switch response.statusCode {
        case 200..<300:
            let rules = RobotsRules(parsing: String(decoding: data, as: UTF8.self), agent: options.robotsAgent)
            summary.robots = "\(rules.rules.count) rule\(rules.rules.count == 1 ? "" : "s") apply"
                + (rules.crawlDelay.map { ", Crawl-delay \($0) s" } ?? "")
            return rules
        case 400..<500:
            summary.robots = "none (HTTP \(response.statusCode)), everything allowed"
            return .allowAll
        default:
            summary.robots = "HTTP \(response.statusCode), so nothing is fetched"
            return .disallowAll
        }
    }
}
