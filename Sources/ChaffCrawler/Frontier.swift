import Foundation

/// The crawl's queue, breadth-first: URLs waiting to be fetched with their
/// depth, every URL seen, and what was turned away. Owned by the task that
/// runs the crawl; fetch tasks hand their links back to it.
struct Frontier {
    let site: SiteAddress
    let maxPages: Int
    let maxDepth: Int
    let robots: RobotsRules
    private var queue: [(url: URL, depth: Int)] = []
    private var head = 0
    private var seen: Set<String> = []
    /// Pages admitted to the queue so far (at most `maxPages`).
    private(set) var admitted = 0
    /// Same-site URLs robots.txt disallowed.
    private(set) var disallowed: [String] = []
    /// Same-site URLs left out because of `--max-pages`.
    private(set) var overLimit = 0

    init(site: SiteAddress, maxPages: Int, maxDepth: Int, robots: RobotsRules) {
        self.site = site
        self.maxPages = maxPages
        self.maxDepth = maxDepth
        self.robots = robots
    }

    /// Queues `url` at `depth` unless it is off-site, too deep, seen before,
    /// disallowed, or over the page limit.
    mutating func offer(_ url: URL, depth: Int) {
        guard depth <= maxDepth, site.contains(url), let normal = SiteAddress.normalized(url) else { return }
        guard seen.insert(normal.absoluteString).inserted else { return }
        guard robots.allows(SiteAddress.pathAndQuery(normal)) else {
            disallowed.append(normal.absoluteString)
            return
        }
        guard admitted < maxPages else {
            overLimit += 1
            return
        }
        admitted += 1
        queue.append((normal, depth))
    }

    /// Marks a URL as seen without queueing it (where a redirect landed).
    mutating func markSeen(_ url: URL) {
        if let normal = SiteAddress.normalized(url) { seen.insert(normal.absoluteString) }
    }

    /// The next URL to fetch, oldest first.
    mutating func next() -> (url: URL, depth: Int)? {
        guard head < queue.count else { return nil }
        defer { head += 1 }
        return queue[head]
    }
}
