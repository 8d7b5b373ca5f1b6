import ChaffTestSupport
import Foundation
import Testing

/// `chaff-crawl` against a fixture site on a local `python3 -m http.server`,
/// with the shipped default model. Skipped when `python3` is missing.
@Suite(.serialized, .enabled(if: LocalSite.pythonAvailable, "needs python3 for http.server"))
struct CrawlerTests {
    /// This test's folder (the fixture site), removed when the test ends.
    let scratch = TemporaryDirectory()

    static let crawlBinary = ChaffBinary.sibling("chaff-crawl")

    static let chineseSpam = "亚洲gv猛男gv无码男同短文| 国产精品无码亚洲精品2021| 久久精品国产亚洲av麻豆| 日韩欧美亚洲国产精品字幕久久久| 澳门新葡京娱乐城| 百家乐在线| 时时彩平台| 六合彩开奖直播"
    static let gamblingSpam = "澳门新葡京娱乐城| 百家乐在线| 时时彩平台| 六合彩开奖直播| 棋牌游戏送彩金| 皇冠体育投注| 真人百家乐开户| 网上赌博平台"

    static func page(title: String, charset: String = "utf-8", body: [String], links: [String] = []) -> String {
        var html = "<!DOCTYPE html>\n<html><head><meta charset=\"\(charset)\"><title>\(title)</title></head>\n<body>\n"
        if !links.isEmpty {
            html += "<div class=\"nav\">" + links.map { "<a href=\"\($0)\">\($0)</a>" }.joined(separator: " | ") + "</div>\n"
        }
        html += body.map { $0.hasPrefix("<") ? $0 + "\n" : "<p>\($0)</p>\n" }.joined()
        return html + "</body></html>\n"
    }

