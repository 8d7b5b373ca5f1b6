@testable import Chaff
import Testing

@Suite struct LabeledPageDigestTests {
    /// The digest as its documentation defines it, built a byte at a time.
    func definedDigest(_ page: LabeledPage) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
        }
        for (line, label) in zip(page.lines, page.labels) {
            let bytes = Array(line.utf8)
            for start in stride(from: 0, to: bytes.count, by: 8) {
                var word: UInt64 = 0
                for (shift, byte) in bytes[start..<min(start + 8, bytes.count)].enumerated() {
                    word |= UInt64(byte) << (8 * UInt64(shift))
                }
                mix(word)
            }
            mix(UInt64(bytes.count) << 1 | (label ? 1 : 0))
        }
        return hash
    }

    @Test func readsWholeWordsAndEveryLengthOfTail() {
        // 0 to 25 bytes: lines shorter than a word, of whole words, and with
        // tails of every length after one, two and three words.
        let lines = (0...25).map { String(repeating: "a", count: $0) } + ["中文字幕", "x中", "ÿ", "0123456789abcdef\u{1F600}"]
        let page = LabeledPage(id: "p", lines: lines, labels: lines.indices.map { $0 % 3 == 0 })
        #expect(page.digest == definedDigest(page))
        for line in lines {
            let single = LabeledPage(id: "q", lines: [line], labels: [true])
            #expect(single.digest == definedDigest(single), "line of \(line.utf8.count) bytes")
        }
    }

    @Test func seesLineEndsLabelsAndEmptyLines() {
        func digest(_ lines: [String], _ labels: [Bool]) -> UInt64 {
            LabeledPage(id: "p", lines: lines, labels: labels).digest
        }
        let base = digest(["abcdefghij", "k"], [false, false])
        #expect(digest(["abcdefghij", "k"], [false, false]) == base)
        #expect(digest(["abcdefghi", "jk"], [false, false]) != base)
        #expect(digest(["abcdefghij", "k"], [false, true]) != base)
        #expect(digest(["abcdefghij", "k", ""], [false, false, false]) != base)
        #expect(digest(["k", "abcdefghij"], [false, false]) != base)
        // Zero padding is not a byte: a line ending in NUL differs.
        #expect(digest(["abcdefghij\u{0}", "k"], [false, false]) != base)
        #expect(digest([], []) == 0xCBF2_9CE4_8422_2325)
    }
}
