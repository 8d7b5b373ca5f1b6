@testable import Chaff
import ChaffTestSupport
import Testing

/// Labeled pages in `.jsonl.gz` files, as `chaff train` and `chaff eval` read them.
@Suite struct CorpusReaderGzipTests {
    let scratch = TemporaryDirectory()
    let first = #"{"id": "p1", "lines": ["首页", "亚洲精品"], "labels": [0, 1]}"# + "\n"
    let second = #"{"id": "p2", "lines": ["About us"], "labels": [0]}"# + "\n"

    @Test func compressedPagesReadAsThePlainOnes() throws {
        let plain = try scratch.write(Array((first + second).utf8), to: "pages.jsonl")
        // Two members in a row (`cat a.gz b.gz`) and zero padding after them.
        let members = WARCBuilder.gzip(Array(first.utf8)) + WARCBuilder.gzip(Array(second.utf8)) + [0, 0, 0, 0]
        let compressed = try scratch.write(members, to: "pages.jsonl.gz")
        let expected = try CorpusReader().pages(inFile: plain.path)
        #expect(expected.count == 2)
        #expect(try CorpusReader().pages(inFile: compressed.path).map(\.lines) == expected.map(\.lines))
        #expect(try CorpusReader().pages(inFile: compressed.path).map(\.labels) == expected.map(\.labels))
    }

    @Test func damagedDataIsAnErrorThatNamesTheFile() throws {
        let whole = WARCBuilder.gzip(Array((first + second).utf8))
        let truncated = try scratch.write(Array(whole.prefix(whole.count - 12)), to: "cut.jsonl.gz")
        #expect(throws: TrainingDataError.corruptGzip(path: truncated.path, reason: "compressed data ends early")) {
            try CorpusReader().pages(inFile: truncated.path)
        }
        let notGzip = try scratch.write(Array(first.utf8), to: "plain.jsonl.gz")
        #expect(throws: TrainingDataError.corruptGzip(path: notGzip.path, reason: "incorrect header check")) {
            try CorpusReader().pages(inFile: notGzip.path)
        }
    }

    @Test func aDecompressionBombIsRefused() throws {
        let bomb = WARCBuilder.gzip([UInt8](repeating: 0x61, count: 1 << 20))
        #expect(bomb.count < 4096)
        #expect(throws: Gzip.DecodeError(description: "output exceeds 65536 bytes")) {
            try Gzip.decompress(bomb, maximumOutput: 1 << 16)
        }
        #expect(try Gzip.decompress(bomb, maximumOutput: 1 << 20).count == 1 << 20)
    }
}
