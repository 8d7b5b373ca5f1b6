import Foundation

/// What a crawl did, for the summary on standard error.
struct CrawlSummary {
    var fetched = 0
    var scored = 0
    var notPages = 0
    var bytes = 0
    var injected: [(url: String, blocks: [String])] = []
    var errors: [(url: String, problem: String)] = []
    var disallowed: [String] = []
    var overLimit = 0
    var robots = ""
    var seconds = 0.0

    mutating func add(_ outcome: FetchOutcome) {
        fetched += 1
        bytes += outcome.bytes
        if outcome.reportJSON != nil { scored += 1 }
        if outcome.notAPage { notPages += 1 }
        if outcome.isInjected { injected.append((outcome.finalURL.absoluteString, outcome.blocks)) }
        if let problem = outcome.problem, !outcome.notAPage { errors.append((outcome.url.absoluteString, problem)) }
    }

    var text: String {
        let rate = seconds > 0 ? Double(fetched) / seconds : 0
        func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
        var text = "chaff-crawl: \(counted(fetched, "page")) fetched in \(String(format: "%.2f", seconds)) s "
            + "(\(String(format: "%.1f", rate)) pages/s, \(bytes / 1024) KiB): \(scored) scored, "
            + "\(injected.count) with injected blocks, \(scored - injected.count) clean, "
            + "\(notPages) not \(notPages == 1 ? "a page" : "pages"), \(counted(errors.count, "error"))\n"
        text += "robots.txt: \(robots); \(counted(disallowed.count, "URL")) disallowed"
        if overLimit > 0 { text += "; \(overLimit) left out by --max-pages" }
        text += "\n"
        if !injected.isEmpty {
            text += "pages with injected blocks:\n"
            for page in injected.sorted(by: { $0.url < $1.url }) {
                text += "  \(page.url)\n" + page.blocks.map { "    \($0)\n" }.joined()
            }
        }
        if !disallowed.isEmpty {
            text += "not fetched (robots.txt):\n" + disallowed.sorted().prefix(20).map { "  \($0)\n" }.joined()
        }
        if !errors.isEmpty {
            text += "errors:\n" + errors.sorted { $0.url < $1.url }.prefix(20).map { "  \($0.url): \($0.problem)\n" }.joined()
        }
        return text
    }
}
