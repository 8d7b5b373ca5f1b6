@testable import Chaff
import ChaffTestSupport
import Testing

/// How a block's n-gram reasons read: whole words of alphabetic scripts, the
/// ideographic n-grams themselves.
@Suite struct ReasonTextTests {
    static func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }

    @Test func aSubwordWidensToItsWord() {
        let line = Self.scalars("buy cheap viagra | 无码高清")
        // "eap" (the subword "eap$") and "chea" are "cheap"; "buy cheap" stays a bigram.
        #expect(ReasonFinder.wholeWords(around: 6..<9, in: line) == 4..<9)
        #expect(ReasonFinder.wholeWords(around: 4..<8, in: line) == 4..<9)
        #expect(ReasonFinder.wholeWords(around: 0..<9, in: line) == 0..<9)
        // A word at the line's edges, and Cyrillic.
        #expect(ReasonFinder.wholeWords(around: 1..<3, in: line) == 0..<3)
        let russian = Self.scalars("казино онлайн")
        #expect(ReasonFinder.wholeWords(around: 8..<11, in: russian) == 7..<13)
        // Ideographs have no word to widen to.
        #expect(ReasonFinder.wholeWords(around: 20..<22, in: line) == 20..<22)
        #expect(ReasonFinder.wholeWords(around: 19..<20, in: line) == 19..<20)
    }

    @Test func leadingEntriesAreTheFirstOfAFullSort() {
        // Totals drawn from a few values, so that ties fall to the key.
        var generator = SeededGenerator(seed: 5)
        for size in [0, 1, 2, 5, 23, 24, 25, 300] {
            var keys = Set<UInt32>()
            while keys.count < size { keys.insert(UInt32.random(in: 1...10_000, using: &generator)) }
            let entries = keys.map { key in
                LexiconTally.Entry(key: key, total: Double(Int.random(in: 0...6, using: &generator)) / 2,
                                   line: 0, range: 0..<1)
            }
            let sorted = entries.sorted { $0.total != $1.total ? $0.total > $1.total : $0.key < $1.key }
            for count in [0, 1, 3, 24] {
                let leading = entries.withUnsafeBufferPointer { ReasonFinder.leading($0, count: count) }
                #expect(leading.map(\.key) == sorted.prefix(count).map(\.key))
            }
        }
    }

    /// The script-by-separators reason says which script the line is in
    /// against its page, and how dense its separators are, as its bucket
    /// does: it used to call every such line "a separator-joined line",
    /// a line of no separators too.
    @Test func scriptBySeparatorsPhrasesReadTheirBucket() {
        func phrase(_ bucket: UInt32) -> String {
            ContextToken(observation: .foreignScriptBySeparators, bucket: bucket).phrase
        }
        #expect(phrase(8) == "foreign script, no separators")
        #expect(phrase(9) == "foreign script, separator density under 0.02")
        #expect(phrase(11) == "foreign script, separator density 0.05–0.10")
        #expect(phrase(13) == "foreign script, separator density 0.20 or more")
        #expect(phrase(2) == "page's own script, separator density 0.02–0.05")
        #expect(phrase(16) == "no letters, no separators")
    }

    /// Counts in reasons take the singular for one: "1 domain name", not
    /// "1 domain names".
    @Test func countsInReasonsAgreeWithTheirNouns() {
        var statistics = LineStatistics()
        statistics.length = 40
        func describe(_ measure: ShapeToken.Measure) -> String {
            ShapeToken(measure: measure, bucket: 1).describe(using: statistics)
        }
        (statistics.domains, statistics.urls, statistics.sentencePunctuation, statistics.ideographGaps) = (1, 1, 1, 1)
        statistics.segments = 1
        #expect(describe(.domains) == "1 domain name")
        #expect(describe(.urls) == "1 URL")
        #expect(describe(.sentencePunctuation) == "1 sentence punctuation mark")
        #expect(describe(.ideographGaps) == "1 space between CJK words")
        #expect(describe(.segments) == "1 segment")
        (statistics.domains, statistics.urls, statistics.sentencePunctuation, statistics.ideographGaps) = (3, 2, 0, 5)
        statistics.segments = 12
        #expect(describe(.domains) == "3 domain names")
        #expect(describe(.urls) == "2 URLs")
        #expect(describe(.sentencePunctuation) == "0 sentence punctuation marks")
        #expect(describe(.ideographGaps) == "5 spaces between CJK words")
        #expect(describe(.segmentsWithoutSentences) == "12 segments, no sentence punctuation")
        let one = LineMarkup(kind: .body, isHidden: false, linkTextShare: 1, linkCount: 1, foreignHosts: 1)
        #expect(MarkupToken(observation: .links, bucket: 1).describe(using: one) == "1 link")
        #expect(MarkupToken(observation: .foreignHosts, bucket: 1).describe(using: one) == "links to 1 other site")
        let many = LineMarkup(kind: .body, isHidden: true, linkTextShare: 1, linkCount: 7, foreignHosts: 4)
        #expect(MarkupToken(observation: .links, bucket: 3).describe(using: many) == "7 links")
        #expect(MarkupToken(observation: .foreignHosts, bucket: 3).describe(using: many) == "links to 4 other sites")
    }

    /// With the shipped model, a Chinese keyword run without separators on
    /// an English page is not explained as a separator-joined line.
    @Test func aForeignLineWithoutSeparatorsIsNotCalledSeparatorJoined() throws {
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let report = scorer.score(lines: [
            "The city council met on Tuesday to discuss the new library budget and the plans for the park.",
            "Residents asked questions about parking, the schedule of works and the cost of the new building.",
            "亚洲精品国产视频在线观看免费无码高清久久久",
            "The meeting ended at nine in the evening after a vote on the budget.",
        ], source: "t")
        let block = try #require(report.blocks.first)
        #expect(block.firstLine == 3 && block.lastLine == 3)
        #expect(block.reasons.contains("foreign script, no separators"), "\(block.reasons)")
        #expect(!block.reasons.contains { $0.contains("separator density") || $0.contains("separator-joined") }, "\(block.reasons)")
    }

    @Test func blacklistFragmentsAreExplainedByTheirWords() throws {
        // Comment-blacklist fragments as the shipped model sees them: glued and
        // clipped words, whose 4-character subwords are what weighs.
        let scorer = PageScorer(model: try ModelFile.read(Fixtures.defaultModel))
        let spam = "monclerparis | cheap louboutinshoes | escortistanbul | vuittonbags outlet | uggsboots sale | replicawatches"
        let report = scorer.score(lines: ["The council approved the new library budget on Tuesday.", spam,
                                          "Copyright 2024 City Council. All rights reserved."], source: "t")
        let block = try #require(report.blocks.first)
        let words = Set(spam.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init))
        // The n-gram reasons come first: each of their words is a whole word
        // of the line, not a fragment such as "oncl" or "tanb".
        let ngramReasons = block.reasons.prefix(ReasonFinder.ngramReasons).filter { $0.allSatisfy { $0.isLetter || $0 == " " } }
        #expect(ngramReasons.count >= 3, "\(block.reasons)")
        for reason in ngramReasons {
            #expect(reason.split(separator: " ").allSatisfy { words.contains(String($0)) }, "\(reason) in \(block.reasons)")
        }
    }
}
