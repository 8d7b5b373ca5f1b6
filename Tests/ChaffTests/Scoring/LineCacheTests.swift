@testable import Chaff
import Dispatch
import Foundation
import Synchronization
import Testing

/// ``PageScorer/LineCache``: a task's cache of lines scored before changes
/// what is computed, never what is reported.
@Suite struct LineCacheTests {
    /// The first 300 pages of the English and Chinese training pages: real
    /// menus and footers repeated across pages, and injected blocks that
    /// the shipped model flags with reasons.
    static let trainingPages: [LabeledPage] = {
        let reader = CorpusReader()
        let folder = Fixtures.packageRoot.appendingPathComponent("TrainingData/pages")
        return ["en.jsonl", "zh-Hans.jsonl"].flatMap { name in
            ((try? reader.pages(inFile: folder.appendingPathComponent(name).path)) ?? [])
                .filter { !$0.independentLines }.prefix(150)
        }
    }()

    /// A page's lines as one text, LF between them.
    static func text(of page: LabeledPage) -> [UInt8] { Array(page.lines.joined(separator: "\n").utf8) }

    @Test func reportsThroughACacheAreTheReportsWithout() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let pages = Self.trainingPages
        try #require(pages.count == 300, "TrainingData/pages has the English and Chinese pages")
        let expected = pages.map { scorer.score(utf8: Self.text(of: $0), source: $0.id).json() }
        #expect(expected.contains { $0.contains("\"verdict\":\"injected\"") }, "some pages have blocks, with reasons")
        var cache = PageScorer.LineCache()
        // Twice over: the second pass finds every repeated line cached.
        for pass in 1...2 {
            let reports = pages.map { scorer.score(utf8: Self.text(of: $0), source: $0.id, cache: &cache).json() }
            for (index, (report, plain)) in zip(reports, expected).enumerated() where report != plain {
                Issue.record("pass \(pass), page \(pages[index].id): \(report) != \(plain)")
                break
            }
        }
        #expect(cache.count > 1_000, "the pages' repeated lines are cached")
    }

    @Test func everyEntryPointGivesItsReportWithout() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let page = "首页 | 新闻中心 | 政务公开\n市政府召开常务会议研究部署城市更新工作。\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲"
        let html = """
            <html><head><title>亚洲精品无码在线观看,国产精品视频免费 - 某某市人民政府</title></head><body>
            <div>首页 | 新闻中心 | 政务公开</div><p>市政府召开常务会议研究部署城市更新工作。</p>
            <p>亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲</p></body></html>
            """
        let lines = page.split(separator: "\n").map(String.init)
        var cache = PageScorer.LineCache()
        // Three rounds, so that the lines are cached by the third; the text
        // and HTML entry points share the cache, so a line cached from a text
        // page is reused in an HTML page, with its own markup.
        for _ in 1...3 {
            #expect(scorer.score(text: page, cache: &cache) == scorer.score(text: page))
            #expect(scorer.score(utf8: Array(page.utf8), cache: &cache) == scorer.score(utf8: Array(page.utf8)))
            #expect(scorer.score(lines: lines, cache: &cache) == scorer.score(lines: lines))
            #expect(scorer.score(lines: UTF8Lines(Array(page.utf8)), cache: &cache) == scorer.score(lines: UTF8Lines(Array(page.utf8))))
            #expect(scorer.score(textBytes: Array(page.utf8), cache: &cache) == scorer.score(textBytes: Array(page.utf8)))
            #expect(scorer.score(html: Array(html.utf8), cache: &cache) == scorer.score(html: Array(html.utf8)))
            let document = HTMLDocument(bytes: Array(html.utf8))
            #expect(scorer.score(document: document, cache: &cache) == scorer.score(document: document))
            #expect(scorer.score(lines: document.texts, markup: document.markup, cache: &cache)
                    == scorer.score(lines: document.texts, markup: document.markup))
            for (body, contentType) in [(html, "text/html; charset=utf-8"), (page, "text/plain")] {
                let url = "https://www.example.gov.cn/a.html"
                #expect(scorer.score(httpBody: Array(body.utf8), contentType: contentType, url: url, cache: &cache)
                        == scorer.score(httpBody: Array(body.utf8), contentType: contentType, url: url))
                let cleaned = scorer.scoreAndClean(httpBody: Array(body.utf8), contentType: contentType, url: url, cache: &cache)
                let plain = scorer.scoreAndClean(httpBody: Array(body.utf8), contentType: contentType, url: url)
                #expect(cleaned?.report == plain?.report && cleaned?.cleanedText == plain?.cleanedText)
            }
        }
        #expect(cache.count >= 3, "the page's lines are cached")
        #expect(scorer.score(document: HTMLDocument(bytes: Array(html.utf8))).verdict == .injected)
    }

    @Test func aCacheUsedWithAnotherModelsScorerStartsAfresh() throws {
        let shipped = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let small = PageScorer(model: Fixtures.smallModel)
        let pages = Fixtures.pages.map { Self.text(of: $0) }
        var cache = PageScorer.LineCache()
        for _ in 1...3 { for page in pages { _ = shipped.score(utf8: page, cache: &cache) } }
        #expect(cache.count > 0)
        // The small model weighs the same lines otherwise: evidence cached
        // from the shipped model's weights would give the shipped model's scores.
        let differing = pages.filter { shipped.score(utf8: $0).lines.map(\.score) != small.score(utf8: $0).lines.map(\.score) }
        #expect(!differing.isEmpty)
        for page in pages { #expect(small.score(utf8: page, cache: &cache) == small.score(utf8: page)) }
        // A copy of a scorer shares its weights, and its cache.
        let copy = small
        let cached = cache.count
        for page in pages { _ = copy.score(utf8: page, cache: &cache) }
        #expect(cache.count >= cached)
    }

    @Test func aFullCacheIsEmptiedAndReportsStayTheSame() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let pages = Self.trainingPages.prefix(120)
        try #require(!pages.isEmpty)
        // Room for a few hundred lines: the cache fills and starts again many times.
        var cache = PageScorer.LineCache(byteLimit: 64 << 10)
        var largest = 0
        var fullest = 0
        for _ in 1...2 {
            for page in pages {
                let text = Self.text(of: page)
                #expect(scorer.score(utf8: text, cache: &cache) == scorer.score(utf8: text))
                largest = max(largest, cache.count)
                fullest = max(fullest, cache.footprint)
                #expect(cache.footprint <= 64 << 10)
            }
        }
        #expect(largest > 0 && largest < 1_000)
        // The lines' evidence is counted in the one limit, not set a share of
        // it: a full cache uses nearly all of it.
        #expect(fullest > (64 << 10) * 9 / 10)
        var none = PageScorer.LineCache(byteLimit: 0)
        let text = Self.text(of: pages[pages.startIndex])
        for _ in 1...3 { #expect(scorer.score(utf8: text, cache: &none) == scorer.score(utf8: text)) }
        #expect(none.count == 0)
    }

    @Test func aPoolLendsEachTaskItsOwnCacheAndKeepsThem() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let pages = Self.trainingPages.map { Self.text(of: $0) }
        try #require(!pages.isEmpty)
        let expected = pages.map { scorer.score(utf8: $0) }
        let pool = LineCachePool()
        // One task after another: one cache, which keeps what it learned.
        let first = pool.withCache { cache in pages.prefix(50).map { scorer.score(utf8: $0, cache: &cache) } }
        #expect(first == Array(expected.prefix(50)))
        #expect(pool.idleCount == 1)
        #expect(pool.withCache { $0.count } > 0)
        // Two threads at once, each page scored by whichever takes it next.
        let reports = Mutex([PageReport?](repeating: nil, count: pages.count))
        let next = Atomic(0)
        DispatchQueue.concurrentPerform(iterations: 2) { _ in
            pool.withCache { cache in
                while true {
                    let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard index < pages.count else { return }
                    let report = scorer.score(utf8: pages[index], cache: &cache)
                    reports.withLock { $0[index] = report }
                }
            }
        }
        #expect(reports.withLock { $0 } == expected)
        #expect((1...2).contains(pool.idleCount))
    }
}
