@testable import Chaff
import Testing

@Suite struct TrainingAnnotationTests {
    @Test func labeledElementsMarkTheirLines() {
        let html = """
            <html><head><title data-chaff-label="1">亚洲精品,免费视频 - 市政府</title>
            <meta name="keywords" content="政务,新闻"></head>
            <body><p>市政府召开会议。</p>
            <div style="display:none" data-chaff-label="1"><a href="http://a.example/">无码</a><br><a href="http://b.example/">精品</a></div>
            <p>版权所有 <span data-chaff-label="0">地址</span></p></body></html>
            """
        let lines = HTMLReader().lines(in: html)
        #expect(lines.map(\.text) == ["亚洲精品,免费视频 - 市政府", "政务,新闻", "市政府召开会议。", "无码", "精品", "版权所有 地址"])
        #expect(lines.map(\.isLabeledInjected) == [true, false, false, true, true, false])
        #expect(lines[3].isHidden && lines[3].linkHosts == ["a.example"])
    }

    @Test func htmlRecordsBecomeLabeledPages() throws {
        let record = #"{"id": "h1", "lang": "zh", "html": "<p>正文</p><div data-chaff-label=\"1\">澳门新葡京 | 百家乐</div>"}"#
        let pages = try CorpusReader().jsonlPages(Array((record + "\n").utf8), path: "t.jsonl")
        #expect(pages.count == 1)
        #expect(pages[0].lines == ["正文", "澳门新葡京 | 百家乐"])
        #expect(pages[0].labels == [false, true])
        #expect(pages[0].markup?.count == 2)
        #expect(pages[0].groups["lang"] == "zh")
    }
}