    /// Twelve linked pages (three injected, one behind robots.txt), a text file,
    /// an image, a robots.txt and a dead link.
    static func writeSite(in directory: URL) throws -> URL {
        let root = directory.appendingPathComponent("site")
        let government = ["会议强调，要坚持以人民为中心的发展思想，稳步推进老旧小区改造，切实改善群众居住条件。",
                          "会议还研究了其他事项。各区县要抓好落实，确保各项任务按时完成。"]
        let footer = "版权所有：某某市人民政府办公室 地址：人民路1号"
        var files: [String: [UInt8]] = [:]
        func add(_ path: String, _ text: String) { files[path] = Array(text.utf8) }
        add("robots.txt", "# fixture\nUser-agent: otherbot\nDisallow: /\n\nUser-agent: *\nDisallow: /private/\nAllow: /private/public.html\n")
        add("index.html", page(title: "市人民政府", body: ["市政府门户网站欢迎您。", footer], links: [
            "news/1.html", "news/2.html", "/news/3.html", "about.html#team", "gbk.html", "docs/notes.txt",
            "images/logo.png", "private/secret.html", "private/public.html", "missing.html",
            "http://spam.example/casino", "mailto:office@example.gov", "javascript:void(0)",
        ]))
        add("news/1.html", page(title: "市政府召开常务会议", body: ["市政府召开常务会议研究部署城市更新工作"] + government + [footer],
                                links: ["../index.html", "4.html"]))
        add("news/2.html", page(title: "市政府召开专题会议", body: ["市政府召开专题会议研究部署防汛工作"] + government + [footer, chineseSpam],
                                links: ["../index.html"]))
        add("news/3.html", page(title: "Riverside Public Library - Opening hours", body: [
            "The library is open from 9 a.m. to 6 p.m. on weekdays and from 10 a.m. to 4 p.m. on Saturdays.",
            "Residents can renew their borrowed books online or by phone until the due date.",
            "<div style=\"display:none\"><a href=\"http://casino777.example/\">best online casino bonus</a> <a href=\"http://pills.example/viagra\">buy cheap viagra online</a> <a href=\"http://loans.example/\">payday loans no credit check</a> <a href=\"http://slots.example/\">free spins slots real money</a> <a href=\"http://pills.example/cialis\">cialis no prescription</a></div>",
            "Copyright 2024 Riverside Public Library. All rights reserved.",
        ], links: ["../about.html"]))
        add("news/4.html", page(title: "城市更新工作进展", body: ["城市更新工作取得阶段性进展"] + government + [footer],
                                links: ["deep/5.html"]))
        add("news/deep/5.html", page(title: "老旧小区改造", body: ["老旧小区改造有序推进"] + government, links: ["6.html"]))
        add("news/deep/6.html", page(title: "居民满意度调查", body: ["居民满意度调查结果公布"] + government, links: ["7.html"]))
        add("news/deep/7.html", page(title: "深层页面", body: ["这一页超出了抓取深度。"] + government))
        add("about.html", page(title: "About the council", body: [
            "The council approved the new library budget on Tuesday.",
            "Residents can apply for the grant online until March 31.",
            "Copyright 2024 City Council. All rights reserved.",
        ], links: ["index.html"]))
        add("docs/notes.txt", "Notes for visitors\nThe museum opens at 9 a.m. on weekdays.\nEntry is free on Sundays.\n")
        add("private/secret.html", page(title: "内部", body: ["内部资料", chineseSpam]))
        add("private/public.html", page(title: "公开资料", body: ["公开资料目录"] + government + [footer]))
        files["images/logo.png"] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0]
        files["gbk.html"] = LegacyEncoding.encode(page(title: "县教育局 - 通知公告", charset: "gbk", body: [
            "关于做好2024年秋季学期开学工作的通知", "各学校要认真做好开学前的安全检查，确保师生安全。",
            "请各单位按时上报相关材料。", gamblingSpam, "县教育局办公室 2024年8月20日",
        ], links: ["index.html"]), as: "GBK")
        for (path, bytes) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url)
        }
        return root
    }

    static func crawl(_ arguments: [String]) throws -> ChaffBinary.Result {
        let process = Process()
        process.executableURL = crawlBinary
        process.arguments = arguments
        let scratch = TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let outputURL = scratch.file("stdout"), errorURL = scratch.file("stderr")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: outputURL)
        process.standardError = try FileHandle(forWritingTo: errorURL)
        var environment = ProcessInfo.processInfo.environment
        environment.removeValue(forKey: "CHAFF_MODEL")
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        return ChaffBinary.Result(status: process.terminationStatus,
                                  output: String(decoding: try Data(contentsOf: outputURL), as: UTF8.self),
                                  error: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    static func reports(_ output: String) throws -> [String: [String: Any]] {
        var byURL: [String: [String: Any]] = [:]
        for line in output.split(separator: "\n") {
            let object = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let url = try #require(object["url"] as? String)
            byURL[url] = object
        }
        return byURL
    }

    @Test func crawlsTheSiteAndFlagsTheInjectedPages() throws {
        let site = try LocalSite(root: try Self.writeSite(in: scratch.url))
        defer { site.stop() }
        let result = try Self.crawl(["--delay", "0", "--concurrency", "4", "--max-depth", "3", site.url("index.html")])
        site.stop()
        #expect(result.status == 0, "\(result.error)")
        let reports = try Self.reports(result.output)
        let fetchedPages = ["index.html", "news/1.html", "news/2.html", "news/3.html", "news/4.html", "news/deep/5.html",
                            "about.html", "gbk.html", "docs/notes.txt", "private/public.html"]
        #expect(Set(reports.keys) == Set(fetchedPages.map(site.url)), "\(result.error)")
        let injected = Set(reports.filter { $0.value["verdict"] as? String == "injected" }.keys)
        #expect(injected == Set(["news/2.html", "news/3.html", "gbk.html"].map(site.url)), "\(result.error)")
        for (url, report) in reports {
            #expect(report["status"] as? Int == 200 && report["source"] as? String == url)
            #expect(report["lines"] is [Any] && report["blocks"] is [Any] && report["threshold"] is Double)
        }
        // The GBK page was decoded through its <meta charset>: its block is the gambling line.
        let gbkBlocks = try #require(reports[site.url("gbk.html")]?["blocks"] as? [[String: Any]])
        #expect(gbkBlocks.count == 1)

        let requests = site.requests()
        #expect(requests.first == "GET /robots.txt", "robots.txt comes first: \(requests)")
        #expect(!requests.contains("GET /private/secret.html"), "robots.txt disallows /private/")
        #expect(requests.contains("GET /private/public.html"), "Allow overrides the Disallow")
        #expect(!requests.contains("GET /news/deep/6.html"), "deeper than --max-depth 3")
        #expect(requests.filter { $0 == "GET /about.html" }.count == 1, "each page is fetched once")
        #expect(result.error.contains("12 pages fetched"), "\(result.error)")
        #expect(result.error.contains("3 with injected blocks"))
        #expect(result.error.contains("not fetched (robots.txt):\n  \(site.url("private/secret.html"))"))
        #expect(result.error.contains("\(site.url("missing.html")): HTTP 404"))
        for page in ["news/2.html", "news/3.html", "gbk.html"] {
            #expect(result.error.contains("  \(site.url(page))\n    line"), "summary lists \(page)")
        }
    }

    @Test func obeysPageLimitDelayAndOut() throws {
        let site = try LocalSite(root: try Self.writeSite(in: scratch.url))
        defer { site.stop() }
        let out = scratch.file("reports.jsonl")
        let started = Date()
        let result = try Self.crawl(["--delay", "0.25", "--concurrency", "3", "--max-pages", "3", "--out", out.path,
                                     site.url("index.html")])
        let elapsed = Date().timeIntervalSince(started)
        site.stop()
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.isEmpty)
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 3, "\(lines)")
        #expect(site.requests().count == 4, "robots.txt and three pages: \(site.requests())")
        #expect(elapsed >= 0.7, "four requests 0.25 s apart take at least 0.75 s, took \(elapsed)")
        #expect(result.error.contains("left out by --max-pages"))
    }

    @Test func reportsCarryTheCleanedTextWhenAsked() throws {
        let site = try LocalSite(root: try Self.writeSite(in: scratch.url))
        defer { site.stop() }
        let result = try Self.crawl(["--delay", "0", "--max-depth", "0", "--cleaned-text", site.url("news/2.html")])
        site.stop()
        #expect(result.status == 0, "\(result.error)")
        let report = try #require(try Self.reports(result.output).values.first)
        #expect(report["verdict"] as? String == "injected")
        let text = try #require(report["cleanedText"] as? String)
        #expect(text.hasPrefix("市政府召开专题会议\n") && text.hasSuffix("版权所有：某某市人民政府办公室 地址：人民路1号"))
        #expect(!text.contains(Self.chineseSpam.prefix(10)))
    }

    @Test func noReasonsLeavesTheBlocksUnexplained() throws {
        let site = try LocalSite(root: try Self.writeSite(in: scratch.url))
        defer { site.stop() }
        let page = site.url("news/2.html")
        let explained = try Self.crawl(["--delay", "0", "--max-depth", "0", page])
        let bare = try Self.crawl(["--delay", "0", "--max-depth", "0", "--no-reasons", page])
        site.stop()
        #expect(explained.status == 0 && bare.status == 0, "\(bare.error)")
        var full = try #require(try Self.reports(explained.output)[page])
        let report = try #require(try Self.reports(bare.output)[page])
        var blocks = try #require(full["blocks"] as? [[String: Any]])
        try #require(!blocks.isEmpty)
        #expect(blocks.allSatisfy { ($0["reasons"] as? [String])?.isEmpty == false })
        #expect((report["blocks"] as? [[String: Any]])?.allSatisfy { $0["reasons"] as? [String] == [] } == true)
        for index in blocks.indices { blocks[index]["reasons"] = [String]() }
        full["blocks"] = blocks
        #expect(NSDictionary(dictionary: full).isEqual(to: report))
        // The summary names the block and its score, with no empty list after it.
        #expect(bare.error.contains("  \(page)\n    line"), "\(bare.error)")
        #expect(!bare.error.contains("): \n"), "\(bare.error)")
    }

    @Test func usageErrors() throws {
        #expect(try Self.crawl([]).status == 64)
        #expect(try Self.crawl(["--max-pages", "0", "http://127.0.0.1:1/"]).status == 64)
        #expect(try Self.crawl(["ftp://example.org/"]).status == 64)
        let help = try Self.crawl(["--help"])
        #expect(help.status == 0 && help.output.contains("USAGE: chaff-crawl"))
        let unreachable = try Self.crawl(["--delay", "0", "--timeout", "5", "http://127.0.0.1:\(try LocalSite.freePort())/"])
        #expect(unreachable.status == 1)
        #expect(unreachable.error.contains("robots.txt: unreachable"))
    }
}
