@testable import Chaff
import ChaffTestSupport
import Testing

@Suite struct PageVocabularyTests {
    /// Each line's shared keys counted the plain way: keys some other line also has.
    static func reference(_ lines: [[UInt32]]) -> [PageVocabulary.Sharing] {
        lines.indices.map { index in
            let others = Set(lines.indices.filter { $0 != index }.flatMap { lines[$0] })
            let shared = lines[index].filter { others.contains($0) }.count
            return PageVocabulary.Sharing(size: Int32(lines[index].count), shared: Int32(shared))
        }
    }

    static func sharing(_ lines: [[UInt32]]) -> [PageVocabulary.Sharing] {
        var vocabulary = PageVocabulary.Builder(lines: lines.count)
        for line in lines { line.withUnsafeBufferPointer { vocabulary.appendLine($0) } }
        return vocabulary.finish().sharing
    }

    @Test func countsTheKeysOtherLinesShare() {
        let lines: [[UInt32]] = [[1, 2, 3], [3, 4], [], [5, 1, 6, 7], [8]]
        let sharing = Self.sharing(lines)
        #expect(sharing.map(\.size) == [3, 2, 0, 4, 1])
        #expect(sharing.map(\.shared) == [2, 1, 0, 1, 0])
    }

    @Test func agreesWithTheReferenceOnRandomPagesThatFillAndWrapTheTable() {
        var random = SeededGenerator(seed: 7)
        for _ in 0..<50 {
            // Keys from a small range repeat across lines and, with random
            // high bits, collide in the table's low bits.
            let lines = (0..<Int.random(in: 0...40, using: &random)).map { _ in
                Array(Set((0..<Int.random(in: 0...30, using: &random)).map { _ in
                    UInt32.random(in: 1...200, using: &random) | (UInt32.random(in: 0...3, using: &random) << 30)
                }))
            }
            let sharing = Self.sharing(lines)
            let reference = Self.reference(lines)
            #expect(sharing.map(\.size) == reference.map(\.size))
            #expect(sharing.map(\.shared) == reference.map(\.shared))
        }
    }

    @Test func keepsEveryKeyOfPagesLargerThanTheBuildersFirstBuffer() {
        // 3,001 keys, past the builder's first 1,024: its buffer grows before
        // the second line and again before the third, keeping what it held.
        let lines: [[UInt32]] = [Array(1...1_000), Array(900...1_900), Array(5_000...5_999)]
        let sharing = Self.sharing(lines)
        #expect(sharing.map(\.size) == [1_000, 1_001, 1_000])
        #expect(sharing.map(\.shared) == [101, 101, 0])
    }
}
