import Foundation

/// What one fetch task hands back to the crawl loop.
struct FetchOutcome: Sendable {
    /// The URL requested and its depth.
    let url: URL
    let depth: Int
    /// Where redirects ended (the report's `url`).
    let finalURL: URL
    /// The HTTP status, when a response came.
    let status: Int?
    /// The report line (the JSONL contract with `url` and `status`), for pages.
    let reportJSON: String?
    /// For injected pages: one line per block (`lines 6–6 (score 1): gv, av, ...`).
    let blocks: [String]
    /// Same-site candidates to crawl next (not yet filtered).
    let links: [URL]
    /// Why the page gave no report: a network error, an HTTP error status, or
    /// a body that is not a page (`image/png`).
    let problem: String?
    /// Whether the response was fine but not HTML or text.
    let notAPage: Bool
    /// Body size in bytes.
    let bytes: Int

    var isInjected: Bool { !blocks.isEmpty }
}
