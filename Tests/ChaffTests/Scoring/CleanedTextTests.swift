@testable import Chaff
import ChaffTestSupport
import Foundation
import Testing

/// ``PageReport/cleanedText(of:)``: the page without the lines it flags.
@Suite struct CleanedTextTests {
    /// A report with the given injected flags (one block over the flagged lines).
    static func report(_ flags: [Bool]) -> PageReport {
        let lines = flags.enumerated().map { PageReport.Line(number: $0.offset + 1, score: $0.element ? 0.9 : 0.1, injected: $0.element) }
        let flagged = flags.indices.filter { flags[$0] }
        let blocks = flagged.isEmpty ? [] : [PageReport.Block(firstLine: flagged.first! + 1, lastLine: flagged.last! + 1, score: 0.9, reasons: [])]
        return PageReport(source: "p", verdict: blocks.isEmpty ? .clean : .injected, score: 0.9, threshold: 0.5,
                          lines: lines, blocks: blocks)
    }

    @Test func flaggedLinesAreLeftOut() {
        let lines = ["title", "", "spam | spam", "", "spam | spam", "footer"]
        // The empty line inside the block is not flagged, so it stays.
        let report = Self.report([false, false, true, false, true, false])
        #expect(report.cleanedText(of: lines) == "title\n\n\nfooter")
        #expect(report.cleanedText(of: UTF8Lines(Array(lines.joined(separator: "\r\n").utf8))) == "title\n\n\nfooter")
        #expect(report.cleanedUTF8(of: lines) == Array("title\n\n\nfooter".utf8))
    }

    @Test func edgeCases() {
        #expect(Self.report([true, true]).cleanedText(of: ["a", "b"]) == "")
        #expect(Self.report([]).cleanedText(of: [String]()) == "")
        // Lines the report has no entry for are kept.
        #expect(Self.report([true]).cleanedText(of: ["a", "b"]) == "b")
    }

    @Test func aResponseIsScoredAndCleanedAsItIsScored() throws {
        let scorer = PageScorer(model: Fixtures.smallModel)
        let html = """
            <html><head><title>市人民政府</title></head><body>
            <p>市政府召开常务会议研究部署城市更新工作。</p>
            <p>亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲</p>
            <p>版权所有：某某市人民政府办公室 地址：人民路1号</p></body></html>
            """
        let body = Array(html.utf8)
        let (report, text) = try #require(scorer.scoreAndClean(httpBody: body, contentType: "text/html", url: "http://a.gov/"))
        #expect(report == scorer.score(httpBody: body, contentType: "text/html", url: "http://a.gov/"))
        #expect(report.verdict == .injected)
        #expect(text == "市人民政府\n市政府召开常务会议研究部署城市更新工作。\n版权所有：某某市人民政府办公室 地址：人民路1号")
        // Plain text, in a legacy charset: the cleaned text is decoded.
        let plain = LegacyEncoding.encode("市政府召开常务会议研究部署城市更新工作。\n亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 久久精品国产亚洲\n", as: "GBK")
        let cleaned = try #require(scorer.scoreAndClean(httpBody: plain, contentType: "text/plain; charset=gbk", url: "http://a.gov/t"))
        #expect(cleaned.cleanedText == "市政府召开常务会议研究部署城市更新工作。")
        #expect(scorer.scoreAndClean(httpBody: [0x89, 0x50, 0x4E, 0x47], contentType: "image/png", url: "http://a.gov/x.png") == nil)
    }

    @Test func aHijackedTitleKeepsTheSiteName() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let body = "<p>市政府召开常务会议研究部署城市更新工作。</p><p>会议强调，要坚持以人民为中心的发展思想，稳步推进老旧小区改造。</p>"
        func page(title: String) -> HTMLDocument {
            HTMLDocument(html: "<html><head><title>\(title)</title></head><body>\(body)</body></html>")
        }
        // Keywords prepended to the site's title: the title is flagged for its
        // leading part, and the cleaned text keeps the site's name in its place.
        let hijacked = page(title: "亚洲精品无码,国产精品视频,久久精品国产,日韩无码高清 - 某某市人民政府")
        let report = scorer.score(document: hijacked)
        #expect(report.lines[0].injected)
        #expect(report.lines[0].siteTitle == "某某市人民政府")
        #expect(report.cleanedText(of: hijacked)
                == "某某市人民政府\n市政府召开常务会议研究部署城市更新工作。\n会议强调，要坚持以人民为中心的发展思想，稳步推进老旧小区改造。")
        // A title that is keywords through and through goes whole.
        let replaced = page(title: "亚洲精品无码,国产精品视频,久久精品国产,日韩无码高清")
        let whole = scorer.score(document: replaced)
        #expect(whole.lines[0].injected && whole.lines[0].siteTitle == nil)
        #expect(whole.cleanedText(of: replaced).hasPrefix("市政府召开常务会议"))
        // An honest title is never touched.
        let honest = page(title: "市政府召开常务会议 - 某某市人民政府")
        #expect(scorer.score(document: honest).lines.allSatisfy { !$0.injected && $0.siteTitle == nil })
    }
}
