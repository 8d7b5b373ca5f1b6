import ChaffTestSupport
import Foundation
import Testing

/// `chaff-fuzz` as a plain build leaves it: without libFuzzer it replays the
/// inputs it is given through the harness `Scripts/fuzz` fuzzes. The `page`
/// target stops the program when a page's report through a line cache
/// differs from its report without one, so these replays also check that.
@Suite struct FuzzReplayTests {
    /// This test's folder of inputs, removed when the test ends.
    let scratch = TemporaryDirectory()

    static let binary = ChaffBinary.sibling("chaff-fuzz")

    static let spam = "亚洲精品无码在线观看| 国产精品视频免费| 日韩无码高清在线| 澳门新葡京娱乐城| 百家乐在线| 时时彩平台"
    static let html = """
        <html><head><meta charset="gb18030"><title>市人民政府 - 通知公告</title></head><body>
        <div class="nav">首页 | 新闻中心 | 政务公开</div>
        <p>市政府召开常务会议研究部署城市更新工作。</p>
        <div style="display:none"><a href="http://spam.example/">\(spam)</a></div>
        <p>版权所有：某某市人民政府办公室</p>
        </body></html>
        """

    /// Writes each input as a file of its own in a fresh folder.
    func folder(_ name: String, _ inputs: [[UInt8]]) throws -> URL {
        let folder = scratch.file(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, input) in inputs.enumerated() {
            try Data(input).write(to: folder.appendingPathComponent(String(index)))
        }
        return folder
    }

    func replay(_ target: String, _ folder: URL) throws -> ChaffBinary.Result {
        try ChaffBinary.run([target, folder.path], binary: Self.binary, directory: ChaffBinary.packageRoot)
    }

    @Test func pagesReplayAndTheirReportsAgreeThroughALineCache() throws {
        // The first byte picks the Content-Type: 3 is GB18030 HTML, 2 UTF-8
        // HTML, 14 plain text, 0 none (the bytes decide).
        let text = ["市政府召开常务会议。", Self.spam, Self.spam, "版权所有：某某市人民政府办公室"].joined(separator: "\n")
        let inputs: [[UInt8]] = [
            [3] + LegacyEncoding.encode(Self.html, as: "GB18030"),
            [2] + Array(Self.html.utf8),
            [2] + Array(Self.html.utf8),  // every line now comes from the cache
            [14] + Array(text.utf8),
            [0] + Array(Self.html.utf8.prefix(200)),  // cut inside a tag
            [14, 0xFF, 0xFE, 0xC3, 0x28, 0x0A, 0xE4, 0xBA],  // invalid UTF-8, a sequence cut short
            [],
        ]
        let result = try replay("page", try folder("page", inputs))
        #expect(result.status == 0, "\(result.error)")
        #expect(result.output.contains("page: replayed 7 inputs without a crash"))
    }

    @Test func archivesAndLabeledPagesReplay() throws {
        let body = Array(Self.html.utf8)
        let http = WARCBuilder.http(headers: ["Content-Type: text/html; charset=utf-8", "Content-Length: \(body.count)"], body: body)
        var warc = WARCBuilder(compressed: true)
        warc.append(type: "response", uri: "http://site.example/", block: http)
        warc.append(type: "response", uri: "http://site.example/cut", block: Array(http.prefix(60)))
        let archive = try replay("warc", try folder("warc", [warc.bytes, Array(warc.bytes.prefix(warc.bytes.count / 2))]))
        #expect(archive.status == 0, "\(archive.error)")
        #expect(archive.output.contains("warc: replayed 2 inputs without a crash"))

        // The first byte picks the file's kind: 0 .jsonl, 1 .jsonl.gz, 2 .tsv.
        let page = #"{"id": "p1", "lines": ["首页 | 新闻中心", "\#(Self.spam)"], "labels": [0, 1]}"# + "\n"
        let corpus = try replay("corpus", try folder("corpus", [
            [0] + Array(page.utf8),
            [1] + WARCBuilder.gzip(Array(page.utf8)),
            [1] + Array(page.utf8),  // not gzip
            [2] + Array("ham\t首页 | 新闻中心\nspam\t\(Self.spam)\n".utf8),
            [0] + Array(page.utf8.prefix(30)),
        ]))
        #expect(corpus.status == 0, "\(corpus.error)")
        #expect(corpus.output.contains("corpus: replayed 5 inputs without a crash"))
    }

    @Test func anUnknownTargetIsRefused() throws {
        let result = try ChaffBinary.run(["nosuch"], binary: Self.binary)
        #expect(result.status == 64)
        #expect(result.error.contains("unknown target 'nosuch'; say page, warc, corpus"))
    }
}
