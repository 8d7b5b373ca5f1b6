@testable import Chaff
import ChaffTestSupport
import Testing

/// Line texts kept in one buffer per page (`HTMLLineText`): what callers see
/// must not depend on where a text is stored.
@Suite struct HTMLLineTextTests {
    static let page = """
        <html><head><title>市政府 &amp; 新闻</title></head><body>
        <p>第一行 first line</p><div>second&nbsp;line <a href="http://x.cn/">链接</a></div>
        <p>第一行 first line</p></body></html>
        """

    @Test func linesCompareAndHashByTheirText() {
        let lines = HTMLReader().lines(in: Self.page)
        #expect(lines.map(\.text) == ["市政府 & 新闻", "第一行 first line", "second line 链接", "第一行 first line"])
        // The same text at two places of the shared buffer, and in a buffer of its own.
        var moved = lines[3]
        moved.sourceLine = lines[1].sourceLine
        #expect(moved == lines[1])
        #expect(Set([lines[1], moved]).count == 1)
        #expect(lines[1] != lines[3])
        let standalone = HTMLLine(text: "第一行 first line", kind: .body, sourceLine: lines[1].sourceLine, tagPath: lines[1].tagPath)
        #expect(standalone == lines[1])
        #expect(standalone.hashValue == lines[1].hashValue)
        #expect(lines[1] != lines[2])
    }

    @Test func storageHoldsWhatWasAppendedAcrossGrowth() {
        // Bytes, runs and scalars of every UTF-8 length, from a storage far
        // too small for them, against an array built the ordinary way.
        var generator = SeededGenerator(seed: 21)
        let storage = HTMLLineText.Storage(capacity: 1)
        var expected: [UInt8] = []
        for _ in 0..<2_000 {
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                let byte = UInt8.random(in: 0...0x7F, using: &generator)
                storage.append(byte)
                expected.append(byte)
            case 1:
                let run = (0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...0xFF, using: &generator) }
                run.withUnsafeBufferPointer { storage.append($0) }
                expected += run
            default:
                let scalar = [0x41, 0xE9, 0x4E2D, 0x1F600, 0x7FF, 0x800, 0xFFFF, 0x10000][Int.random(in: 0..<8, using: &generator)] as UInt32
                storage.append(scalar: scalar)
                HTMLEntities.appendUTF8(scalar, to: &expected)
            }
        }
        #expect(storage.count == expected.count)
        #expect(Array(storage.utf8) == expected)
        #expect(HTMLLineText(storage, 5..<90).withUTF8 { Array($0) } == Array(expected[5..<90]))
    }

    @Test func settingTheTextLeavesTheOtherLinesAlone() {
        var lines = HTMLReader().lines(in: Self.page)
        lines[2].text = "replaced"
        #expect(lines.map(\.text) == ["市政府 & 新闻", "第一行 first line", "replaced", "第一行 first line"])
    }

    @Test func aDocumentLendsTheBytesOfItsLines() {
        let document = HTMLDocument(bytes: Array(Self.page.utf8))
        #expect(document.lineCount == document.lines.count)
        for index in 0..<document.lineCount {
            #expect(document.string(ofLine: index) == document.lines[index].text)
        }
        // Scored from the bytes or from strings, a page gets the same report.
        let scorer = PageScorer(model: Fixtures.smallModel)
        let fromBytes = scorer.score(document: document)
        let fromStrings = scorer.score(lines: document.texts, markup: document.markup)
        #expect(fromBytes.lines.map(\.score) == fromStrings.lines.map(\.score))
        #expect(fromBytes.blocks == fromStrings.blocks)
    }

    @Test func oneDocumentIsReadAndScoredByManyTasksAtOnce() async {
        // The lines share one buffer, written before the document is returned
        // and only read after: tasks that share the document see the same texts.
        let document = HTMLDocument(bytes: Array(Self.page.utf8))
        let scorer = PageScorer(model: Fixtures.smallModel)
        let expected = (scorer.score(document: document).json(), document.texts)
        let results = await withTaskGroup(of: (String, [String]).self) { group in
            for _ in 0..<16 {
                group.addTask { (scorer.score(document: document).json(), document.lines.map(\.text)) }
            }
            var all: [(String, [String])] = []
            for await result in group { all.append(result) }
            return all
        }
        #expect(results.count == 16)
        #expect(results.allSatisfy { $0.0 == expected.0 && $0.1 == expected.1 })
    }

    @Test func aLongLineIsCutAtTheLineLimitAsAStringLineIs() {
        let long = String(repeating: "亚洲精品", count: TextLimits.maximumLineBytes / 12 + 10)
        let document = HTMLDocument(html: "<p>\(long)</p>")
        let bytes = document.withUTF8(ofLine: 0) { Array($0) }
        let expected = [document.lines[0].text].withUTF8(ofLine: 0) { Array($0) }
        #expect(bytes == expected)
        #expect(bytes.count <= TextLimits.maximumLineBytes && bytes.count > TextLimits.maximumLineBytes - 4)
    }
}
