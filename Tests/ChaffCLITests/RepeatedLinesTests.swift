import ChaffTestSupport
import Foundation
import Testing

/// `chaff score` scores the pages of a run through line caches: a page's
/// report must not depend on the pages scored before it.
@Suite struct RepeatedLinesTests {
    /// This test's folder, removed when the test ends.
    let scratch = TemporaryDirectory()

    /// Pages of one site: the same menu, footer and keyword block on many of them.
    static let pages: [(name: String, text: String)] = {
        let menu = "首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流"
        let footer = "版权所有：某某市人民政府办公室 地址：人民路1号 电话：020-12345678"
        let block = "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲| 澳门新葡京娱乐城| 百家乐在线"
        let news = [
            "市政府召开常务会议研究部署城市更新工作。", "会议强调，要坚持以人民为中心的发展思想。",
            "全市推进老旧小区改造，切实改善群众居住条件。", "各区县要抓好落实，确保各项任务按时完成。",
        ]
        return (0..<10).map { index in
            var lines = [menu, news[index % news.count], news[(index + 1) % news.count]]
            if index % 3 != 1 { lines.append(block) }
            lines.append(footer)
            if index % 2 == 0 {
                let body = lines.map { "<p>\($0)</p>" }.joined(separator: "\n")
                return ("page\(index).html", "<html><head><title>\(news[index % news.count])</title></head><body>\n\(body)\n</body></html>")
            }
            return ("page\(index).txt", lines.joined(separator: "\n"))
        }
    }()

    /// The pages as files in `folder`, which is created.
    static func writePages(to folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for page in pages { try page.text.write(to: folder.appendingPathComponent(page.name), atomically: true, encoding: .utf8) }
        return folder
    }

    /// The pages as `--input jsonl` requests, one JSON object each.
    static func requests() throws -> [String] {
        try pages.map { page in
            let field = page.name.hasSuffix(".html") ? "html" : "text"
            return String(decoding: try JSONSerialization.data(
                withJSONObject: ["id": page.name, field: page.text], options: [.sortedKeys]), as: UTF8.self)
        }
    }

    /// A cache bigger than the address space the process may have (here
    /// 4 GiB against a 4 GB limit) is not a crash: it sets aside what the
    /// system grants, and the reports are those of no cache at all.
    @Test func aCacheTheSystemRefusesShrinks() throws {
        let folder = try Self.writePages(to: scratch.url.appendingPathComponent("site"))
        let limited = try ChaffBinary.run(
            ["score", "--format", "jsonl", "--jobs", "1", "--line-cache", "4096", folder.path],
            addressSpaceKilobytes: 4_000_000)
        #expect(limited.status == 0, "\(limited.error)")
        #expect(limited.error.contains("Note: the system gave each thread's line cache"), "\(limited.error)")
        #expect(limited.error.contains("of the 4096 MiB --line-cache asked for"), "\(limited.error)")
        let uncached = try ChaffBinary.run(["score", "--format", "jsonl", "--jobs", "1", "--line-cache", "0", folder.path])
        #expect(uncached.status == 0 && !uncached.error.contains("Note:"))
        #expect(limited.output == uncached.output)
        #expect(!limited.output.isEmpty)
    }

