import Chaff
import Foundation
import Testing
import ChaffTestSupport

@Suite struct WARCReaderTests {
    /// This test's folder, removed when the test ends.
    let scratch = TemporaryDirectory()

    static let page = Array("<html><head><title>市政府</title></head><body><p>市政府召开常务会议。</p></body></html>".utf8)

    /// A small crawl: warcinfo, a request, an HTML response (chunked and
    /// gzip-encoded), an image, a malformed header, a plain-text response, and
    /// a final record cut short.
    static func crawl(compressed: Bool) -> (builder: WARCBuilder, cut: Int) {
        var builder = WARCBuilder(compressed: compressed)
        builder.append(type: "warcinfo", uri: nil, block: Array("software: chaff-tests\r\n".utf8))
        builder.append(type: "request", uri: "http://example.gov/news/1.html",
                       block: Array("GET /news/1.html HTTP/1.1\r\nHost: example.gov\r\n\r\n".utf8))
        let gzipped = WARCBuilder.gzip(page)
        let chunked = Array("10\r\n".utf8) + gzipped[..<16] + Array("\r\n\(String(gzipped.count - 16, radix: 16))\r\n".utf8)
            + gzipped[16...] + Array("\r\n0\r\n\r\n".utf8)
        builder.append(type: "response", uri: "http://example.gov/news/1.html",
                       block: WARCBuilder.http(headers: ["Content-Type: text/html; charset=UTF-8", "Transfer-Encoding: chunked",
                                                         "Content-Encoding: gzip"], body: chunked))
        builder.append(type: "response", uri: "<http://example.gov/logo.png>",
                       block: WARCBuilder.http(headers: ["Content-Type: image/png"], body: [0x89, 0x50, 0x4E, 0x47]))
        builder.appendRaw(Array("WARC/1.0\r\nWARC-Type response\r\nContent-Length: 5\r\n\r\nhello\r\n\r\n".utf8))
        builder.append(type: "response", uri: "http://example.gov/robots.txt",
                       block: WARCBuilder.http(status: "404 Not Found", headers: ["Content-Type: text/plain"], body: Array("gone\n".utf8)))
        let before = builder.bytes.count
        builder.append(type: "response", uri: "http://example.gov/last.html",
                       block: WARCBuilder.http(headers: ["Content-Type: text/html"], body: page + page + page))
        // Cut the last record in the middle of its block.
        return (builder, before + (builder.bytes.count - before) * 2 / 3)
    }

    static func readAll(_ path: String, maximumBlockBytes: Int = WARCReader.defaultMaximumBlockBytes)
        throws -> (records: [WARCRecord], problems: [WARCError]) {
        var records: [WARCRecord] = []
        var problems: [WARCError] = []
        for element in try WARCReader(path: path, maximumBlockBytes: maximumBlockBytes) {
            switch element {
            case .success(let record): records.append(record)
            case .failure(let problem): problems.append(problem)
            }
        }
        return (records, problems)
    }