    @Test func aFolderScoresEachPageAsItScoresAlone() throws {
        let folder = try Self.writePages(to: scratch.file("site"))
        let together = try ChaffBinary.run(["score", "--format", "jsonl", folder.path])
        #expect(together.status == 0, "\(together.error)")
        let reports = together.output.split(separator: "\n").map(String.init)
        #expect(reports.count == Self.pages.count)
        #expect(reports.contains { $0.contains("\"verdict\":\"injected\"") } && reports.contains { $0.contains("\"verdict\":\"clean\"") })
        // Twice the folder: the second time every line is cached.
        let twice = try ChaffBinary.run(["score", "--format", "jsonl", folder.path, folder.path])
        #expect(twice.output.split(separator: "\n").map(String.init) == reports + reports)
        // No cache, and a cache of 1 MB: the same reports.
        for size in ["0", "1"] {
            #expect(try ChaffBinary.run(["score", "--format", "jsonl", "--line-cache", size, folder.path]).output == together.output)
        }
        for report in reports {
            let path = try #require(try JSONSerialization.jsonObject(with: Data(report.utf8)) as? [String: Any])["source"] as? String
            let alone = try ChaffBinary.run(["score", "--format", "jsonl", try #require(path)])
            #expect(alone.output == report + "\n", "\(path ?? "")")
        }
    }

    @Test func folderThreadsWriteWhatOneThreadWrites() throws {
        let folder = try Self.writePages(to: scratch.file("threads"))
        // A file to skip with a note, between pages, and a path that does not exist.
        try Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]).write(to: folder.appendingPathComponent("page3.png"))
        let missing = scratch.file("missing.txt").path
        for format in ["jsonl", "json", "text", "html"] {
            let arguments = ["score", "--format", format, folder.path, missing, folder.appendingPathComponent("page1.txt").path]
            let one = try ChaffBinary.run(arguments + ["--jobs", "1"])
            #expect(one.status == 1, "\(format): \(one.error)")
            #expect(one.error.contains("Note: skipped") && one.error.contains("missing.txt"), "\(format): \(one.error)")
            for jobs in ["2", "3"] {
                let many = try ChaffBinary.run(arguments + ["--jobs", jobs])
                #expect(many.status == one.status, "\(format), \(jobs) jobs")
                #expect(many.output == one.output, "\(format), \(jobs) jobs")
                #expect(many.error == one.error, "\(format), \(jobs) jobs")
            }
        }
        // In input order: the folder's pages sorted by name, then the page named again.
        let sources = try ChaffBinary.run(["score", "--format", "jsonl", "--jobs", "3", folder.path, folder.appendingPathComponent("page1.txt").path])
            .output.split(separator: "\n").map { line in
                try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])["source"] as? String
            }
        let names = Self.pages.map(\.name).sorted() + ["page1.txt"]
        #expect(sources.map { $0.map { URL(fileURLWithPath: $0).lastPathComponent } } == names)
    }

    @Test func aStreamScoresEachPageAsItScoresAlone() throws {
        let requests = try Self.requests()
        let together = try ChaffBinary.run(["score", "--input", "jsonl"], input: Data((requests.joined(separator: "\n") + "\n").utf8))
        #expect(together.status == 0, "\(together.error)")
        let answers = together.output.split(separator: "\n").map(String.init)
        #expect(answers.count == requests.count)
        for (request, answer) in zip(requests, answers) {
            let alone = try ChaffBinary.run(["score", "--input", "jsonl"], input: Data((request + "\n").utf8))
            #expect(alone.output == answer + "\n")
        }
    }

    @Test func streamThreadsWriteWhatOneThreadWrites() throws {
        var requests = try Self.requests()
        // Lines that cannot be used, answered in place, with a message each.
        requests.insert("not json", at: 3)
        requests.insert("{\"id\": 7}", at: 8)
        let input = Data((requests.joined(separator: "\n") + "\n").utf8)
        let one = try ChaffBinary.run(["score", "--input", "jsonl", "--jobs", "1"], input: input)
        #expect(one.status == 0, "\(one.error)")
        #expect(one.output.split(separator: "\n").count == requests.count)
        #expect(one.error.contains(":4: ") && one.error.contains(":9: "), "\(one.error)")
        for jobs in ["2", "3"] {
            let many = try ChaffBinary.run(["score", "--input", "jsonl", "--jobs", jobs], input: input)
            #expect(many.output == one.output, "\(jobs) jobs")
            #expect(many.error == one.error, "\(jobs) jobs")
        }
    }

    @Test func archiveThreadsScoreEachPageAsItScoresAlone() throws {
        var builder = WARCBuilder(compressed: false)
        for page in Self.pages {
            let type = page.name.hasSuffix(".html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
            builder.append(type: "response", uri: "http://example.gov/\(page.name)",
                           block: WARCBuilder.http(headers: ["Content-Type: \(type)"], body: Array(page.text.utf8)))
        }
        let path = try builder.write(to: scratch.file("site.warc"))
        let one = try ChaffBinary.run(["score", "--warc", "--jobs", "1", path])
        let two = try ChaffBinary.run(["score", "--warc", "--jobs", "2", path])
        #expect(one.status == 0, "\(one.error)")
        #expect(one.output == two.output)
        let reports = one.output.split(separator: "\n").map(String.init)
        #expect(reports.count == Self.pages.count)
        for (page, report) in zip(Self.pages, reports) {
            var alone = WARCBuilder(compressed: false)
            let type = page.name.hasSuffix(".html") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8"
            alone.append(type: "response", uri: "http://example.gov/\(page.name)",
                         block: WARCBuilder.http(headers: ["Content-Type: \(type)"], body: Array(page.text.utf8)))
            let single = try ChaffBinary.run(["score", "--warc", try alone.write(to: scratch.file("alone.warc"))])
            #expect(single.output == report + "\n", "\(page.name)")
        }
    }
}