    @Test(arguments: [false, true])
    func readsRecordsAndReportsProblems(compressed: Bool) throws {
        let (builder, cut) = Self.crawl(compressed: compressed)
        var cutShort = WARCBuilder(compressed: false)
        cutShort.appendRaw(Array(builder.bytes[..<cut]))
        let path = try cutShort.write(to: scratch.file(compressed ? "crawl.warc.gz" : "crawl.warc"))
        let offsets = builder.offsets
        let (records, problems) = try Self.readAll(path)

        #expect(records.map(\.type) == ["warcinfo", "request", "response", "response", "response"])
        #expect(records.map(\.targetURI) == [nil, "http://example.gov/news/1.html", "http://example.gov/news/1.html",
                                             "http://example.gov/logo.png", "http://example.gov/robots.txt"])
        #expect(records.map(\.offset) == [offsets[0], offsets[1], offsets[2], offsets[3], offsets[5]])
        #expect(records.allSatisfy { !$0.isBlockTruncated && Int64($0.block.count) == $0.contentLength })
        #expect(records[0].block == Array("software: chaff-tests\r\n".utf8))
        #expect(records[0].version == "WARC/1.0")
        #expect(records[0].field("warc-date") == "2024-05-01T12:00:00Z")
        if compressed {
            #expect(records[3].memberOffset == builder.fileOffsets[3])
        } else {
            #expect(records.allSatisfy { $0.memberOffset == nil })
        }

        let html = try records[2].httpResponse()
        #expect(html.status == 200)
        #expect(html.mediaType == "text/html")
        #expect(html.body == Self.page)
        #expect(html.bodyProblem == nil)
        let image = try records[3].httpResponse()
        #expect(image.mediaType == "image/png")
        #expect(PayloadKind(contentType: image.contentType, body: image.body) == nil)
        let missing = try records[4].httpResponse()
        #expect(missing.status == 404 && missing.reason == "Not Found" && missing.body == Array("gone\n".utf8))
        #expect(PayloadKind(contentType: missing.contentType, body: missing.body) == .text)

        // The malformed header, then the cut final record (and, for gzip, the cut member).
        guard problems.count >= 2 else {
            Issue.record("expected at least 2 problems, got \(problems)")
            return
        }
        #expect(problems[0] == .malformedRecord(path: path, offset: offsets[4],
                                                reason: "header line 2 is not 'Name: value': 'WARC-Type response'"))
        guard case .truncatedRecord(let truncatedPath, let offset, let uri, let expected, let found) = problems[1] else {
            Issue.record("expected a truncated record, got \(problems[1])")
            return
        }
        #expect(truncatedPath == path && offset == offsets[6] && uri == "http://example.gov/last.html")
        #expect(found < expected)
        if compressed {
            #expect(problems.count == 3)
            if case .corruptCompression(_, _, let reason) = problems.last { #expect(reason.contains("ends inside")) }
            else { Issue.record("expected corrupt compression last, got \(problems)") }
        } else {
            #expect(problems.count == 2)
        }
        #expect(problems[1].description.contains("truncated record at byte \(offsets[6])"))
    }

    @Test(arguments: [false, true])
    func longBlocksAreCutAndSkippedWithBoundedMemory(compressed: Bool) throws {
        var builder = WARCBuilder(compressed: compressed)
        let large = [UInt8](repeating: 0x61, count: 300_000)
        builder.append(type: "resource", uri: "http://example.gov/big.txt", block: large)
        builder.append(type: "resource", uri: "http://example.gov/small.txt", block: Array("small".utf8))
        let path = try builder.write(to: scratch.file(compressed ? "big.warc.gz" : "big.warc"))
        let (records, problems) = try Self.readAll(path, maximumBlockBytes: 1000)
        #expect(problems.isEmpty)
        #expect(records.count == 2)
        #expect(records[0].isBlockTruncated && records[0].block.count == 1000 && records[0].contentLength == 300_000)
        #expect(records[1].block == Array("small".utf8) && !records[1].isBlockTruncated)
        #expect(records[1].offset == builder.offsets[1])
    }

    @Test func skipsGarbageToTheNextRecord() throws {
        var builder = WARCBuilder(compressed: false)
        builder.appendRaw(Array("this is not a WARC file\nat all\n".utf8))
        builder.append(type: "resource", uri: "http://example.gov/a", block: Array("a".utf8))
        builder.appendRaw(Array("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: many\r\n\r\n".utf8))
        builder.append(type: "resource", uri: "http://example.gov/b", block: Array("b".utf8))
        let path = try builder.write(to: scratch.file("garbage.warc"))
        let (records, problems) = try Self.readAll(path)
        #expect(records.map(\.targetURI) == ["http://example.gov/a", "http://example.gov/b"])
        #expect(problems.count == 2)
        #expect(problems.first?.description.contains("malformed record at byte 0: expected a 'WARC/1.x' version line") == true)
        #expect(problems.last == .malformedRecord(path: path, offset: builder.offsets[2], reason: "invalid Content-Length 'many'"))
    }

    /// Binary bytes where a record should start: the warning shows the bytes
    /// it found escaped, on one line.
    @Test func aWarningShowsBinaryBytesEscaped() throws {
        var builder = WARCBuilder(compressed: false)
        builder.appendRaw([0x07, 0x00, 0xFF, 0x1B, 0x41, 0x0D, 0x0A, 0x0D, 0x0A])
        builder.append(type: "resource", uri: "http://example.gov/a", block: Array("a".utf8))
        let path = try builder.write(to: scratch.file("binary.warc"))
        let (records, problems) = try Self.readAll(path)
        #expect(records.map(\.targetURI) == ["http://example.gov/a"])
        let message = try #require(problems.first?.description)
        #expect(!message.contains("\n") && !message.contains("\r") && !message.contains("\u{FFFD}"), "\(message)")
        #expect(message.contains("found '\\x07\\x00\\xff\\x1bA'"), "\(message)")
    }

    @Test func missingFileIsUnreadable() {
        #expect(throws: WARCError.unreadable(path: "/nonexistent/x.warc", reason: "No such file or directory")) {
            _ = try WARCReader(path: "/nonexistent/x.warc")
        }
    }

    @Test func httpBodiesAreDecoded() throws {
        let body = Array("<html><body>hello</body></html>".utf8)
        let deflated = Array(WARCBuilder.gzip(body))
        var builder = WARCBuilder(compressed: false)
        builder.append(type: "response", uri: "http://x/", block: WARCBuilder.http(headers: ["Content-Encoding: x-gzip"], body: deflated))
        builder.append(type: "response", uri: "http://y/", block: Array("not http at all".utf8))
        builder.append(type: "response", uri: "http://z/", block: WARCBuilder.http(
            headers: ["Transfer-Encoding: chunked"], body: Array("5\r\nhello\r\n3;ext=1\r\n wo\r\n".utf8)))
        let (records, _) = try Self.readAll(try builder.write(to: scratch.file("http.warc")))
        #expect(try records[0].httpResponse().body == body)
        #expect(PayloadKind(contentType: nil, body: body) == .html)
        #expect(throws: WARCError.self) { try records[1].httpResponse() }
        let chunked = try records[2].httpResponse()
        #expect(chunked.body == Array("hello wo".utf8))
        #expect(chunked.bodyProblem == "chunked body ends without its last chunk")
    }

    @Test func scoresResponsesThroughTheCrawlerEntryPoint() {
        let scorer = PageScorer(model: Fixtures.smallModel)
        let html = Array("<html><body><p>市政府召开常务会议研究部署城市更新工作。</p></body></html>".utf8)
        let report = scorer.score(httpBody: html, contentType: "text/html; charset=utf-8", url: "http://example.gov/a.html")
        #expect(report?.source == "http://example.gov/a.html")
        #expect(scorer.score(httpBody: [0x89, 0x50], contentType: "image/png", url: "http://example.gov/a.png") == nil)
        let text = scorer.score(httpBody: Array("line one\nline two\n".utf8), contentType: "text/plain", url: "http://x/t.txt")
        #expect(text?.lines.count == 2)
    }
}
